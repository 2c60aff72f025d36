"""The text pipeline registered under the same names in lunr.py and lunr.js.

Why our own: lunr[languages] downloads NLTK data at run time and mangles short
words, and the Python (Snowball 3) and JavaScript (lunr-languages, Snowball 0.3)
Spanish stemmers disagree on unaccented words (``contratacion``). Here both sides
run the same few lines over the same rules (rules.yml), so they cannot disagree.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml
from lunr.pipeline import Pipeline

SEPARATOR = re.compile(r"[\s\-]+")  # lunr.js's tokenizer separator
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")  # JS: /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu
_DIGIT = re.compile(r"[0-9]")


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


def query_groups(query: str, lang: str) -> list[list[dict]]:
    """The catalogue's query, one group of lunr clauses per word that counts (stop
    words do not); pipeline.js builds the same groups. A record matches a word when it
    matches any clause of its group; it matches the query when it matches every group.

    Each word counts exactly (analysed, boosted). Words of letters only, from
    ``typo_min_length`` letters, forgive one typo: within one edit of the word's stem
    or, past its first letters, by prefix. Words with digits (``8764``, ``2b``) must be
    exact: one edit away is another law. The index then needs stems only.
    """
    rule = rules()[lang]
    query_rule = rule["query"]
    groups = []
    for word in SEPARATOR.split(query.lower()):
        normalized = normalize_word(word)
        if not normalized or normalized in rule["stop_words"]:
            continue
        group = [{"term": word, "boost": query_rule["exact_boost"], "use_pipeline": True}]
        if len(normalized) >= query_rule["typo_min_length"] and not _DIGIT.search(normalized):
            group.append({"term": stem_word(normalized, lang), "boost": 1, "use_pipeline": False, "edit_distance": 1})
            if len(normalized) > query_rule["prefix_length"]:
                group.append({"term": normalized[: query_rule["prefix_length"]], "boost": 1, "use_pipeline": False, "wildcard": "trailing"})
        groups.append(group)
    return groups


def pipeline_functions(lang: str):
    """lunr.py pipeline functions, registered under the names pipeline.js uses."""

    def normalize(token, i, tokens):
        return token.update(lambda text, metadata: normalize_word(text)) if normalize_word(str(token)) else None

    def stop_words(token, i, tokens):
        return None if str(token) in rules()[lang]["stop_words"] else token

    def stem(token, i, tokens):
        return token.update(lambda text, metadata: stem_word(text, lang))

    functions = [(normalize, "crm-normalize"), (stop_words, f"crm-stop-words-{lang}"), (stem, f"crm-stem-{lang}")]
    for function, label in functions:
        Pipeline.register_function(function, label)
    return [function for function, _ in functions]
