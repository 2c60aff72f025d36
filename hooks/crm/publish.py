"""`make site`: build into a folder of its own, then swap it in for site/ in one step.

``python -m crm.publish [--root DIR]`` (what `make site` runs after `make check`):

1. takes a lock (``.site-builds/lock``): a second `make site` in the same folder waits
   for the first instead of writing the same generated pages under docs/ at the same
   time; the lock goes with the process, so a killed build never leaves it held;
2. builds with ``mkdocs build`` into a fresh ``.site-builds/build-XXXX``;
3. swaps that folder with ``site/`` by one rename(2) call that exchanges the two names
   (Linux ``renameat2(RENAME_EXCHANGE)``): ``site/`` is at every moment either the whole
   previous build or the whole new one, however the process is stopped;
4. removes the previous build, and anything a killed build left in ``.site-builds/``.
"""
from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SITE = "site"
BUILDS = ".site-builds"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths atomically; False where the system cannot (not Linux, old kernel)."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(first))


def swap_in(build: Path, site: Path) -> None:
    """Make ``build`` the new ``site``; the previous site ends up at ``build`` (if there was one)."""
    if not os.path.lexists(site):
        os.rename(build, site)
    elif not _exchange(build, site):
        # Two renames: site/ is missing for an instant, but never partly written.
        parked = Path(tempfile.mkdtemp(dir=build.parent, prefix="previous-"))
        os.rename(site, parked / SITE)
        os.rename(build, site)
        os.rename(parked / SITE, build)
        parked.rmdir()


def _lock(builds: Path):
    handle = open(builds / "lock", "w")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print("make site: another build of this folder is running; waiting for it to finish", file=sys.stderr, flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _clear(builds: Path) -> None:
    """What killed builds left behind (only ever called with the lock held)."""
    for entry in builds.iterdir():
        if entry.name != "lock":
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()


def publish(root: Path, mkdocs_args: list[str]) -> int:
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    with _lock(builds):
        _clear(builds)
        build = Path(tempfile.mkdtemp(dir=builds, prefix="build-"))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(build, 0o777 & ~umask)  # mkdtemp's folder is private; a published site/ is not
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", *mkdocs_args, "--site-dir", str(build)], cwd=root)
        if result.returncode != 0:
            shutil.rmtree(build, ignore_errors=True)
            print("make site: the build failed; site/ is unchanged", file=sys.stderr)
            return result.returncode
        swap_in(build, root / SITE)
        _clear(builds)
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm.publish", description="build the site and swap it in for site/ at once")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: current)")
    args, mkdocs_args = parser.parse_known_args(argv)
    return publish(args.root.resolve(), mkdocs_args)


if __name__ == "__main__":
    sys.exit(main())
