"""Small helpers for what pages show: escaping, relative links, dates, contributors' Markdown."""
from __future__ import annotations

import datetime as dt
import functools
from html import escape

from babel.dates import format_date

import markdown
import nh3

from . import forked


def e(value) -> str:
    return escape(str(value), quote=True)


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two site-relative directory URLs ('' is the root).

    Relative links keep the site working under a sub-path and from file://. The same
    result as posixpath.relpath for these normalised URLs, at a fraction of its cost
    (a listing page writes a hundred links).
    """
    here, there = from_url.split("/"), to_url.split("/")
    here, there = [p for p in here if p], [p for p in there if p]
    common = 0
    while common < len(here) and common < len(there) and here[common] == there[common]:
        common += 1
    target = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return target + "/" if to_url.endswith("/") or not to_url else target


def show_date(value, lang: str) -> str:
    return _show_date(str(value), lang)


@functools.lru_cache(maxsize=None)
def _show_date(value: str, lang: str) -> str:
    if len(value) == 10:
        return format_date(dt.date.fromisoformat(value), format="long", locale=lang)
    if len(value) == 7:
        return format_date(dt.date.fromisoformat(value + "-01"), format="MMMM y", locale=lang)
    return value


_MARKDOWN = markdown.Markdown(extensions=["sane_lists"])
_ALLOWED_SCHEMES = {"https", "http", "mailto"}


# A body is shown on its page and cut into search snippets: rendered once per build
# (render_all renders every body, on every core, before the search index is forked off).
_RENDERED: dict[str, str] = {}


def render_markdown(text: str) -> str:
    """Contributors' Markdown to safe HTML: no raw HTML, links only https/http/mailto."""
    if text not in _RENDERED:
        _RENDERED[text] = _rendered(text)
    return _RENDERED[text]


def render_all(texts: list[str]) -> None:
    """Render these texts now, shared among the cores, for render_markdown to return."""
    new = list(dict.fromkeys(text for text in texts if text not in _RENDERED))
    _RENDERED.update(zip(new, forked.fork_map(_rendered, new)))


def _rendered(text: str) -> str:
    _MARKDOWN.reset()
    html = _MARKDOWN.convert(escape(text, quote=False).replace("&gt;", ">"))
    return nh3.clean(html, url_schemes=_ALLOWED_SCHEMES, link_rel="noopener nofollow")
