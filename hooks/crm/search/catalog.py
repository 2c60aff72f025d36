"""The catalogue page (catalog/ in each language) and the files its script fetches.

The page's markup is the template overrides/catalog.html; this module gives it its
data. Without JavaScript the page links to the collection, country, theme and plan
action listings (paginated), so its size does not grow with the repository;
catalog.js turns the hidden form into live facets and text search.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import rjsmin

from .. import LANGUAGES
from ..html import rel
from ..model import Repository
from ..pages import _page, source_name
from ..strings import t
from .facets import FACETS, facet_columns, facet_labels
from .index import build_index, minified, snippet_texts

HERE = "catalog/"
MESSAGES = ("results_count", "results_one", "results_none", "results_partial", "search_loading", "search_failed")


def page_data(repo: Repository, lang: str) -> dict:
    """What overrides/catalog.html shows: the facets (with a link to each value's
    listing where the site has one) and the messages catalog.js writes."""
    labels = facet_labels(repo, lang)
    facets = []
    for name, facet in FACETS.items():
        options = [{"code": code, "label": label, "listing": rel(HERE, facet.listing(code)) if facet.listing else None}
                  for code, label in labels[name].items()]
        facets.append({"name": name, "legend": t("facet_" + name, lang), "options": options, "browse": facet.listing is not None})
    return {"facets": facets, "messages": {key: t(key, lang) for key in MESSAGES}}


def page_files(repo: Repository) -> dict[str, str]:
    scripts = ["assets/search/lunr.js", "assets/search/pipeline.js", "assets/search/catalog.js"]
    return {
        source_name(HERE, lang): _page(t("catalog", lang), "", template="catalog.html", crm_catalog=page_data(repo, lang), crm_scripts=scripts)
        for lang in LANGUAGES
    }


def _minified_lunr() -> str:
    """lunr.js as mkdocs ships it, minified (25 KB gzip -> 10 KB); its leading
    copyright and licence comment is kept, as the MIT licence asks."""
    source = (Path(importlib.util.find_spec("mkdocs").origin).parent / "contrib/search/templates/search/lunr.js").read_text(encoding="utf-8")
    licence = source[: source.index("*/") + 2] if source.lstrip().startswith("/*") else ""
    return licence + "\n" + rjsmin.jsmin(source) + "\n"


def write_search_files(repo: Repository, site_dir: Path) -> None:
    """facets.json (small, loaded at once), search-index.json (on the first query) and
    the snippet texts (text/<ref>.json, for the results shown), plus lunr.js from the
    installed mkdocs package (never vendored), minified."""
    (site_dir / "assets/search").mkdir(parents=True, exist_ok=True)
    (site_dir / "assets/search/lunr.js").write_text(_minified_lunr(), encoding="utf-8")
    records = repo.visible_records(include_drafts=False)
    for lang in LANGUAGES:
        folder = site_dir / ("" if lang == LANGUAGES[0] else f"{lang}/") / HERE
        folder.mkdir(parents=True, exist_ok=True)
        facets = {"columns": facet_columns(records, lang), "labels": facet_labels(repo, lang)}
        (folder / "facets.json").write_text(minified(facets), encoding="utf-8")
        (folder / "search-index.json").write_text(minified(build_index(records, repo, lang)), encoding="utf-8")
        # One small file per record with the texts its snippet is cut from, fetched
        # only for the results on screen (named by the record's ref, as in the index).
        (folder / "text").mkdir(exist_ok=True)
        for position, record in enumerate(records):
            (folder / f"text/r{position}.json").write_text(minified(snippet_texts(record, lang)), encoding="utf-8")
