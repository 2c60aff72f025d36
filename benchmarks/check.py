"""Seconds of `python -m crm check` (what `make check` runs) on 2000 synthetic records.

Wall time of the whole command, interpreter start-up included, as a contributor
waits for it. Target: under 3 s.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, synthetic_project

RECORDS, RUNS, TARGET_SECONDS = 2000, 5, 3.0


def timed_check(project: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "crm", "check", "--root", str(project)], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="crm-bench-check-") as tmp:
        project = synthetic_project(Path(tmp) / "project", RECORDS)
        seconds = sorted(timed_check(project) for _ in range(RUNS))
    verdict = "within" if seconds[0] < TARGET_SECONDS else "OVER"
    print(f"make check, {RECORDS} records: best {seconds[0]:.2f} s, median {statistics.median(seconds):.2f} s "
          f"over {RUNS} runs ({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()
