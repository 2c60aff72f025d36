"""Citable records: one Reference per record and language, written out as the
citation_* meta tags that Zotero and Google Scholar read, as the "Cite" box's text,
and as RIS (rispy) and BibTeX (bibtexparser) for reference managers.

Who a record is by: its authors when it names them; otherwise the body that issued
or published it (publisher, implementer), and for a legal text without one, the
jurisdiction that enacted it. Nothing is made up: a field the record lacks is left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import bibtexparser
import rispy
from bibtexparser.middlewares.parsestack import default_unparse_stack
from bibtexparser.model import Entry, Field

from . import LANGUAGES
from .model import Record, Repository
from .strings import t

# Kind of reference by the collection's schema.org type: RIS type, BibTeX entry type.
TYPES = {"Legislation": ("STAT", "misc"), "Report": ("RPRT", "techreport")}
DEFAULT_TYPE = ("GEN", "misc")
FORMATS = {"ris": "ris", "bibtex": "bib"}  # export: file extension


@dataclass(frozen=True)
class Reference:
    id: str
    title: str
    authors: tuple[str, ...]  # people or bodies named as authors
    publisher: str | None  # the issuing or publishing body, when no author is named
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    languages: tuple[str, ...]  # languages of the document (ISO 639-1)
    url: str  # the document: official text, else the document itself, else the cited source
    page_url: str  # the record's page in the repository
    pdf_url: str | None  # a PDF the repository holds, absolute
    abstract: str
    keywords: tuple[str, ...]
    kind: tuple[str, str]  # (RIS type, BibTeX type)

    @property
    def year(self) -> str | None:
        return self.date[:4] if self.date else None


def reference(record: Record, repo: Repository, lang: str, site_url: str) -> Reference:
    d = record.data
    publisher = d.get("publisher") or d.get("implementer")
    if not publisher and "jurisdiction" in d and not d.get("authors"):
        publisher = repo.vocabularies.place_label(d["jurisdiction"], lang)
    pdfs = sorted((f for f in record.files if f.format == "PDF"), key=lambda f: (f.role != "official-text", f.language != lang))
    languages = d.get("languages") or list(dict.fromkeys(f.language for f in record.files))
    keywords = (d.get("keywords") or {}).get(lang) or []
    return Reference(
        id=record.id, title=record.title.get(lang), authors=tuple(d.get("authors", [])), publisher=publisher, date=record.date,
        languages=tuple(languages), url=d.get("official_url") or d.get("document_url") or d["source_url"],
        page_url=site_url + record.url(lang), pdf_url=site_url + pdfs[0].url if pdfs else None,
        abstract=record.summary.get(lang), keywords=tuple(keywords), kind=TYPES.get(record.collection.schema_org, DEFAULT_TYPE),
    )


def meta_tags(ref: Reference) -> list[tuple[str, str]]:
    """Highwire Press tags, as Google Scholar's inclusion guidelines and Zotero read them."""
    tags = [("citation_title", ref.title)]
    tags += [("citation_author", author) for author in ref.authors]
    if ref.publisher:
        tags.append(("citation_publisher", ref.publisher))
    if ref.date:
        tags.append(("citation_publication_date", ref.date.replace("-", "/")))
    tags += [("citation_language", code) for code in ref.languages]
    tags += [("citation_keywords", word) for word in ref.keywords]
    tags.append(("citation_abstract_html_url", ref.page_url))
    if ref.pdf_url:
        tags.append(("citation_pdf_url", ref.pdf_url))
    return tags


def formatted(ref: Reference, lang: str) -> str:
    """The reference as a reader copies it, in the page's language."""
    creators = "; ".join(ref.authors) or ref.publisher
    parts = [f"{creators} ({ref.year or t('cite_no_date', lang)})." if creators else f"{ref.title} ({ref.year or t('cite_no_date', lang)})."]
    if creators:
        parts.append(f"{ref.title}.")
    parts.append(ref.url)
    parts.append(t("cite_in_repository", lang, url=ref.page_url))
    return " ".join(parts)


# -- RIS -------------------------------------------------------------------------------------
def ris_entry(ref: Reference) -> dict:
    entry = {"type_of_reference": ref.kind[0], "id": ref.id, "title": ref.title, "abstract": ref.abstract, "urls": [ref.url, ref.page_url]}
    if ref.authors:
        entry["authors"] = list(ref.authors)
    if ref.publisher:
        entry["publisher"] = ref.publisher
    if ref.date:
        entry["year"] = ref.year
        entry["date"] = ref.date.replace("-", "/")
    if ref.languages:
        entry["language"] = ", ".join(ref.languages)
    if ref.keywords:
        entry["keywords"] = list(ref.keywords)
    if ref.pdf_url:
        entry["file_attachments1"] = ref.pdf_url
    return entry


class _RisWriter(rispy.RisWriter):
    def set_header(self, count: int) -> str:
        return ""  # no "1." line before each reference: not part of RIS, and some importers show it


def ris(refs: list[Reference]) -> bytes:
    return rispy.dumps([ris_entry(ref) for ref in refs], implementation=_RisWriter).encode("utf-8")


# -- BibTeX ----------------------------------------------------------------------------------
_LATEX_SPECIAL = re.compile(r"([\\{}%&#_$~^])")
_LATEX_ESCAPES = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _latex(text: str) -> str:
    """UTF-8 text with LaTeX's special characters escaped (biber and Zotero read UTF-8)."""
    return _LATEX_SPECIAL.sub(lambda m: _LATEX_ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_entry(ref: Reference) -> Entry:
    fields = [Field("title", "{" + _latex(ref.title) + "}")]  # double braces keep the title's capitals
    if ref.authors:
        # Bodies go in braces so that BibTeX does not split them into first and last names.
        fields.append(Field("author", " and ".join(_latex(a) if "," in a else "{" + _latex(a) + "}" for a in ref.authors)))
    if ref.publisher:
        fields.append(Field("institution" if ref.kind[1] == "techreport" else "publisher", _latex(ref.publisher)))
    if ref.date:
        fields.append(Field("year", ref.year))
        fields.append(Field("date", ref.date))
    if ref.languages:
        fields.append(Field("language", ", ".join(ref.languages)))
    fields.append(Field("url", ref.url))
    fields.append(Field("abstract", _latex(ref.abstract)))
    if ref.keywords:
        fields.append(Field("keywords", _latex(", ".join(ref.keywords))))
    fields.append(Field("note", _latex(ref.page_url)))  # the record's page: where the reference came from
    return Entry(ref.kind[1], ref.id.replace("/", ":"), fields)


def bibtex(refs: list[Reference]) -> bytes:
    library = bibtexparser.Library()
    for ref in refs:
        library.add(bibtex_entry(ref))
    # The library is made for this one call: its middlewares may change it in place
    # rather than deep-copy every block first (the copies cost most of the writing).
    return bibtexparser.write_string(library, unparse_stack=default_unparse_stack(allow_inplace_modification=True)).encode("utf-8")


WRITERS = {"ris": ris, "bibtex": bibtex}
# What each library writes between two references: a file citing every record is its
# records' own files joined, rather than written a second time.
JOINERS = {"ris": b"\n", "bibtex": b"\n\n"}


def all_path(export: str, lang: str) -> str:
    """Site-relative path of the file citing every published record, in one language
    (titles, summaries and page addresses differ between languages)."""
    return f"data/records.{lang}.{FORMATS[export]}"


def record_path(record: Record, export: str, lang: str) -> str:
    return f"data/records/{record.collection.code}/{record.slug}.{lang}.{FORMATS[export]}"


def write_files(repo: Repository, records: list[Record], site_url: str, write) -> None:
    """Every record's RIS and BibTeX in each language, and one file of each for all records."""
    for lang in LANGUAGES:
        refs = [reference(record, repo, lang, site_url) for record in records]
        for export, writer in WRITERS.items():
            each = [writer([ref]) for ref in refs]
            for record, data in zip(records, each):
                write(record_path(record, export, lang), data)
            write(all_path(export, lang), JOINERS[export].join(each))
