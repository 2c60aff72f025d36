"""The contributors' folders (content/, toolkits/) as lists of files, read safely.

Every entry is listed without following symbolic links: a link could publish a file from
outside the repository, so links are reported, never read. Special files (pipes,
devices) are reported too. Names starting with a dot are left out: they are editors'
and systems' own files (.DS_Store, Vim's .swp, Emacs' lock links), never content.
Each loader then says which of the listed files it reads and reports the others.
"""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem, relative


class FileError(Exception):
    """A file that cannot be read as text, with the position of the problem (1:1 when none)."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


def stamp(path: Path):
    """What changes when a file is written, replaced, touched or removed (links not followed);
    None for a file that is not there. A process that reads the content again after each
    save (`make serve`) compares stamps to know what to read again."""
    try:
        status = path.lstat()
    except OSError:
        return None
    return status.st_mode, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


@dataclass(frozen=True)
class Entry:
    path: Path
    parts: tuple[str, ...]  # relative to the listed folder
    folder: bool


def listing(base: Path, root: Path, problems: list) -> list[Entry]:
    """Files and folders under ``base``, sorted, depth first; links and special files are reported."""
    entries: list[Entry] = []

    def walk(folder: Path, parts: tuple):
        with os.scandir(folder) as found:
            children = sorted(found, key=lambda entry: entry.name)
        for child in children:
            if child.name.startswith("."):
                continue
            path, here = Path(child.path), parts + (child.name,)
            if child.is_symlink():
                problems.append(Problem(relative(path, root), 1, 1, "symbolic links are not allowed here: put the file itself in the repository"))
            elif child.is_dir(follow_symlinks=False):
                entries.append(Entry(path, here, True))
                walk(path, here)
            elif child.is_file(follow_symlinks=False):
                entries.append(Entry(path, here, False))
            else:
                problems.append(Problem(relative(path, root), 1, 1, "this is not a regular file (a pipe, socket or device); remove it"))

    if base.is_symlink():
        problems.append(Problem(relative(base, root), 1, 1, "symbolic links are not allowed here: put the folder itself in the repository"))
    elif base.is_dir():
        walk(base, ())
    return entries


def read_text(path: Path, max_bytes: int) -> str:
    """A regular file's UTF-8 text, never through a link, at most ``max_bytes``; else FileError."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        raise FileError("the file is missing") from None
    except OSError as error:
        reason = "it is a symbolic link; put the file itself here" if os.path.islink(path) else error.strerror
        raise FileError(f"cannot read the file: {reason}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise FileError("this is a folder, not a file" if stat.S_ISDIR(info.st_mode) else "this is not a regular file")
    with os.fdopen(descriptor, "rb") as file:
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileError(f"the file is larger than {max_bytes / 1_000_000:g} MB ({info.st_size:,} bytes); split it or shorten its texts")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise FileError(f"the file is not UTF-8 text ({error.reason}, byte 0x{data[error.start]:02x}); save it as UTF-8", line, column) from None
