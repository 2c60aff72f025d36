"""What a contributor waits for in `make serve` after saving one record.

Starts `mkdocs serve` on synthetic projects, edits one record's summary, and prints
the seconds until the edited page is served, and how many rebuilds the one edit
caused (the hooks regenerate pages into docs/, which mkdocs also watches).
"""
from __future__ import annotations

import os
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

SIZES = (100, 2000)
QUIET_SECONDS = 8  # no rebuild started for this long: the edit has settled


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


def measure(size: int) -> tuple[float, float, int]:
    """Seconds to the edited page being served, to the last reload, and rebuilds caused."""
    with tempfile.TemporaryDirectory(prefix="crm-bench-serve-") as tmp:
        project = synthetic_project(Path(tmp) / "project", size)
        port = _free_port()
        env = dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=project, env=env, stderr=subprocess.STDOUT, stdout=subprocess.PIPE, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(server.stdout, lines), daemon=True).start()
        try:
            _wait_for(lines, "Serving on", timeout=600)
            time.sleep(2)
            record = project / "content" / "publications" / "synthetic-00002.yml"
            marker = f"edited-{time.time_ns()}"
            edited = time.perf_counter()
            record.write_text(record.read_text(encoding="utf-8").replace("summary:\n  es: ", f"summary:\n  es: {marker} ", 1), encoding="utf-8")
            url = f"http://127.0.0.1:{port}/publications/synthetic-00002/"
            while marker not in urllib.request.urlopen(url).read().decode("utf-8"):
                time.sleep(0.05)
            served = time.perf_counter() - edited
            rebuilds, last_reload = 0, edited
            while True:
                try:
                    at, line = lines.get(timeout=QUIET_SECONDS)
                except queue.Empty:
                    break
                rebuilds += "Building documentation" in line
                last_reload = at if "Reloading browsers" in line else last_reload
        finally:
            server.terminate()
            server.wait(timeout=30)
    return served, last_reload - edited, rebuilds


def main() -> None:
    print(f"{'records':>8} {'page served (s)':>16} {'settled (s)':>12} {'rebuilds':>9}")
    for size in SIZES:
        served, settled, rebuilds = measure(size)
        print(f"{size:>8} {served:>16.1f} {settled:>12.1f} {rebuilds:>9}")


if __name__ == "__main__":
    main()
