"""Zip archives whose bytes depend only on their contents: fixed dates, order and permissions."""
from __future__ import annotations

import datetime as dt
import io
import zipfile


def build(entries: list[tuple[str, bytes]], date: dt.datetime) -> bytes:
    """A zip of (name, bytes) in the given order, every entry dated ``date``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, data, compresslevel=9)
    return buffer.getvalue()


def restamp(data: bytes, date: dt.datetime) -> bytes:
    """The same archive with every entry dated ``date`` (python-docx stamps the save time)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return build(entries, date)
