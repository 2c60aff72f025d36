"""The "Open data" page (data/): links to every export and documents their fields.

page_files(repo) -> {docs-relative .md name: text}, in every language. The field
descriptions come from the JSON Schemas (through exports.record_fields), so the page
documents exactly what the exports hold.
"""
from __future__ import annotations

from babel import Locale

from . import DEFAULT_LANGUAGE, LANGUAGES, citation
from .exports import ADDED_FIELDS, CATALOG, LICENCE_URL, LIST_SEPARATOR, RECORDS_CSV, RECORDS_JSON, feed_path, record_fields
from .html import e, rel
from .model import Repository
from .pages import _page, source_name
from .strings import t

URL = "data/"


def page_files(repo: Repository) -> dict[str, str]:
    return {source_name(URL, lang): _page(t("data_title", lang), _body(repo, lang), description=t("data_intro", lang)) for lang in LANGUAGES}


def _body(repo: Repository, lang: str) -> str:
    # The exports exist once, at the site root, while this page also exists under en/:
    # links to them start from the page's real address.
    here = URL if lang == DEFAULT_LANGUAGE else f"{lang}/{URL}"

    def link(target: str, text: str) -> str:
        return f'<a href="{rel(here, target)}">{e(text)}</a>'

    downloads = [
        (link(RECORDS_JSON, "records.json"), "JSON", t("data_records_json", lang)),
        (link(RECORDS_CSV, "records.csv"), t("data_csv_format", lang), t("data_records_csv", lang, separator=LIST_SEPARATOR.strip())),
        (link(CATALOG, "catalog.jsonld"), "JSON-LD (DCAT)", t("data_catalog", lang)),
        *((link(feed_path(code), feed_path(code)), "Atom", t("data_feed", lang, language=Locale.parse(lang).languages[code])) for code in LANGUAGES),
        (f"<code>data/records/&lt;{e(t('data_collection_placeholder', lang))}&gt;/&lt;{e(t('data_record_placeholder', lang))}&gt;.json</code>", "JSON", t("data_record_json", lang)),
        *((link(citation.all_path(export, code), citation.all_path(export, code).rpartition("/")[2]), name,
           t(f"data_{export}", lang, language=Locale.parse(lang).languages[code]))
          for code in LANGUAGES for export, name in (("ris", "RIS"), ("bibtex", "BibTeX"))),
        (f"<code>data/records/&lt;{e(t('data_collection_placeholder', lang))}&gt;/&lt;{e(t('data_record_placeholder', lang))}&gt;.&lt;es|en&gt;.ris|bib</code>",
         "RIS, BibTeX", t("data_record_cite", lang)),
    ]
    rows = "".join(f"<tr><td>{name}</td><td>{e(kind)}</td><td>{e(what)}</td></tr>" for name, kind, what in downloads)
    head = "".join(f'<th scope="col">{e(t(key, lang))}</th>' for key in ("data_file", "data_format", "data_content"))
    licence = t("data_licence", lang)
    parts = [
        f"<p>{e(t('data_intro', lang))} {e(t('data_drafts', lang))}</p>",
        f"<p>{e(licence)}</p>",
        f'<p><a href="{e(LICENCE_URL)}" rel="license noopener">CC BY 4.0: {e(LICENCE_URL)}</a></p>',
        f"## {e(t('data_downloads', lang))} {{#downloads}}",
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>",
        f"<p><a href=\"{rel(URL, 'dashboard/')}\">{e(t('data_dashboard_link', lang))}</a></p>",
        f"## {e(t('data_fields', lang))} {{#fields}}",
        f"<p>{e(t('data_fields_intro', lang))}</p>",
        _fields_table(repo, lang),
    ]
    return "\n\n".join(parts)


def _fields_table(repo: Repository, lang: str) -> str:
    every_kind = {c.kind for c in repo.collections}
    head = "".join(f'<th scope="col">{e(t(key, lang))}</th>' for key in ("data_field", "data_columns", "data_type", "data_collections", "data_description"))
    rows = [
        (name, [name], t("data_shape_value", lang), t("data_all_collections", lang), t(f"data_field_{name}", lang))
        for name in ADDED_FIELDS
    ]
    for field in record_fields(repo):
        if set(field.kinds) == every_kind:
            where = t("data_all_collections", lang)
        else:
            where = ", ".join(c.label.get(lang) for c in repo.collections if c.kind in field.kinds)
        rows.append((".".join(field.path), field.columns, t(f"data_shape_{field.shape}", lang), where, field.description.get(lang)))
    body = "".join(
        f'<tr><th scope="row"><code>{e(name)}</code></th><td>{", ".join(f"<code>{e(c)}</code>" for c in columns)}</td>'
        f"<td>{e(shape)}</td><td>{e(where)}</td><td>{e(description)}</td></tr>"
        for name, columns, shape, where, description in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
