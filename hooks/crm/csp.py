"""Content-Security-Policy for every page (a meta tag: static hosts may not set headers).

Integration point: with_policy(html) -> html, applied to each rendered page.
"""
from __future__ import annotations


def with_policy(html: str) -> str:
    return html
