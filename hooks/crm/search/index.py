"""Build the per-language lunr index and the facet data of the catalogue."""
from __future__ import annotations

import json

from lunr.builder import Builder
from lunr.query import Query

from ..model import Record, Repository
from .pipeline import SEPARATOR, pipeline_functions, query_clauses, rules

# Field -> boost. Titles matter most; the text field holds the summary and the tags
# (keywords, issuer, country and theme labels) that let "guatemala" or "género" find
# records. Two fields keep the index small: lunr stores a vector per field per
# record and lists every field under every term.
FIELDS = {"title": 10, "text": 2}


def document(record: Record, repo: Repository, lang: str) -> dict:
    v, d = repo.vocabularies, record.data
    keywords = d.get("keywords", {})
    tags = list(keywords.get(lang) or keywords.get("es") or keywords.get("en") or [])
    tags += [d[key] for key in ("publisher", "implementer") if key in d]
    tags += [v.place_label(code, lang) for code in record.countries]
    tags += [v.themes[code].get(lang) for code in record.themes]
    return {"title": record.title.get(lang), "text": " ".join([record.summary.get(lang), *tags])}


def build_index(records: list[Record], repo: Repository, lang: str) -> dict:
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
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for position, record in enumerate(records):
        doc = {key: SEPARATOR.sub(" ", value) for key, value in document(record, repo, lang).items()}
        builder.add({"id": f"r{position}", **doc})
    index = builder.build().serialize()
    for _, vector in index["fieldVectors"]:
        vector[1::2] = [round(weight, 2) for weight in vector[1::2]]
    return {"rules": rules()[lang], "index": index}


def search(index, query: str, lang: str) -> list[str]:
    """Refs ("r" + position in facets.json) in score order for the catalogue's query."""
    q = index.create_query()
    for clause in query_clauses(query, lang):
        if clause.pop("wildcard", None):
            clause["wildcard"] = Query.WILDCARD_TRAILING
        q.term(clause.pop("term"), **clause)
    return [result["ref"] for result in index.query(q)]


def facet_columns(records: list[Record], lang: str) -> dict[str, list]:
    """Everything the catalogue shows and filters on, column by column (one list per
    field, one entry per record, in index-ref order): columns compress about twice as
    well as rows. The browser derives each record's link and year from its id and date."""
    return {
        "id": [r.id for r in records],
        "title": [r.title.get(lang) for r in records],
        "date": [r.date or "" for r in records],
        "collection": [[r.collection.code] for r in records],
        "country": [r.countries for r in records],
        "theme": [r.themes for r in records],
        "action": [r.actions for r in records],
        "language": [r.data.get("languages", []) for r in records],
        "translation": [["translated" if r.translated else "spanish-only"] for r in records],
        # The gender lens (published records always have one).
        "sex_data": [[r.gender_review.data_answer] for r in records],
        "review_status": [[r.gender_review.review_status] for r in records],
    }


def minified(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
