"""Offline copy: a zip of the whole built site that works from a local folder.

Integration points: pack_file(name) for each page once MkDocs has written it and
pack_folder(folder) for the files written from the model (the hooks run both in forked
processes, beside the drawing: crm.forked), then write_offline_copies(site_dir, online,
packed) once every language is built, which packs the other files and writes the zip.

Files a reader of the copy has no use for are left out (LEFT_OUT), and links to them
lead to the online site instead.

Opened from disk (file://), a browser does not turn a folder link such as
``../frameworks/x/`` into ``index.html``; the copy's pages therefore link to the
``index.html`` files themselves: every link to a folder ends with "/" (MkDocs' and our
directory URLs) or is "." or "..". Root-relative links (the 404 page's) become
relative. The zip is deterministic: sorted entries, fixed timestamps and modes. The
other files are compressed on a pool of threads (zlib-ng lets go of the interpreter lock
while it deflates).
"""
from __future__ import annotations

import os
import posixpath
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from zlib_ng import zlib_ng

from . import LANGUAGES
from .exports import CATALOG, RECORDS_CSV, RECORDS_JSON
from .strings import t

ARCHIVE = "downloads/offline.zip"
FOLDER = "crm-movilidad-laboral"  # the zip unpacks into one folder
README = "LEEME-README.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
# Not needed offline: source maps, pre-compressed copies, and Material's search
# stemmers (the site's own search does not use them; no page refers to them); the
# editor at admin/ (it edits the repository through a Git host, never from a copy); the
# catalogue search's files (a browser does not let a page opened from disk fetch them);
# what serves programs online rather than readers: the sitemap, the news feeds and the
# whole-repository exports (a fifth of the copy's bytes; each record's own data and
# citation files stay). Links to them lead to the online site; the read-me says so.
LEFT_OUT = re.compile(r"(\.map|\.gz)$|^assets/javascripts/lunr/|^admin/|^([a-z]{2}/)?catalog/(index/|text/|facets\.json$)"
                      r"|^sitemap\.xml$|^([a-z]{2}/)?feed\.xml$|^(" + "|".join(map(re.escape, (RECORDS_JSON, RECORDS_CSV, CATALOG))) + ")$")
_LINK = re.compile(rb'\b(href|src|action)="([^"]*)"')
# zlib-ng deflates the same format as zlib, faster: on the 4,177 pages of a 2,000-record
# site, its default level 6 takes 0.86 CPU s for 25.7 MB, where zlib's level 4 (used
# before) took 1.15 s for 26.5 MB and zlib's level 6 1.92 s for 25.7 MB.
LEVEL = 6
# Formats that are compressed already: deflating them again costs time and saves nothing.
STORED = (".png", ".jpg", ".jpeg", ".webp", ".woff", ".woff2", ".zip", ".docx", ".odt", ".pdf")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def offline_link(value: str, folder: str, online: str) -> str:
    """The link as written in the copy of a page in ``folder`` (site-relative; '' at the
    root); ``online`` is the site's address, where links to what the copy leaves out lead."""
    if not value or value.startswith("#") or _SCHEME.match(value):
        return value
    path, hash_mark, fragment = value.partition("#")
    path, question_mark, query = path.partition("?")
    if path.startswith("/"):
        path = posixpath.relpath(path.lstrip("/") or ".", folder or ".") + ("/" if path.endswith("/") else "")
    if path:
        target = posixpath.normpath(posixpath.join(folder, path)) + ("/" if path.endswith("/") else "")
        if target == ARCHIVE:  # the copy cannot hold itself: point at its read-me
            return posixpath.relpath(README, folder or ".")
        if LEFT_OUT.search(target):
            return online + target + question_mark + query + hash_mark + fragment
    if path.endswith("/") or posixpath.basename(path) in (".", ".."):
        path = path.rstrip("/") + "/index.html" if path.rstrip("/") else "index.html"
    return path + question_mark + query + hash_mark + fragment


def offline_page(html: bytes, page: str, online: str) -> bytes:
    """The page (UTF-8) with its links rewritten by one regular expression over its href,
    src and action attributes: no HTML parser."""
    folder = posixpath.dirname(page)
    return _LINK.sub(lambda match: match.group(1) + b'="' + offline_link(match.group(2).decode("utf-8"), folder, online).encode("utf-8") + b'"', html)


def _readme() -> str:
    return "\n\n".join(t("offline_readme", lang) for lang in LANGUAGES) + "\n"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED if name.lower().endswith(STORED) else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _packed(name: str, data: bytes, online: str) -> tuple[zipfile.ZipInfo, bytes]:
    """The entry for the file ``name`` and its data as stored in the zip (raw deflate, no
    zlib header), links rewritten in a page."""
    if name.endswith(".html"):
        data = offline_page(data, name, online)
    info = _entry(name)
    info.file_size, info.CRC = len(data), zlib_ng.crc32(data)
    if info.compress_type == zipfile.ZIP_DEFLATED:
        deflate = zlib_ng.compressobj(LEVEL, zlib_ng.DEFLATED, -15)
        data = deflate.compress(data) + deflate.flush()
    info.compress_size = len(data)
    return info, data


def _packed_file(name: str, data: bytes, online: str) -> tuple[str, int, zipfile.ZipInfo, bytes]:
    """A file packed ahead of the zip, with the size it has on disk: write_offline_copies
    packs it again from disk if that size changed since."""
    return name, len(data), *_packed(name, data, online)


def pack_file(name: str, site_dir: Path, online: str) -> tuple[str, int, zipfile.ZipInfo, bytes]:
    """The site's file ``name`` (a page MkDocs has written), packed for the zip."""
    return _packed_file(name, (site_dir / name).read_bytes(), online)


def pack_folder(folder: Path, online: str) -> list[tuple[str, int, zipfile.ZipInfo, bytes]]:
    """Every file of a folder that mirrors the site (files to be moved into it), packed
    for the zip like pack_file's pages."""
    return [_packed_file(name, (Path(folder) / name).read_bytes(), online) for name in _copied_files(Path(folder))]


def _copied_files(folder: Path) -> list[str]:
    """The site-relative names of the files under ``folder`` that the copy holds, sorted."""
    names = (posixpath.join(Path(top).relative_to(folder).as_posix(), file).removeprefix("./")
             for top, _, files in os.walk(folder) for file in files)  # os.walk: no stat per file
    return sorted(name for name in names if name != ARCHIVE and not LEFT_OUT.search(name))


def _append_packed(zipped: zipfile.ZipFile, info: zipfile.ZipInfo, data: bytes) -> None:
    """Write an entry packed beforehand; zipfile has no public call for this, so do what
    its own writer does once an entry is complete: local header, data, central record.
    ``start_dir``, where the central directory will go, is the end of the last entry."""
    header = info.FileHeader()
    info.header_offset = zipped.start_dir
    zipped.fp.write(header)
    zipped.fp.write(data)
    zipped.filelist.append(info)
    zipped.NameToInfo[info.filename] = info
    zipped.start_dir += len(header) + len(data)


def write_offline_copies(site_dir, online: str, packed: list = ()) -> None:
    """Write the zip; ``online``: the site's address; ``packed``: pack_file's and
    pack_folder's results for files already packed (each is packed again from disk if
    its size there differs)."""
    site_dir = Path(site_dir)
    ready = {name: (size, info, data) for name, size, info, data in packed}
    names = _copied_files(site_dir)
    entries = {name: ready[name][1:] for name in names
               if name in ready and ready[name][0] == os.stat(site_dir / name).st_size}
    archive = site_dir / ARCHIVE
    archive.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(os.cpu_count()) as pool:
        unpacked = [name for name in names if name not in entries]
        entries.update(zip(unpacked, pool.map(lambda name: _packed(name, (site_dir / name).read_bytes(), online), unpacked)))
    with zipfile.ZipFile(archive, "w") as zipped:
        _append_packed(zipped, *_packed(README, _readme().encode("utf-8"), online))
        for name in names:
            _append_packed(zipped, *entries[name])
