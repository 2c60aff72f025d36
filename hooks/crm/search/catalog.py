"""The catalogue page (catalog/ in each language) and the files its script fetches.

The page's markup is the template overrides/catalog.html; this module gives it its
data. Without JavaScript the page links to the collection, country, theme and plan
action listings (paginated), so its size does not grow with the repository;
catalog.js turns the hidden form into live facets and text search.
"""
from __future__ import annotations

from pathlib import Path

from .. import LANGUAGES
from ..html import rel
from ..model import Repository
from ..pages import _page, source_name
from ..strings import t
from .facets import FACETS, facet_columns, facet_labels
from .index import build_index, minified, snippet_texts
from .pipeline import rules

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
    scripts = ["assets/search/pipeline.js", "assets/search/catalog.js"]
    return {
        source_name(HERE, lang): _page(t("catalog", lang), "", template="catalog.html", crm_catalog=page_data(repo, lang), crm_scripts=scripts)
        for lang in LANGUAGES
    }


def write_search_files(repo: Repository, site_dir: Path) -> None:
    """Per language: facets.json (loaded at once: every record's title and facet
    values, the text rules and the names of the index shards), the index shards
    (index/<first letters>.json, fetched for the words of a query) and the snippet
    texts (text/<position>.json, fetched for the results shown)."""
    records = repo.visible_records(include_drafts=False)
    for lang in LANGUAGES:
        folder = site_dir / ("" if lang == LANGUAGES[0] else f"{lang}/") / HERE
        shards = build_index(records, repo, lang)
        for name in ("index", "text"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        for name, terms in shards.items():
            (folder / f"index/{name}.json").write_text(minified(terms), encoding="utf-8")
        for position, record in enumerate(records):
            (folder / f"text/{position}.json").write_text(minified(snippet_texts(record, lang)), encoding="utf-8")
        facets = {"columns": facet_columns(records, lang), "labels": facet_labels(repo, lang), "rules": rules()[lang], "shards": sorted(shards)}
        (folder / "facets.json").write_text(minified(facets), encoding="utf-8")
