"""The catalogue page (catalog/ in each language) and the files its script fetches.

The page's markup is the template overrides/catalog.html; this module gives it its
data (a SitePage, like every page drawn from the model). Without JavaScript the page links to the collection, country, theme and plan
action listings (paginated), so its size does not grow with the repository;
catalog.js turns the hidden form into live facets and text search.
"""
from __future__ import annotations

from pathlib import Path

from .. import LANGUAGES, site_prefix
from ..model import Repository
from ..pages import SitePage
from ..strings import t
from .facets import FACETS, facet_columns, facet_labels
from .index import build_index, minified, snippet_texts
from .pipeline import rules

HERE = "catalog/"
MESSAGES = ("results_count", "results_one", "results_none", "results_partial", "search_loading", "search_failed")


def pages(repo: Repository) -> list[SitePage]:
    """The catalogue in each language, drawn by overrides/catalog.html from its facets
    (labels, and each value's listing where the site has one) and the messages
    catalog.js writes."""
    found = []
    for lang in LANGUAGES:
        labels = facet_labels(repo, lang)
        facets = [{"name": name, "options": list(labels[name].items()), "listing": facet.listing} for name, facet in FACETS.items()]
        messages = {key: t(key, lang) for key in MESSAGES}
        found.append(SitePage(HERE, lang, "catalog.html", t("catalog", lang), context={"facets": facets, "messages": messages, "here": HERE}))
    return found


def write_search_files(repo: Repository, site_dir: Path) -> None:
    """Per language: facets.json (loaded at once: every record's title and facet
    values, the text rules and the names of the index shards), the index shards
    (index/<first letters>.json, fetched for the words of a query) and the snippet
    texts (text/<position>.json, fetched for the results shown)."""
    records = repo.visible_records(include_drafts=False)
    for lang in LANGUAGES:
        folder = site_dir / site_prefix(lang) / HERE
        shards = build_index(records, repo, lang)
        for name in ("index", "text"):
            (folder / name).mkdir(parents=True, exist_ok=True)
        for name, terms in shards.items():
            (folder / f"index/{name}.json").write_text(minified(terms), encoding="utf-8")
        for position, record in enumerate(records):
            (folder / f"text/{position}.json").write_text(minified(snippet_texts(record, lang)), encoding="utf-8")
        facets = {"columns": facet_columns(records, lang), "labels": facet_labels(repo, lang), "rules": rules()[lang], "shards": sorted(shards)}
        (folder / "facets.json").write_text(minified(facets), encoding="utf-8")
