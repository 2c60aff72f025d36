"""The "Open data" page (data/): links to every export and documents their fields.

pages(repo) -> one SitePage per language, drawn by overrides/data.html. The field
descriptions come from the JSON Schemas (through exports.record_fields), so the page
documents exactly what the exports hold.
"""
from __future__ import annotations

from babel import Locale

from . import LANGUAGES, citation, site_prefix
from .exports import ADDED_FIELDS, CATALOG, LICENCE_URL, LIST_SEPARATOR, RECORDS_CSV, RECORDS_JSON, feed_path, record_fields
from .model import Repository
from .pages import SitePage
from .strings import t

URL = "data/"
TOC = (("downloads", "data_downloads"), ("fields", "data_fields"))  # (anchor, heading)


def pages(repo: Repository) -> list[SitePage]:
    return [
        SitePage(URL, lang, "data.html", t("data_title", lang), description=t("data_intro", lang),
                 toc=[(2, anchor, t(key, lang)) for anchor, key in TOC],
                 context={"here": URL, "downloads": _downloads(lang), "fields": _fields(repo, lang), "licence_url": LICENCE_URL,
                          # The exports exist once, at the site root, while this page also
                          # exists under en/: links to them start from the page's real address.
                          "site_here": site_prefix(lang) + URL})
        for lang in LANGUAGES
    ]


def _downloads(lang: str) -> list[tuple[str | None, str, str, str]]:
    """(site-relative path or None, name, format, what it holds) of each export."""
    pattern = f"data/records/<{t('data_collection_placeholder', lang)}>/<{t('data_record_placeholder', lang)}>.json"
    return [
        (RECORDS_JSON, "records.json", "JSON", t("data_records_json", lang)),
        (RECORDS_CSV, "records.csv", t("data_csv_format", lang), t("data_records_csv", lang, separator=LIST_SEPARATOR.strip())),
        (CATALOG, "catalog.jsonld", "JSON-LD (DCAT)", t("data_catalog", lang)),
        *((feed_path(code), feed_path(code), "Atom", t("data_feed", lang, language=Locale.parse(lang).languages[code])) for code in LANGUAGES),
        (None, pattern, "JSON", t("data_record_json", lang)),
        *((citation.all_path(export, code), citation.all_path(export, code).rpartition("/")[2], name, t(f"data_{export}", lang, language=Locale.parse(lang).languages[code]))
          for code in LANGUAGES for export, name in (("ris", "RIS"), ("bibtex", "BibTeX"))),
        (None, pattern.removesuffix(".json") + ".<es|en>.ris|.bib", "RIS, BibTeX", t("data_record_cite", lang)),
    ]


def _fields(repo: Repository, lang: str) -> list[tuple[str, list[str], str, str, str]]:
    """(name, CSV columns, type, collections, description) of each exported field."""
    every_kind = {c.kind for c in repo.collections}
    rows = [(name, [name], t("data_shape_value", lang), t("data_all_collections", lang), t(f"data_field_{name}", lang)) for name in ADDED_FIELDS]
    for field in record_fields(repo):
        if set(field.kinds) == every_kind:
            where = t("data_all_collections", lang)
        else:
            where = ", ".join(c.label.get(lang) for c in repo.collections if c.kind in field.kinds)
        rows.append((".".join(field.path), field.columns, t(f"data_shape_{field.shape}", lang), where, field.description.get(lang)))
    return rows
