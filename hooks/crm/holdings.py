"""Documents kept with their records: content/files/<collection>/<slug>/<name>.

inspect(path, cache_dir) reads one file and returns its size, SHA-256, format, pages
(PDF) or words (DOCX, ODT) and extracted text, or raises Refused with the reason the
file cannot be published: missing, too large, contents that do not match the
extension, an encrypted or unreadable PDF, a PDF with JavaScript, launch actions or
embedded files, a DOCX with macros. The slow part (parsing and extracting text) is
cached under .cache/holdings/ by SHA-256, so `make serve` does it once per file
version. write_files() copies the files of the published records into the site at
stable addresses: files/<collection>/<slug>/<name>.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import zipfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024
CACHE_VERSION = 1  # raise when what inspect() extracts changes, so old cache entries are ignored
FORMATS = {  # extension: (format shown to readers, media type)
    ".pdf": ("PDF", "application/pdf"),
    ".docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".odt": ("ODT", "application/vnd.oasis.opendocument.text"),
}
MAX_XML_BYTES = 10 * MAX_BYTES  # a zip member larger than this once unpacked is refused (zip bomb)
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# PDF keys that run or carry something besides the document: why each one is refused.
PDF_ACTIVE_KEYS = {"/JS": "JavaScript", "/JavaScript": "JavaScript", "/EmbeddedFiles": "embedded files", "/EF": "embedded files"}
PDF_ACTIVE_VALUES = {("/S", "/JavaScript"): "JavaScript", ("/S", "/Launch"): "a launch action",
                     ("/Subtype", "/FileAttachment"): "embedded files", ("/Type", "/EmbeddedFile"): "embedded files"}


class Refused(Exception):
    """A file that cannot be published; the message says why and what to do."""


@dataclass(frozen=True)
class Inspection:
    size: int
    sha256: str
    format: str
    media_type: str
    pages: int | None  # PDF
    words: int | None  # DOCX, ODT
    text: str


def folder(root: Path, collection: str, slug: str) -> Path:
    return Path(root) / "content" / "files" / collection / slug


def site_path(collection: str, slug: str, name: str) -> str:
    """The file's stable, site-relative address."""
    return f"files/{collection}/{slug}/{name}"


def inspect(path: Path, cache_dir: Path | None = None) -> Inspection:
    if path.is_symlink():  # a link could publish a file from outside the repository
        raise Refused("this is a symbolic link: put the file itself in that folder")
    if not path.is_file():
        raise Refused("the file is missing: put it in that folder, or remove the entry")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise Refused(f"the file is {size / 1024 / 1024:.1f} MB, over the 20 MB limit: keep it with Git LFS (see README, \"Large files\") "
                      "and link to it with source_url or document_url instead of listing it here")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower()
    format_name, media_type = FORMATS[suffix]
    cached = _cache_file(cache_dir, sha256, suffix)
    try:
        found = json.loads(cached.read_text(encoding="utf-8")) if cached else None
    except (OSError, ValueError):
        found = None
    if found is None:
        try:
            found = {"problem": None, **_ANALYSERS[suffix](data)}
        except Refused as refused:
            found = {"problem": str(refused)}
        if cached:
            _write_atomically(cached, json.dumps(found, ensure_ascii=False))
    if found["problem"]:
        raise Refused(found["problem"])
    return Inspection(size, sha256, format_name, media_type, found.get("pages"), found.get("words"), found["text"])


def _cache_file(cache_dir: Path | None, sha256: str, suffix: str) -> Path | None:
    return Path(cache_dir) / f"v{CACHE_VERSION}-{sha256}{suffix}.json" if cache_dir else None


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def _looks_like(data: bytes) -> str:
    """What a file that does not match its extension seems to be, for the message."""
    head = data[:1024].lstrip().lower()
    if head.startswith(b"version https://git-lfs.github.com/spec/"):
        return "a Git LFS pointer, not the document (run `git lfs pull`)"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "an HTML page (a web page saved under the document's name?)"
    if data.startswith(b"%PDF-"):
        return "a PDF"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "an old Word .doc or an encrypted Office file"
    if data.startswith(b"PK\x03\x04"):
        return "a zip archive of another kind"
    return "something else"


def _mismatch(data: bytes, expected: str) -> Refused:
    return Refused(f"the contents are not {expected}: the file is {_looks_like(data)}; download the document itself again")


# -- PDF -----------------------------------------------------------------------------------
def _pdf(data: bytes) -> dict:
    if b"%PDF-" not in data[:1024]:
        raise _mismatch(data, "a PDF")
    from pypdf import PdfReader  # imported here: only builds that hold PDFs pay for it
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files get one clear refusal, not pypdf's notes
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise Refused("the PDF is encrypted (password-protected): keep an unencrypted copy, or link to it instead")
        pages = len(reader.pages)
        active = _pdf_active_content(reader.trailer["/Root"])
    except Refused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise Refused(f"the PDF cannot be read ({type(error).__name__}: {error}); download it again or keep a repaired copy") from None
    if active:
        raise Refused(f"the PDF contains {' and '.join(sorted(active))}, which readers' computers could run or open: "
                      "keep a copy without them (e.g. print it to a new PDF)")
    return {"pages": pages, "text": "\n".join(_page_text(page) for page in reader.pages).strip()}


def _page_text(page) -> str:
    try:
        return page.extract_text() or ""
    except Exception:  # a page whose text cannot be extracted is still a page: its words are not searchable
        return ""


def _pdf_active_content(root) -> set[str]:
    """Everything reachable from the document catalog (names, pages, annotations,
    outlines, actions) that would run code or carry another file."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found, seen, stack = set(), set(), [root]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_ACTIVE_KEYS:
                    found.add(PDF_ACTIVE_KEYS[key])
                if isinstance(value, str) and (key, value) in PDF_ACTIVE_VALUES:
                    found.add(PDF_ACTIVE_VALUES[(key, value)])
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


# -- DOCX and ODT ----------------------------------------------------------------------------
def _zip(data: bytes, expected: str) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise _mismatch(data, expected)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise Refused(f"the file cannot be read as {expected} ({error})") from None
    if any(info.file_size > MAX_XML_BYTES for info in archive.infolist()):
        raise Refused(f"the file cannot be read as {expected}: a part of it unpacks to more than {MAX_XML_BYTES // 1024 // 1024} MB")
    return archive


def _docx(data: bytes) -> dict:
    archive = _zip(data, "a DOCX document")
    names = set(archive.namelist())
    if "word/document.xml" not in names:
        raise _mismatch(data, "a DOCX document")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise Refused("the document contains macros: save it as a plain .docx without them")
    import docx  # python-docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on damaged files
        raise Refused(f"the DOCX document cannot be read ({type(error).__name__}: {error})") from None
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join(part for part in parts if part.strip())
    return {"words": len(text.split()), "text": text}


def _odt(data: bytes) -> dict:
    archive = _zip(data, "an ODT document")
    try:
        mimetype = archive.read("mimetype").strip()
        root = ET.fromstring(archive.read("content.xml"))
    except (KeyError, ET.ParseError):
        raise _mismatch(data, "an ODT document") from None
    if mimetype != ODT_MIMETYPE:
        raise _mismatch(data, "an ODT document")
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    blocks = ["".join(element.itertext()) for element in root.iter() if element.tag in (f"{text_ns}p", f"{text_ns}h")]
    text = "\n".join(block for block in blocks if block.strip())
    return {"words": len(text.split()), "text": text}


_ANALYSERS = {".pdf": _pdf, ".docx": _docx, ".odt": _odt}


def search_text(record, lang: str) -> tuple[str, str]:
    """The extracted text of a record's documents for the catalogue search and its
    snippets, with the language it is in: the documents in the page's language when
    there are some, else all of them (in the first one's language)."""
    chosen = [held for held in record.files if held.language == lang] or record.files
    text = " ".join(" ".join(held.text.split()) for held in chosen)
    return text, chosen[0].language if chosen else lang


def write_files(records, site_dir: Path) -> None:
    """Copy the held files of ``records`` into the site (unchanged bytes, stable URLs)."""
    for record in records:
        for held in record.files:
            target = Path(site_dir) / held.url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(held.source, target)
