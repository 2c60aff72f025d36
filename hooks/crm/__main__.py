"""Command line (PYTHONPATH=hooks): `python -m crm check` for `make check`, and
`python -m crm new <collection> <slug>` for `make new COLLECTION=... SLUG=...`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import content, scaffold
from .problems import format_problems


def check(root: Path) -> int:
    started = time.perf_counter()
    repo, problems = content.load(root)
    warnings = repo.warnings if repo is not None else []
    if problems or warnings:
        print(format_problems(problems + warnings), file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found: fix them and run `make check` again.", file=sys.stderr)
        return 1
    count, published = len(repo.records), sum(1 for record in repo.records if record.published)
    noted = f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''} to look at" if warnings else ""
    print(f"content OK: {count} record{'s' if count != 1 else ''} ({published} published){noted} in {time.perf_counter() - started:.2f} s")
    return 0


def new(root: Path, collection: str, slug: str) -> int:
    try:
        path = scaffold.create(root, collection, slug)
    except scaffold.ScaffoldError as error:
        print(f"make new: {error}", file=sys.stderr)
        return 1
    name = path.relative_to(root).as_posix()
    print(f"created {name} (status: draft): fill it in, then run `make check` and preview it with `make serve`")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate every content file")
    new_parser = commands.add_parser("new", help="write a skeleton draft record: new <collection> <slug>")
    new_parser.add_argument("collection", help="a collection code from content/collections.yml, such as practices")
    new_parser.add_argument("slug", help="the file name without .yml: lowercase letters, digits and hyphens")
    for sub in (check_parser, new_parser):
        sub.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current)")
    args = parser.parse_args(argv)
    if args.command == "new":
        return new(args.root, args.collection, args.slug)
    return check(args.root)


if __name__ == "__main__":
    sys.exit(main())
