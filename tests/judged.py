"""The judged query set (search_judgements.yml) and the scores computed on it.

Shared by tests/test_search.py (a floor, so relevance cannot silently drop) and
benchmarks/relevance.py (ours against Pagefind on the same build).
"""
from __future__ import annotations

import statistics
from pathlib import Path

import yaml

JUDGEMENTS = Path(__file__).with_name("search_judgements.yml")


def judged_queries() -> dict[str, list[dict]]:
    """{lang: [{"q": query, "expect": [record ids]}]}"""
    return yaml.safe_load(JUDGEMENTS.read_text(encoding="utf-8"))


def reciprocal_rank(ranked: list[str], expected: list[str], depth: int = 10) -> float:
    return next((1 / rank for rank, ref in enumerate(ranked[:depth], 1) if ref in expected), 0.0)


def recall(ranked: list[str], expected: list[str], depth: int = 5) -> float:
    return len(set(ranked[:depth]) & set(expected)) / len(expected)


def scores(results: dict[str, list[str]], judged: list[dict]) -> dict[str, float]:
    """MRR@10, recall@5 and the median number of results over one language's queries.
    ``results`` maps each query to the record ids found, best first."""
    return {
        "mrr10": statistics.mean(reciprocal_rank(results[j["q"]], j["expect"]) for j in judged),
        "recall5": statistics.mean(recall(results[j["q"]], j["expect"]) for j in judged),
        "median_results": statistics.median(len(results[j["q"]]) for j in judged),
    }


def misses(results: dict[str, list[str]], judged: list[dict]) -> list[str]:
    """Queries whose first expected record is not first, with where it came: for reading."""
    lines = []
    for j in judged:
        ranked = results[j["q"]]
        if not ranked or ranked[0] not in j["expect"]:
            rank = next((i for i, ref in enumerate(ranked, 1) if ref in j["expect"]), None)
            lines.append(f"{j['q']!r}: first expected at {rank} of {len(ranked)}; top: {ranked[:3]}")
    return lines
