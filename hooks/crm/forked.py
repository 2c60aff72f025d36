"""Work done in forked processes, so that a build uses every core of the machine.

- ``ForkedWriter``: the search index, the exports, the toolkit bundles, the held
  documents and the Plan's PDF need no built page: on a machine with two cores, writing
  them beside the page drawing takes their time off a build's wall clock (the CPU
  seconds stay the same). The child writes into a staging folder inside the site;
  ``finish`` waits for it and moves its files into place.
- ``ForkedStream``: work on items that come one at a time (the pages, as MkDocs draws
  them), done by a child as they come, the results collected at the end.
- ``fork_map``: a list comprehension whose items are shared among the cores (checking
  record files, drawing artwork); each child sends its results back.

Fork is used on Linux only (elsewhere it is missing, as on Windows, or unsafe once
system frameworks are loaded, as on macOS): there the same work runs in this process.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Callable, Iterable, TypeVar

Item, Result = TypeVar("Item"), TypeVar("Result")
STAGING = ".crm-model-files"  # inside site_dir; never left there by a finished build
# Work beside the page drawing yields to it (a higher nice value): the drawing is what
# the build waits for, and the children have time to spare before it ends.
BACKGROUND = 5


class ForkedError(RuntimeError):
    """A child failed: its traceback, as text."""


def _can_fork() -> bool:
    # A forked child may not fork in turn (multiprocessing's rule): it works in-process.
    return sys.platform == "linux" and not multiprocessing.current_process().daemon


def _fork_context():
    # What this process holds so far is left out of the garbage collector's passes: a
    # pass touches every object, and each page of memory touched while a child shares it
    # is copied (copy-on-write), which cost seconds of system time per build.
    gc.freeze()
    for stream in (sys.stdout, sys.stderr):  # or the child would print the parent's buffered output again
        stream.flush()
    return multiprocessing.get_context("fork")


def unfreeze() -> None:
    """Let the garbage collector see again what forking froze (between builds: `make
    serve` would otherwise keep each build's garbage for good)."""
    gc.unfreeze()


def _received(results, what: str):
    try:
        return results.recv()
    except EOFError:
        return "failed", f"the process {what} ended without a word"


def fork_map(function: Callable[[Item], Result], items: Iterable[Item]) -> list[Result]:
    """``[function(item) for item in items]``, the items dealt out among the cores like
    cards (neighbours often cost alike): this process does every n-th from the first,
    forked children the others and send their results back (pickled: results must be
    plain data). A failure in a child raises ForkedError."""
    items = list(items)
    runs = min(os.cpu_count() or 1, len(items)) if _can_fork() else 1
    if runs < 2:
        return [function(item) for item in items]
    context, children = _fork_context(), []
    try:
        for run in range(1, runs):
            results, sending = context.Pipe(duplex=False)
            child = context.Process(target=_map_run, args=(function, items[run::runs], sending), daemon=True)
            child.start()
            sending.close()
            children.append((child, results))
        found = [None] * len(items)
        found[::runs] = [function(item) for item in items[::runs]]
        for run, (child, results) in enumerate(children, start=1):
            outcome, value = _received(results, "sharing the work")
            child.join()
            if outcome == "failed":
                raise ForkedError(value)
            found[run::runs] = value
        return found
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
                child.join()


def _move_into(source: Path, target: Path) -> None:
    """Move what ``source`` holds into the folder ``target``: a folder that ``target``
    does not have is moved whole (one rename, not one per file)."""
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(source.iterdir()):
        into = target / path.name
        if path.is_dir() and into.is_dir():
            _move_into(path, into)
        else:
            os.replace(path, into)


class ForkedStream:
    """``each(item)`` for items sent one at a time, done by a forked child as they come;
    ``results()`` waits for the last and returns every result, in order. Without fork,
    each item is done at once in this process."""

    def __init__(self, each: Callable[[Item], Result]):
        self._each, self._found, self._process = each, [], None
        if _can_fork():
            context = _fork_context()
            receiving, self._sending = context.Pipe(duplex=False)
            self._results, sending_back = context.Pipe(duplex=False)
            self._process = context.Process(target=self._child, args=(receiving, sending_back), daemon=True)
            self._process.start()
            receiving.close()
            sending_back.close()

    def send(self, item: Item) -> None:
        if self._process is None:
            self._found.append(self._each(item))
        else:
            self._sending.send(item)

    def _child(self, receiving, sending_back) -> None:
        os.nice(BACKGROUND)
        failure = None
        while (item := receiving.recv()) is not None:  # None: the last was sent
            if failure is None:  # after a failure, keep reading: the parent must never wait on a full pipe
                try:
                    self._found.append(self._each(item))
                except BaseException:  # noqa: BLE001  every failure goes back to the parent, which raises it
                    failure = traceback.format_exc()
        sending_back.send(("failed", failure) if failure else ("done", self._found))

    def results(self) -> list[Result]:
        if self._process is None:
            return self._found
        self._sending.send(None)
        outcome, value = _received(self._results, "working on the items sent")
        self._process.join()
        if outcome == "failed":
            raise ForkedError(value)
        return value

    def abandon(self) -> None:
        """The build failed: stop the child."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()


def _map_run(function, items, sending) -> None:
    try:
        sending.send(("done", [function(item) for item in items]))
    except BaseException:  # noqa: BLE001  every failure goes back to the parent, which raises it
        sending.send(("failed", traceback.format_exc()))


class ForkedWriter:
    """Runs ``write(folder)`` in a child process from now on; ``finish(site_dir)``
    waits for it, moves what it wrote into ``site_dir`` and returns what ``write``
    returned (pickled: plain data)."""

    def __init__(self, write: Callable[[Path], Result], site_dir: Path):
        self._write = write
        self._staging = Path(site_dir) / STAGING
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging.mkdir(parents=True)
        self._process = self._results = None
        if _can_fork():
            context = _fork_context()
            self._results, sending = context.Pipe(duplex=False)
            self._process = context.Process(target=self._child, args=(sending,), daemon=True)
            self._process.start()
            sending.close()

    def _child(self, sending) -> None:
        os.nice(BACKGROUND)
        try:
            written = self._write(self._staging)
        except BaseException:  # noqa: BLE001  every failure goes back to the parent, which raises it
            sending.send(("failed", traceback.format_exc()))
        else:
            sending.send(("done", written))

    def finish(self, site_dir: Path) -> Result:
        try:
            if self._process is None:
                written = self._write(self._staging)
            else:
                outcome, written = _received(self._results, "writing the model's files")
                self._process.join()
                if outcome == "failed":
                    raise ForkedError(written)
            _move_into(self._staging, Path(site_dir))
            return written
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def abandon(self) -> None:
        """The build failed: stop the child and drop what it wrote."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        shutil.rmtree(self._staging, ignore_errors=True)
