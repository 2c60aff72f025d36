"""What a contributor waits for in `make serve` after saving one record.

Starts `mkdocs serve --dirtyreload` (as `make serve` does) on synthetic projects, waits
until the server is idle (its first build's search index and exports written, as when a
contributor opens a record to edit it), edits one record's summary, and prints the
seconds until the edited page is served, until every rebuild has finished, the CPU
seconds the server spent on the save (search index and exports included), and how many
rebuilds the one edit caused. Then it saves twice in a row (the second save as soon as
the first one's page is served, while its search index and exports are being written) and
prints the seconds until the second one's page is served.
"""
from __future__ import annotations

import queue
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from synthetic import synthetic_project
from timing import process_cpu, project_env

SIZES = (100, 2000)
QUIET_SECONDS = 8  # no rebuild started for this long: the edit has settled
IDLE_CPU = 0.1  # CPU seconds per second below which the server is idle (it polls the watched files)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _lines(stream, out: queue.Queue) -> None:
    for line in stream:
        out.put((time.perf_counter(), line))


def _wait_for(lines: queue.Queue, text: str, timeout: float) -> float:
    deadline = time.perf_counter() + timeout
    while True:
        at, line = lines.get(timeout=max(0.1, deadline - time.perf_counter()))
        if text in line:
            return at


def _wait_until_idle(pid: int) -> None:
    while True:
        before = process_cpu(pid)
        time.sleep(1)
        if process_cpu(pid) - before < IDLE_CPU:
            return


def _save(record: Path, url: str) -> float:
    """Edit the record's summary; seconds until its page shows the edit."""
    marker = f"edited-{time.time_ns()}"
    edited = time.perf_counter()
    record.write_text(record.read_text(encoding="utf-8").replace("summary:\n  es: ", f"summary:\n  es: {marker} ", 1), encoding="utf-8")
    while marker not in urllib.request.urlopen(url).read().decode("utf-8"):
        time.sleep(0.05)
    return time.perf_counter() - edited


def measure(size: int) -> tuple[float, float, float, int, float]:
    """Seconds to the edited page being served, to the last reload, CPU seconds, rebuilds;
    then seconds to the page of a save made as soon as the previous save's page is served."""
    with tempfile.TemporaryDirectory(prefix="crm-bench-serve-") as tmp:
        project = synthetic_project(Path(tmp) / "project", size)
        port = _free_port()
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirtyreload", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                                  env=project_env(project), stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(server.stdout, lines), daemon=True).start()
        try:
            _wait_for(lines, "Serving on", timeout=600)
            _wait_until_idle(server.pid)
            record = project / "content" / "publications" / "synthetic-00002.yml"
            url = f"http://127.0.0.1:{port}/publications/synthetic-00002/"
            edited, cpu = time.perf_counter(), process_cpu(server.pid)
            served = _save(record, url)
            rebuilds, reloads, last_reload = 0, 0, edited
            while True:  # until every rebuild has finished and none follows
                try:
                    at, line = lines.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    if reloads == rebuilds:
                        break
                    continue
                rebuilds += "Building documentation" in line
                if "Reloading browsers" in line:
                    reloads, last_reload = reloads + 1, at
            _wait_until_idle(server.pid)  # the search index and exports written too
            cpu = process_cpu(server.pid) - cpu
            _save(record, url)
            again = _save(record, url)  # while the previous save's search index and exports are being written
        finally:
            server.terminate()
            server.wait(timeout=30)
    return served, last_reload - edited, cpu, rebuilds, again


def main() -> None:
    print(f"{'records':>8} {'page served s':>14} {'all rebuilt s':>14} {'CPU s':>7} {'rebuilds':>9} {'next save at once, served s':>28}")
    for size in [int(arg) for arg in sys.argv[1:]] or SIZES:
        served, settled, cpu, rebuilds, again = measure(size)
        print(f"{size:>8} {served:>14.1f} {settled:>14.1f} {cpu:>7.1f} {rebuilds:>9} {again:>28.1f}")


if __name__ == "__main__":
    main()
