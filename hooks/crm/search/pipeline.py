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


def analyse(word: str, lang: str) -> str | None:
    """The whole pipeline for one word: its index term, or None for a stop word."""
    word = normalize_word(word)
    if not word or word in rules()[lang]["stop_words"]:
        return None
    return stem_word(word, lang)


def query_clauses(query: str, lang: str) -> list[dict]:
    """The catalogue's query: each word exactly (analysed, boosted) and, on longer
    words, within one edit of the normalized word. catalog.js builds the same."""
    clauses = []
    for word in SEPARATOR.split(query.lower()):
        normalized = normalize_word(word)
        if not normalized:
            continue
        clauses.append({"term": word, "boost": 10, "use_pipeline": True})
        if len(normalized) >= 4 and normalized not in rules()[lang]["stop_words"]:
            clauses.append({"term": normalized, "boost": 1, "use_pipeline": False, "edit_distance": 1})
    return clauses


def pipeline_functions(lang: str):
    """lunr.py pipeline functions, registered under the names pipeline.js uses."""

    def normalize(token, i, tokens):
        return token.update(lambda text, metadata: normalize_word(text)) if normalize_word(str(token)) else None

    def stop_words(token, i, tokens):
        return None if str(token) in rules()[lang]["stop_words"] else token

    def stem(token, i, tokens):
        # Keep the whole word beside its stem, so that a one-letter typo anywhere
        # in the word still finds it by edit distance.
        word = str(token)
        stem_ = stem_word(word, lang)
        return token if stem_ == word else [token.clone(lambda text, metadata: stem_), token]

    functions = [(normalize, "crm-normalize"), (stop_words, f"crm-stop-words-{lang}"), (stem, f"crm-stem-{lang}")]
    for function, label in functions:
        Pipeline.register_function(function, label)
    return [function for function, _ in functions]
