"""The text pipeline, the same in Python and in the browser (pipeline.js, line for line).

Lowercase, split on spaces and hyphens, fold diacritics, trim punctuation at word
ends, drop stop words, strip one suffix. The rules (stop words, suffixes, query
settings) live once, in rules.yml, and travel to the browser in facets.json, so both
sides apply the very same data with the same few lines. Why a suffix table rather
than Snowball: README "Search" (measured by benchmarks/stemmers.py).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from .. import LANGUAGES

_EDGES = re.compile(r"^[\W_]+|[\W_]+$")  # JS: /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
_DIGIT = re.compile(r"[0-9]")
SHARD_LETTERS = 2  # a term's shard is named by its first letters
_PLAIN = set("abcdefghijklmnopqrstuvwxyz0123456789")


@lru_cache(maxsize=None)
def rules() -> dict:
    return yaml.safe_load(Path(__file__).with_name("rules.yml").read_text(encoding="utf-8"))


def normalize_word(word: str) -> str:
    """Lowercase, drop diacritics (é->e, ñ->n) and trim punctuation at both ends."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    folded = "".join(char for char in decomposed if unicodedata.category(char) != "Mn")
    return _EDGES.sub("", unicodedata.normalize("NFC", folded))


def stem_word(word: str, lang: str) -> str:
    rule = rules()[lang]
    for suffix in rule["suffixes"]:
        if word.endswith(suffix) and len(word) - len(suffix) >= rule["min_stem"]:
            return word[: -len(suffix)] + rule["replacements"].get(suffix, "")
    return word


def term(word: str, lang: str) -> str | None:
    """The index term of one lowercased word; None for a stop word or punctuation."""
    normalized = normalize_word(word)
    if normalized and normalized not in rules()[lang]["stop_words"]:
        return stem_word(normalized, lang)
    return None


class _Terms(dict):
    """word -> term() in one language, each word worked out once: a build meets the same
    words millions of times, and a plain dict lookup is the cheapest way to meet them again."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def __missing__(self, word: str) -> str | None:
        found = self[word] = term(word, self.lang)
        return found


_TERMS = {lang: _Terms(lang) for lang in LANGUAGES}


def analyse(text: str, lang: str) -> list[str]:
    """The index terms of a text, in order."""
    return [found for found in map(_TERMS[lang].__getitem__, words(text)) if found is not None]


def words(text: str) -> list[str]:
    """Lowercased words, split on runs of spaces and hyphens (pipeline.js splits on the
    same). str.split() splits on what str.isspace() calls a space, the characters of a
    Python pattern's whitespace class, in a fraction of the pattern's time."""
    return text.lower().replace("-", " ").split()


def query_groups(query: str, lang: str) -> list[dict]:
    """One entry per query word that counts (stop words do not): its stem; whether
    one typo is forgiven (words of letters only, from ``typo_min_length`` letters:
    ``8764`` one edit away is another law); and, past ``prefix_length`` letters, the
    prefix that also matches. pipeline.js queryGroups() is the same."""
    query_rule = rules()[lang]["query"]
    groups = []
    for word in words(query):
        terms = analyse(word, lang)
        if not terms:
            continue
        normalized = normalize_word(word)
        typos = len(normalized) >= query_rule["typo_min_length"] and not _DIGIT.search(normalized)
        prefix = normalized[: query_rule["prefix_length"]] if typos and len(normalized) > query_rule["prefix_length"] else None
        groups.append({"stem": terms[0], "typos": typos, "prefix": prefix})
    return groups


def edit_distance_at_most_one(a: str, b: str) -> bool:
    """One letter inserted, removed, replaced, or two neighbours swapped (as lunr's
    fuzzy match did)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    if len(a) == len(b):
        return a[start + 1:] == b[start + 1:] or (a[start + 2:] == b[start + 2:] and a[start:start + 2] == b[start:start + 2][::-1])
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return longer[start + 1:] == shorter[start:]


def shard_name(term: str) -> str:
    """The file (without .json) holding a term: its first letters, with any character
    outside a-z and 0-9 written as _ and its hexadecimal code point."""
    return "".join(char if char in _PLAIN else f"_{ord(char):x}" for char in term[:SHARD_LETTERS])
