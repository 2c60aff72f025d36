"""Seconds of `python -m crm check` (what `make check` runs) on 2000 synthetic records.

The whole command, interpreter start-up included, as a contributor waits for it.
Target: under 3 s of waiting, so the verdict uses wall-clock seconds (their median over
the runs). CPU seconds are printed beside them: the record files are checked on every
core (crm.forked.fork_map), so CPU exceeds wall on a machine of two cores or more.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

from synthetic import synthetic_project
from timing import run_timed

RECORDS, RUNS, TARGET_SECONDS = 2000, 5, 3.0


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="crm-bench-check-") as tmp:
        project = synthetic_project(Path(tmp) / "project", RECORDS)
        runs = [run_timed([sys.executable, "-m", "crm", "check", "--root", str(project)], project) for _ in range(RUNS)]
    wall, cpu = sorted(run.wall for run in runs), sorted(run.cpu for run in runs)
    verdict = "within" if statistics.median(wall) < TARGET_SECONDS else "OVER"
    print(f"make check, {RECORDS} records, {RUNS} runs: wall best {wall[0]:.2f} s, median {statistics.median(wall):.2f} s; "
          f"CPU median {statistics.median(cpu):.2f} s ({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()
