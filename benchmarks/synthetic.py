"""N valid synthetic records in a throw-away project copy, shared by the benchmarks.

Records are spread over every collection, member country or scope, theme and plan
action; some have no English (the fallback path) and some are drafts, as in real
content. Their words are drawn from the shipped records' own text in each language,
as often as they occur there, and one record in five carries about ten typed pages of body
text (as a record holding a document's text would), so that index sizes reflect a
real vocabulary. Draws are seeded, so two runs build the same site.

    from synthetic import synthetic_project
    project = synthetic_project(Path(tmp) / "project", 2000)

`python benchmarks/synthetic.py 500 /tmp/crm-500` keeps one to look at.
"""
from __future__ import annotations

import random
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from conftest import copy_skeleton  # noqa: E402  the same project copy the tests use
from crm import content  # noqa: E402

PAGE_CHARACTERS = 1_950  # a page of typed text (about 300 words)
LONG_BODY_PAGES = 10  # 19,500 characters: just under the schema's 20,000 for a text


@lru_cache(maxsize=None)
def vocabulary(lang: str) -> tuple[list[str], list[int]]:
    """Words of the shipped published records' titles, summaries and bodies in
    ``lang``, with how often each occurs (the draw's weights)."""
    repo, _ = content.load(ROOT)
    counts: Counter = Counter()
    for shipped in repo.visible_records(include_drafts=False):
        for name in ("title", "summary", "body"):
            text = shipped.text(name)
            if text and getattr(text, lang):
                counts.update(word.strip(".,;:()[]\"'«»“”") for word in getattr(text, lang).split() if "://" not in word)
    counts.pop("", None)
    words = sorted(counts)
    return words, [counts[word] for word in words]


KIND_FIELDS = {  # what each kind requires on top of the common fields
    "framework": lambda i, places: {"instrument_type": "law", "jurisdiction": places[i % len(places)], "date_adopted": 1990 + i % 35},
    "practice": lambda i, places: {"implementer": f"Entidad sintética {i % 40}", "period": {"start": 1990 + i % 35}},
    "document": lambda i, places: {"authors": [f"Autoría sintética {i % 60}"]},
}


def _sentence(rng: random.Random, lang: str, words: int) -> str:
    vocabulary_words, weights = vocabulary(lang)
    return " ".join(rng.choices(vocabulary_words, weights, k=words)).capitalize() + "."


def _text(rng: random.Random, sentences: int, words: int, english: bool) -> dict:
    state = rng.getstate()
    text = {"es": " ".join(_sentence(rng, "es", words) for _ in range(sentences))}
    if english:
        rng.setstate(state)  # the English text mirrors the Spanish one in length
        text["en"] = " ".join(_sentence(rng, "en", words) for _ in range(sentences))
    return text


def _pages(rng: random.Random, pages: int, english: bool) -> dict:
    """About ``pages`` pages of sentences in each language."""
    text = {}
    for lang in ("es", "en") if english else ("es",):
        sentences, length = [], 0
        while True:
            sentence = _sentence(rng, lang, 16)
            if length + len(sentence) + 1 > pages * PAGE_CHARACTERS:
                break
            sentences.append(sentence)
            length += len(sentence) + 1
        text[lang] = " ".join(sentences)
    return text


def record(i: int, kind: str, places: list, themes: list, actions: list, previous_id: str | None) -> dict:
    rng = random.Random(i)
    english = i % 5 != 0  # one in five falls back to Spanish
    data = {
        "title": {"es": f"Registro sintético {i}", **({"en": f"Synthetic record {i}"} if english else {})},
        "summary": _text(rng, 2, 14, english),
        # One in five holds a document's text: about ten pages.
        "body": _pages(rng, LONG_BODY_PAGES, english) if i % 5 == 2 else _text(rng, 6, 16, english),
        "countries": sorted({places[i % len(places)], places[(i * 7 + 3) % len(places)]}),
        "themes": sorted({themes[i % len(themes)], themes[(i * 5 + 1) % len(themes)]}),
        "actions": sorted({actions[i % len(actions)], actions[(i * 3 + 2) % len(actions)]}),
        "date": f"{1990 + i % 35}-{1 + i % 12:02d}",
        "source_url": f"https://example.org/synthetic/{i}",
        "source_kind": "official",
        "keywords": {lang: [_sentence(random.Random(i * 31 + k), lang, 2).rstrip(".") for k in range(3)] for lang in ("es", "en")},
        "status": "draft" if i % 10 == 9 else "published",
    }
    data.update(KIND_FIELDS[kind](i, places))
    if previous_id and i % 3 == 0:
        data["related"] = [previous_id]
    if data["status"] == "published":
        data["gender_review"] = {"review_status": "initial-assisted", "reviewed_by": "Benchmark", "date": "2024-01-10", "sex_disaggregated_data": "not-applicable", "notes": _text(rng, 1, 10, english)}
    return data


def synthetic_project(target: Path, n: int) -> Path:
    """A project copy under ``target`` holding ``n`` valid synthetic records."""
    project = copy_skeleton(Path(target))
    repo, problems = content.load(project)
    assert repo is not None and not problems, problems
    places, themes, actions = repo.vocabularies.places, list(repo.vocabularies.themes), list(repo.plan.actions)
    previous_id = None
    for i in range(n):
        collection = repo.collections[i % len(repo.collections)]
        data = record(i, collection.kind, places, themes, actions, previous_id)
        slug = f"synthetic-{i:05d}"
        header = f"# yaml-language-server: $schema=../schemas/{collection.kind}.schema.json\n"
        text = header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
        (project / "content" / collection.code / f"{slug}.yml").write_text(text, encoding="utf-8")
        previous_id = f"{collection.code}/{slug}"
    return project


if __name__ == "__main__":
    count, folder = int(sys.argv[1]), Path(sys.argv[2])
    synthetic_project(folder, count)
    print(f"{count} synthetic records in {folder}")
