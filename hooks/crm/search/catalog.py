"""The catalogue page (catalog/ in each language) and the files its script fetches.

Without JavaScript the page is a plain list of every published record; catalog.js
turns the hidden form into live facets and text search.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import rjsmin

from .. import LANGUAGES
from ..html import e, rel
from ..model import NO_ANSWER, Repository
from ..pages import _page, source_name
from ..strings import t
from .index import build_index, facet_columns, minified

HERE = "catalog/"
FACETS = ("collection", "country", "theme", "action", "language", "translation", "sex_data", "review_status")


def _fieldset(name: str, values: dict[str, str], lang: str) -> str:
    boxes = "".join(
        f'<li><label><input type="checkbox" name="{name}" value="{e(code)}"> <span>{e(label)}</span> '
        f'<span class="crm-facet-count" data-count-for="{name}:{e(code)}"></span></label></li>'
        for code, label in values.items()
    )
    return f'<fieldset class="crm-facet" data-facet="{name}"><legend>{e(t("facet_" + name, lang))}</legend><ul>{boxes}</ul></fieldset>'


def _labels(repo: Repository, lang: str) -> dict[str, dict[str, str]]:
    v = repo.vocabularies
    return {
        "collection": {c.code: c.label.get(lang) for c in repo.collections},
        "country": {code: v.place_label(code, lang) for code in v.places},
        "theme": {code: label.get(lang) for code, label in v.themes.items()},
        "action": {code: f"{t('action', lang)} {code}" for code in repo.plan.actions},
        "language": {code: v.language_label(code, lang) for code in v.languages},
        "translation": {key: t(f"translation_{key}", lang) for key in ("translated", "spanish-only")},
        "sex_data": {**{code: label.get(lang) for code, label in v.sex_disaggregated_data.items()}, NO_ANSWER: t("lens_no_answer", lang)},
        "review_status": {code: label.get(lang) for code, label in v.gender_review_statuses.items()},
    }


def page_files(repo: Repository) -> dict[str, str]:
    records = repo.visible_records(include_drafts=False)
    pages = {}
    for lang in LANGUAGES:
        labels = _labels(repo, lang)
        items = "".join(f'<li><a href="{rel(HERE, r.id + "/")}">{e(r.title.get(lang))}</a></li>' for r in records)
        messages = {key: t(key, lang) for key in ("results_count", "results_one", "results_none", "search_loading", "search_failed")}
        body = f"""<p>{e(t("catalog_intro", lang))}</p>
<div class="crm-catalog-layout">
<form class="crm-catalog" id="crm-catalog" hidden data-messages="{e(json.dumps(messages, ensure_ascii=False))}">
<p class="crm-query"><label for="crm-q">{e(t("catalog_query", lang))}</label>
<input type="search" id="crm-q" name="q" autocomplete="off">
<button type="submit" class="md-button">{e(t("search_button", lang))}</button></p>
<p class="crm-sort"><label for="crm-sort">{e(t("catalog_sort", lang))}</label>
<select id="crm-sort" name="sort"><option value="relevance">{e(t("sort_relevance", lang))}</option><option value="newest">{e(t("sort_newest", lang))}</option><option value="title">{e(t("sort_title", lang))}</option></select></p>
<details class="crm-filters"><summary>{e(t("catalog_filters", lang))}</summary>
{"".join(_fieldset(name, labels[name], lang) for name in FACETS)}
<fieldset class="crm-facet"><legend>{e(t("facet_year", lang))}</legend>
<label for="crm-from">{e(t("year_from", lang))}</label> <input type="number" id="crm-from" name="from" inputmode="numeric" min="1800" max="2999">
<label for="crm-to">{e(t("year_to", lang))}</label> <input type="number" id="crm-to" name="to" inputmode="numeric" min="1800" max="2999"></fieldset>
<p><button type="reset" class="md-button" id="crm-clear">{e(t("clear_filters", lang))}</button></p>
</details>
</form>
<div class="crm-results"><p id="crm-status" class="crm-count" role="status" aria-live="polite">{e(t("results_count", lang, count=len(records)))}</p>
<ul id="crm-results" class="crm-list">{items}</ul></div>
</div>"""
        pages[source_name(HERE, lang)] = _page(t("catalog", lang), body, crm_scripts=["assets/search/lunr.js", "assets/search/pipeline.js", "assets/search/catalog.js"])
    return pages


def _minified_lunr() -> str:
    """lunr.js as mkdocs ships it, minified (25 KB gzip -> 10 KB); its leading
    copyright and licence comment is kept, as the MIT licence asks."""
    source = (Path(importlib.util.find_spec("mkdocs").origin).parent / "contrib/search/templates/search/lunr.js").read_text(encoding="utf-8")
    licence = source[: source.index("*/") + 2] if source.lstrip().startswith("/*") else ""
    return licence + "\n" + rjsmin.jsmin(source) + "\n"


def write_search_files(repo: Repository, site_dir: Path) -> None:
    """facets.json (small, loaded at once) and search-index.json (on the first query),
    plus lunr.js from the installed mkdocs package (never vendored), minified."""
    (site_dir / "assets/search").mkdir(parents=True, exist_ok=True)
    (site_dir / "assets/search/lunr.js").write_text(_minified_lunr(), encoding="utf-8")
    records = repo.visible_records(include_drafts=False)
    for lang in LANGUAGES:
        folder = site_dir / ("" if lang == LANGUAGES[0] else f"{lang}/") / HERE
        folder.mkdir(parents=True, exist_ok=True)
        facets = {"columns": facet_columns(records, lang), "labels": _labels(repo, lang)}
        (folder / "facets.json").write_text(minified(facets), encoding="utf-8")
        (folder / "search-index.json").write_text(minified(build_index(records, repo, lang)), encoding="utf-8")
