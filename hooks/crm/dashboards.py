"""Dashboard pages: what the repository holds, as static SVG charts and tables.

Integration point: page_files(repo) -> {docs-relative .md name: text}.
"""
from __future__ import annotations


def page_files(repo) -> dict:
    return {}
