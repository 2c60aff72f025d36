"""Build the per-language lunr index and the snippet texts of the catalogue."""
from __future__ import annotations

import html
import json
import math
import re
from pathlib import Path

from lunr.builder import Builder
from lunr.index import Index
from lunr.query import Query

from ..html import render_markdown
from ..model import Record, Repository
from .pipeline import SEPARATOR, pipeline_functions, query_groups, rules

# Field -> boost, chosen by measurement on the judged queries (tests/search_judgements.yml,
# benchmarks/relevance.py; figures in README "Search"). What the reader sees on a
# record's page is indexed: its title; the countries or scopes in the page's language;
# the tags (keywords, themes, collection, instrument type, publisher, implementer,
# partners); the text (summary, body, and whatever snippet_sources adds); and the
# words of its address (``ilo-c189-...``), which carry identifiers such as C189.
FIELDS = {"title": 10, "places": 6, "tags": 4, "text": 1, "address": 2}

_TAGS = re.compile(r"<[^>]+>")
_ADDRESSES = re.compile(r"\b(?:https?://|www\.)\S+")


def body_text(record: Record, lang: str) -> str:
    """The body as the reader reads it, without the web addresses it cites: their
    words (``codigo-de-trabajo-de-guatemala``) would match and crowd the snippets."""
    body = record.text("body")
    text = html.unescape(_TAGS.sub(" ", render_markdown(body.get(lang)))) if body else ""
    return " ".join(_ADDRESSES.sub(" ", text).split())


# The texts a result's snippet is cut from, in order of preference; each is also
# indexed (the "text" field), so a snippet can always show why its record matched.
# The extracted text of a record's documents plugs in here as one more source.
SNIPPET_SOURCES = (lambda record, lang: record.summary.get(lang), body_text)


def snippet_texts(record: Record, lang: str) -> list[str]:
    return [text for text in (source(record, lang) for source in SNIPPET_SOURCES) if text]


def document(record: Record, repo: Repository, lang: str) -> dict[str, str]:
    v, d = repo.vocabularies, record.data
    keywords = d.get("keywords", {})
    tags = list(keywords.get(lang) or keywords.get("es") or keywords.get("en") or [])
    tags += [v.themes[code].get(lang) for code in record.themes]
    tags += [record.collection.label.get(lang), record.collection.singular.get(lang)]
    if "instrument_type" in d:
        tags.append(v.instrument_types[d["instrument_type"]].get(lang))
    tags += [d[key] for key in ("publisher", "implementer") if key in d] + d.get("partners", [])
    places = [v.place_label(code, lang) for code in dict.fromkeys(record.countries + [d["jurisdiction"]] if "jurisdiction" in d else record.countries)]
    return {
        "title": record.title.get(lang),
        "places": " ".join(places),
        "tags": " ".join(tags),
        "text": " ".join(snippet_texts(record, lang)),
        "address": record.slug,
    }


def build_index(records: list[Record], repo: Repository, lang: str, fields: dict[str, int] = FIELDS) -> dict:
    """A serialised lunr index, with the rules the browser needs to analyse queries.

    A record's ref is "r" + its position in ``records`` (the order of facets.json):
    short refs and rounded vector weights keep the file small; both lunr.py and
    lunr.js read the same rounded file, so they still agree. The letter matters: JS
    objects order integer-like keys numerically, which would reorder ties.
    """
    builder = Builder()
    functions = pipeline_functions(lang)
    builder.pipeline.add(*functions)
    builder.search_pipeline.add(*functions)
    builder.ref("id")
    for name, boost in fields.items():
        builder.field(name, boost=boost)
    for position, record in enumerate(records):
        doc = {key: SEPARATOR.sub(" ", value) for key, value in document(record, repo, lang).items() if key in fields}
        builder.add({"id": f"r{position}", **doc})
    index = builder.build().serialize()
    for _, vector in index["fieldVectors"]:
        vector[1::2] = [round(weight, 2) for weight in vector[1::2]]
    return {"rules": rules()[lang], "index": index}


def search(index: Index, query: str, lang: str) -> tuple[list[str], bool]:
    """Refs ("r" + position in facets.json) best first, and whether they match every
    word. pipeline.js search() is the same, step for step:

    one lunr query per word; a record's score is the sum of its scores (rounded to
    1e-6, so that both languages' floating point sort alike). Records matching every
    word are the results; when there are none, those matching the most words are,
    flagged as partial. Ties go to the earlier record.
    """
    score: dict[str, float] = {}
    count: dict[str, int] = {}
    groups = query_groups(query, lang)
    for group in groups:
        q = index.create_query()
        for clause in group:
            clause = dict(clause)
            if clause.pop("wildcard", None):
                clause["wildcard"] = Query.WILDCARD_TRAILING
            q.term(clause.pop("term"), **clause)
        for result in index.query(q):
            ref = result["ref"]
            score[ref] = score.get(ref, 0) + result["score"]
            count[ref] = count.get(ref, 0) + 1
    if not count:
        return [], True
    best = max(count.values())
    chosen = [ref for ref in score if count[ref] == best]
    chosen.sort(key=lambda ref: (-math.floor(score[ref] * 1e6 + 0.5), int(ref[1:])))
    return chosen, best == len(groups)


def minified(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Searcher:
    """The catalogue's text search in Python, on a built site's files: what the
    browser does with the same files (tests/test_search.py holds them equal)."""

    def __init__(self, data: dict, ids: list[str], lang: str):
        pipeline_functions(lang)
        self.index, self.ids, self.lang = Index.load(data["index"]), ids, lang

    @classmethod
    def from_site(cls, site: Path, lang: str) -> "Searcher":
        folder = Path(site) / ("" if lang == "es" else f"{lang}/") / "catalog"
        data = json.loads((folder / "search-index.json").read_text(encoding="utf-8"))
        ids = json.loads((folder / "facets.json").read_text(encoding="utf-8"))["columns"]["id"]
        return cls(data, ids, lang)

    def record_ids(self, query: str) -> list[str]:
        return [self.ids[int(ref[1:])] for ref in search(self.index, query, self.lang)[0]]
