"""Work drawn from the model alone, done in a forked process while MkDocs draws the pages.

The search index, the exports, the toolkit bundles, the held documents and the Plan's
PDF need no built page: on a machine with two cores, writing them beside the page
drawing takes their time off a build's wall clock (the CPU seconds stay the same).
The child writes into a staging folder inside the site; ``finish`` waits for it and
moves its files into place. Fork is used on Linux only (elsewhere it is missing, as on
Windows, or unsafe once system frameworks are loaded, as on macOS): there the same
work runs in this process at ``finish``.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import sys
import traceback
from pathlib import Path
from typing import Callable

STAGING = ".crm-model-files"  # inside site_dir; never left there by a finished build


class ForkedWriteError(RuntimeError):
    """The child failed: its traceback, as text."""


class ForkedWriter:
    """Runs ``write(folder)`` in a child process from now on; ``finish(site_dir)``
    waits for it and moves what it wrote into ``site_dir``."""

    def __init__(self, write: Callable[[Path], None], site_dir: Path):
        self._write = write
        self._staging = Path(site_dir) / STAGING
        shutil.rmtree(self._staging, ignore_errors=True)
        self._staging.mkdir(parents=True)
        self._process = self._results = None
        if sys.platform == "linux":
            context = multiprocessing.get_context("fork")
            self._results, sending = context.Pipe(duplex=False)
            for stream in (sys.stdout, sys.stderr):  # or the child would print the parent's buffered output again
                stream.flush()
            self._process = context.Process(target=self._child, args=(sending,), daemon=True)
            self._process.start()
            sending.close()

    def _child(self, sending) -> None:
        try:
            self._write(self._staging)
        except BaseException:  # noqa: BLE001  every failure goes back to the parent, which raises it
            sending.send(traceback.format_exc())
        else:
            sending.send(None)

    def finish(self, site_dir: Path) -> None:
        try:
            if self._process is None:
                self._write(self._staging)
            else:
                try:
                    failure = self._results.recv()
                except EOFError:
                    failure = "the process writing the model's files ended without a word"
                self._process.join()
                if failure:
                    raise ForkedWriteError(failure)
            for path in sorted(self._staging.rglob("*")):
                if path.is_file():
                    target = Path(site_dir) / path.relative_to(self._staging)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
        finally:
            shutil.rmtree(self._staging, ignore_errors=True)

    def abandon(self) -> None:
        """The build failed: stop the child and drop what it wrote."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()
        shutil.rmtree(self._staging, ignore_errors=True)
