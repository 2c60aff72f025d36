"""Command line: `python -m crm check` (PYTHONPATH=hooks), used by `make check`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import content
from .problems import format_problems


def check(root: Path) -> int:
    started = time.perf_counter()
    repo, problems = content.load(root)
    if problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found: fix them and run `make check` again.", file=sys.stderr)
        return 1
    published = sum(1 for record in repo.records if record.published)
    print(f"content OK: {len(repo.records)} records ({published} published) in {time.perf_counter() - started:.2f} s")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate every content file")
    check_parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current)")
    args = parser.parse_args(argv)
    return check(args.root)


if __name__ == "__main__":
    sys.exit(main())
