"""Build seconds and milliseconds per page at 500 and 2000 synthetic records.

A page is an HTML file in the output (both languages). The time per page must not
grow with the number of records: the last line prints the ratio 2000 / 500, in CPU
time, which other work on the machine does not inflate.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from synthetic import synthetic_project
from timing import run_timed

SIZES = (500, 2000)


def main() -> None:
    per_page = {}
    print(f"{'records':>8} {'pages':>7} {'wall s':>8} {'CPU s':>8} {'wall ms/page':>13} {'CPU ms/page':>12}")
    for size in SIZES:
        with tempfile.TemporaryDirectory(prefix="crm-bench-build-") as tmp:
            project, site = synthetic_project(Path(tmp) / "project", size), Path(tmp) / "site"
            timing = run_timed([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], project)
            pages = sum(1 for _ in site.rglob("*.html"))
        per_page[size] = timing.cpu * 1000 / pages
        print(f"{size:>8} {pages:>7} {timing.wall:>8.1f} {timing.cpu:>8.1f} {timing.wall * 1000 / pages:>13.1f} {per_page[size]:>12.1f}")
    ratio = per_page[SIZES[-1]] / per_page[SIZES[0]]
    print(f"CPU ms/page at {SIZES[-1]} / at {SIZES[0]}: {ratio:.2f} "
          f"({'does not grow' if ratio < 1.25 else 'GROWS'} with the number of records)")


if __name__ == "__main__":
    main()
