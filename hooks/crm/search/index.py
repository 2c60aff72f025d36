"""Build the per-language lunr index and the facet data of the catalogue."""
from __future__ import annotations

import json

from lunr.builder import Builder

from ..html import rel
from ..model import Record, Repository
from .pipeline import SEPARATOR, pipeline_functions, query_clauses, rules

# Field -> boost. Titles matter most; labels let "guatemala" or "género" find records.
FIELDS = {"title": 10, "keywords": 5, "summary": 2, "issuer": 2, "places": 2, "themes": 2}


def document(record: Record, repo: Repository, lang: str) -> dict:
    v, d = repo.vocabularies, record.data
    keywords = d.get("keywords", {})
    return {
        "id": record.id,
        "title": record.title.get(lang),
        "summary": record.summary.get(lang),
        "keywords": " ".join(keywords.get(lang) or keywords.get("es") or keywords.get("en") or []),
        "issuer": " ".join(d[key] for key in ("publisher", "implementer") if key in d),
        "places": " ".join(v.place_label(code, lang) for code in record.countries),
        "themes": " ".join(v.themes[code].get(lang) for code in record.themes),
    }


def build_index(records: list[Record], repo: Repository, lang: str) -> dict:
    """A serialised lunr index, with the rules the browser needs to analyse queries."""
    builder = Builder()
    functions = pipeline_functions(lang)
    builder.pipeline.add(*functions)
    builder.search_pipeline.add(*functions)
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for record in records:
        doc = document(record, repo, lang)
        builder.add({key: value if key == "id" else SEPARATOR.sub(" ", value) for key, value in doc.items()})
    return {"rules": rules()[lang], "index": builder.build().serialize()}


def search(index, query: str, lang: str) -> list[str]:
    """Refs in score order for the catalogue's query (see pipeline.query_clauses)."""
    q = index.create_query()
    for clause in query_clauses(query, lang):
        q.term(clause.pop("term"), **clause)
    return [result["ref"] for result in index.query(q)]


def facet_rows(records: list[Record], here: str, lang: str) -> list[dict]:
    """Everything the catalogue shows and filters on, one row per record."""
    return [
        {
            "id": r.id,
            "url": rel(here, r.id + "/"),
            "title": r.title.get(lang),
            "collection": [r.collection.code],
            "country": r.countries,
            "theme": r.themes,
            "action": r.actions,
            "language": r.data.get("languages", []),
            "translation": ["translated" if r.translated else "spanish-only"],
            "year": r.year,
            "date": r.date or "",
        }
        for r in records
    ]


def minified(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
