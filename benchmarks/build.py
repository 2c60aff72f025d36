"""Build seconds and milliseconds per page at 500 and 2000 synthetic records.

A page is an HTML file in the output (both languages). The time per page must not
grow with the number of records: the last line prints the ratio 2000 / 500.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, synthetic_project

SIZES = (500, 2000)


def timed_build(project: Path, site: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                   cwd=project, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    per_page = {}
    print(f"{'records':>8} {'pages':>7} {'seconds':>8} {'ms/page':>8}")
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="crm-bench-build-") as tmp:
            project = synthetic_project(Path(tmp) / "project", size)
            seconds = timed_build(project, Path(tmp) / "site")
            pages = sum(1 for _ in (Path(tmp) / "site").rglob("*.html"))
        per_page[size] = seconds * 1000 / pages
        print(f"{size:>8} {pages:>7} {seconds:>8.1f} {per_page[size]:>8.1f}")
    ratio = per_page[SIZES[-1]] / per_page[SIZES[0]]
    print(f"ms/page at {SIZES[-1]} / at {SIZES[0]}: {ratio:.2f} ({'does not grow' if ratio < 1.25 else 'GROWS'} with the number of records)")


if __name__ == "__main__":
    main()
