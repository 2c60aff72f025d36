"""Interface strings in both languages (strings.yml), for pages and front-end code."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml


STRINGS = Path(__file__).with_name("strings.yml")


@lru_cache(maxsize=None)
def _strings() -> dict:
    return yaml.safe_load(STRINGS.read_text(encoding="utf-8"))


def t(key: str, lang: str, **values) -> str:
    text = _strings()[key][lang]
    return text.format(**values) if values else text


def all_strings(lang: str) -> dict[str, str]:
    return {key: labels[lang] for key, labels in _strings().items()}


def bilingual() -> dict[str, dict[str, str]]:
    """Every string in both languages (the editor's preview shows both side by side)."""
    return _strings()
