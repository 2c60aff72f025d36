"""The catalogue's text index: split into small files by the first letters of each
term, so that a query fetches only the files of its own words.

Built here at build time; searched by the same algorithm in Python (Searcher, for
the tests and benchmarks) and in the browser (overrides/assets/search/pipeline.js).
Scores are computed once, here, and shipped as integers: the two sides only add and
compare them, so they cannot disagree.

Why not lunr: a lunr index answers a query only with every document's vector, so
it is fetched whole; with realistic text (benchmarks/synthetic.py), 500 records
already made 459 KB gzip against Pagefind's 136 (README "Search").
"""
from __future__ import annotations

import html
import json
import math
import operator
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

from ..html import render_markdown
from .. import DEFAULT_LANGUAGE, site_prefix
from ..model import Record, Repository, Text
from .pipeline import analyse, edit_distance_at_most_one, query_groups, rules, shard_name

# Field -> boost, chosen by measurement on the judged queries (tests/search_judgements.yml,
# `benchmarks/relevance.py --weights`; figures in README "Search"). What the reader
# sees on a record's page is indexed: its title; the countries or scopes in the page's
# language; the tags (keywords, themes, collection, instrument type, publisher,
# implementer, partners); the text (summary, body, the documents' text: SNIPPET_SOURCES);
# and the words of its address (``ilo-c189-...``), which carry identifiers such as C189.
FIELDS = {"title": 10, "places": 8, "tags": 4, "text": 1, "address": 2}
BM25 = {"k1": 1.2, "b": 0.75}  # lunr's values
SCALE = 100  # scores ship as integers: round(score * SCALE)

_TAGS = re.compile(r"<[^>]+>")
_ADDRESSES = re.compile(r"\b(?:https?://|www\.)\S+")


def _language(text: Text, lang: str) -> str:
    return DEFAULT_LANGUAGE if text.falls_back(lang) else lang


def summary_text(record: Record, lang: str) -> list[tuple[str, str]]:
    return [(record.summary.get(lang), _language(record.summary, lang))]


def body_text(record: Record, lang: str) -> list[tuple[str, str]]:
    """The body as the reader reads it, without the web addresses it cites: their
    words (``codigo-de-trabajo-de-guatemala``) would match and crowd the snippets."""
    body = record.text("body")
    if not body:
        return []
    return [(_reading_text(body.get(lang)), _language(body, lang))]


@lru_cache(maxsize=None)  # each body is read for its record's index entry and for its snippets
def _reading_text(markdown: str) -> str:
    text = html.unescape(_TAGS.sub(" ", render_markdown(markdown)))
    return " ".join(_ADDRESSES.sub(" ", text).split())


def held_texts(record: Record, lang: str) -> list[tuple[str, str]]:
    """The extracted text of the documents kept with the record (holdings.py): those
    in the page's language, or all of them when none is."""
    chosen = [held for held in record.files if held.language == lang] or record.files
    return [(held.text, held.language) for held in chosen]


# The texts a result's snippet is cut from, in order of preference, each with the
# language it is in (Spanish where English falls back); each is also indexed (the
# "text" field), so a snippet can always show why its record matched.
SNIPPET_SOURCES = (summary_text, body_text, held_texts)


def snippet_texts(record: Record, lang: str) -> list[tuple[str, str]]:
    return [(text, language) for source in SNIPPET_SOURCES for text, language in source(record, lang) if text.strip()]


def document(record: Record, repo: Repository, lang: str) -> dict[str, str]:
    v, d = repo.vocabularies, record.data
    keywords = d.get("keywords", {})
    tags = list(keywords.get(lang) or keywords.get("es") or keywords.get("en") or [])
    tags += [v.themes[code].get(lang) for code in record.themes]
    tags += [record.collection.label.get(lang), record.collection.singular.get(lang)]
    if "instrument_type" in d:
        tags.append(v.instrument_types[d["instrument_type"]].get(lang))
    tags += [d[key] for key in ("publisher", "implementer") if key in d] + d.get("partners", [])
    codes = record.countries + ([d["jurisdiction"]] if "jurisdiction" in d else [])
    return {
        "title": record.title.get(lang),
        "places": " ".join(v.place_label(code, lang) for code in dict.fromkeys(codes)),
        "tags": " ".join(tags),
        "text": " ".join(text for text, _ in snippet_texts(record, lang)),
        "address": record.slug,
    }


def build_index(records: list[Record], repo: Repository, lang: str, fields: dict[str, int] = FIELDS) -> dict[str, dict]:
    """{shard name: {term: postings}}. A term's postings list, for each record holding
    it, the record's position in ``records`` (the order of facets.json), as the gap
    from the previous one, then its score: BM25 in each field (lunr's formula), times
    the field's boost, summed over fields. Gaps and integers compress well."""
    analysed = [{name: Counter(analyse(text, lang)) for name, text in document(record, repo, lang).items() if name in fields}
                for record in records]
    average = {}
    for name in fields:
        total = sum(sum(fields_of[name].values()) for fields_of in analysed)
        average[name] = total / len(records) if records and total else 1
    k1, b = BM25["k1"], BM25["b"]
    # Each record's weight for each of its terms: BM25 without the idf (which needs every
    # record first), times the field's boost, summed over fields.
    weights: dict[str, dict[int, float]] = defaultdict(dict)
    for position, fields_of in enumerate(analysed):
        for name, counter in fields_of.items():
            norm = k1 * (1 - b + b * sum(counter.values()) / average[name])
            boost = fields[name] * (k1 + 1)
            for term, tf in counter.items():
                held = weights[term]
                held[position] = held.get(position, 0) + boost * tf / (tf + norm)
    shards: dict[str, dict] = defaultdict(dict)
    for term in sorted(weights):
        found = weights[term]
        idf = math.log(1 + abs((len(records) - len(found) + 0.5) / (len(found) + 0.5)))
        positions = list(found)  # ascending: the records were met in order
        gaps = map(operator.sub, positions, [0, *positions[:-1]])
        scores = [max(1, round(idf * weight * SCALE)) for weight in found.values()]
        shards[shard_name(term)][term] = [number for pair in zip(gaps, scores) for number in pair]
    return dict(shards)


def search(query: str, lang: str, shards: dict[str, dict]) -> tuple[list[int], bool, dict[int, set[str]]]:
    """Positions (in facets.json) best first, whether they match every word, and the
    terms each matched. pipeline.js search() is the same, step for step.

    Per word, a record scores its best matching term: the word's own stem counts
    ``exact_boost`` times, a term one typo away or sharing its prefix once. The
    records matching every word are the results, by the sum of their words' scores;
    when there are none, those matching the most words are, flagged as partial.
    Ties go to the earlier record. ``shards`` holds at least shards_for(query).
    """
    boost = rules()[lang]["query"]["exact_boost"]
    score: dict[int, int] = {}
    count: dict[int, int] = {}
    terms: dict[int, set[str]] = defaultdict(set)
    groups = query_groups(query, lang)
    for group in groups:
        best: dict[int, int] = {}
        shard = shards.get(shard_name(group["stem"]), {})
        for term in sorted(shard):
            exact = term == group["stem"]
            if not (exact or (group["typos"] and edit_distance_at_most_one(term, group["stem"]))
                    or (group["prefix"] and term.startswith(group["prefix"]))):
                continue
            postings, position = shard[term], 0
            for i in range(0, len(postings), 2):
                position += postings[i]
                value = postings[i + 1] * (boost if exact else 1)
                best[position] = max(best.get(position, 0), value)
                terms[position].add(term)
        for position, value in best.items():
            score[position] = score.get(position, 0) + value
            count[position] = count.get(position, 0) + 1
    if not count:
        return [], True, {}
    most = max(count.values())
    chosen = sorted((p for p in count if count[p] == most), key=lambda p: (-score[p], p))
    return chosen, most == len(groups), {p: terms[p] for p in chosen}


def minified(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Searcher:
    """The catalogue's text search in Python, on a built site's files: what the
    browser does with the same files (tests/test_search.py holds them equal)."""

    def __init__(self, folder: Path, lang: str):
        self.folder, self.lang = Path(folder), lang
        self.ids = json.loads((self.folder / "facets.json").read_text(encoding="utf-8"))["columns"]["id"]
        self.shards: dict[str, dict] = {}

    @classmethod
    def from_site(cls, site: Path, lang: str) -> "Searcher":
        return cls(Path(site) / site_prefix(lang) / "catalog", lang)

    def search(self, query: str) -> tuple[list[int], bool]:
        for name in shards_for(query, self.lang):
            if name not in self.shards:
                path = self.folder / "index" / f"{name}.json"
                self.shards[name] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        positions, complete, _ = search(query, self.lang, self.shards)
        return positions, complete

    def record_ids(self, query: str) -> list[str]:
        return [self.ids[position] for position in self.search(query)[0]]


def shards_for(query: str, lang: str) -> list[str]:
    """The shard files a query needs: one per word that counts."""
    return list(dict.fromkeys(shard_name(group["stem"]) for group in query_groups(query, lang)))
