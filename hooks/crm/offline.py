"""Offline copy: a zip of the whole built site that works from a local folder.

Integration point: write_offline_copies(site_dir) once every language is built.

Opened from disk (file://), a browser does not turn a folder link such as
``../frameworks/x/`` into ``index.html``; the copy's pages therefore link to the
``index.html`` files themselves. Root-relative links (the 404 page's) become
relative. The zip is deterministic: sorted entries, fixed timestamps and modes.
"""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from . import LANGUAGES
from .strings import t

ARCHIVE = "downloads/offline.zip"
FOLDER = "crm-movilidad-laboral"  # the zip unpacks into one folder
README = "LEEME-README.txt"
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
# Not needed offline: source maps, pre-compressed copies, and Material's search
# stemmers (the site's own search does not use them; no page refers to them), the
# editor at admin/ (it edits the repository through a Git host, never from a copy), and
# the catalogue search's files: a browser does not let a page opened from disk fetch
# them, so the copy's read-me sends readers to the online site to search.
LEFT_OUT = re.compile(r"(\.map|\.gz)$|^assets/javascripts/lunr/|^admin/|^([a-z]{2}/)?catalog/(index/|text/|facets\.json$)")
_LINK = re.compile(r'\b(href|src|action)="([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def offline_link(value: str, page: str, folders: set[str]) -> str:
    """The link as written in the copy of ``page`` (site-relative path of an .html file);
    ``folders`` holds the site-relative path of every folder of the site."""
    if not value or value.startswith("#") or _SCHEME.match(value):
        return value
    path, hash_mark, fragment = value.partition("#")
    path, question_mark, query = path.partition("?")
    here = posixpath.dirname(page)
    if path.startswith("/"):
        path = posixpath.relpath(path.lstrip("/") or ".", here or ".") + ("/" if path.endswith("/") else "")
    target = posixpath.normpath(posixpath.join(here, path)) if path else page
    if target == ARCHIVE:  # the copy cannot hold itself: point at its own read-me instead
        return posixpath.relpath(README, here or ".")
    if path and target in folders:
        path = path.rstrip("/") + "/index.html" if path.rstrip("/") else "index.html"
    return path + question_mark + query + hash_mark + fragment


def offline_page(html: str, page: str, folders: set[str]) -> str:
    """The page with its links rewritten by one regular expression over its href, src
    and action attributes: no HTML parser, and each distinct link resolved once."""
    links: dict[str, str] = {}

    def rewrite(match) -> str:
        value = match.group(2)
        if value not in links:
            links[value] = offline_link(value, page, folders)
        return f'{match.group(1)}="{links[value]}"'

    return _LINK.sub(rewrite, html)


def site_folders(files: list[str]) -> set[str]:
    """Every folder that holds a file, and its parents ('.' is the site's root)."""
    found = {"."}
    for name in files:
        folder = posixpath.dirname(name)
        while folder and folder not in found:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return found


def _readme() -> str:
    return "\n\n".join(t("offline_readme", lang) for lang in LANGUAGES) + "\n"


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=FIXED_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_offline_copies(site_dir) -> None:
    site_dir = Path(site_dir)
    archive = site_dir / ARCHIVE
    files = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and path != archive and not LEFT_OUT.search(path.relative_to(site_dir).as_posix())
    )
    folders = site_folders(files)
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr(_entry(README), _readme())
        for name in files:
            data = (site_dir / name).read_bytes()
            if name.endswith(".html"):
                data = offline_page(data.decode("utf-8"), name, folders).encode("utf-8")
            zipped.writestr(_entry(name), data)
