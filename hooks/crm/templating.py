"""What the page templates in overrides/ call besides the model objects: ``h``.

One Helpers per language build. Templates print model values through these (labels,
dates, links relative to the page), so that the templates hold the markup and the
Python holds none. Values that are HTML come back as Markup; everything else is
escaped by the templates (overrides/ page templates are autoescaped).
"""
from __future__ import annotations

from functools import lru_cache

from babel.numbers import format_decimal
from babel.units import format_unit
from jinja2 import BytecodeCache
from markupsafe import Markup

from . import DEFAULT_LANGUAGE, citation
from .exports import record_json_path
from .html import rel, render_markdown, show_date
from .model import Repository, Text
from .strings import t

_FALLBACK = Markup(f' lang="{DEFAULT_LANGUAGE}"')


def _text(value):
    return Text.from_data(value) if isinstance(value, dict) else value


class CompiledTemplates(BytecodeCache):
    """The templates' compiled code, kept for the process. Every build makes a new Jinja
    environment (one per language; two builds per save under `make serve`), which
    would compile every template again: a third of a preview's rebuild. Jinja keeps the
    source's checksum with the code and compiles a template again when it changed."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


@lru_cache(maxsize=None)
def compiled_templates(theme_dirs: tuple[str, ...]) -> CompiledTemplates:
    """One store per set of theme folders: they decide which templates are autoescaped,
    which is compiled into the code."""
    return CompiledTemplates()


class Helpers:
    def __init__(self, repo: Repository, lang: str, site_url: str = ""):
        self.repo, self.lang, self.v = repo, lang, repo.vocabularies
        self.default_language = DEFAULT_LANGUAGE
        # CLDR lookups cost more than the rest of a record's line: once per build.
        self._places = {code: self.v.place_label(code, lang) for code in self.v.places}
        self._languages = {code: self.v.language_label(code, lang) for code in self.v.languages}
        self.site_url = site_url  # citation tags and references give absolute addresses
        self._drawn: dict = {}  # markup the same on many pages, drawn once (generated.html)

    def drawn(self, key):
        """Markup kept under ``key`` by ``keep`` on an earlier page of this language, or None."""
        return self._drawn.get(key)

    def keep(self, key, markup):
        self._drawn[key] = markup
        return markup

    def t(self, key: str, **values) -> str:
        return t(key, self.lang, **values)

    def text(self, value: Text | dict | None) -> str:
        """A translatable value (a Text, or a field's {es, en} mapping) in this language."""
        value = _text(value)
        return value.get(self.lang) if value is not None else ""

    def fallback(self, value: Text | dict | None) -> Markup:
        """` lang="es"` for an element whose text falls back to Spanish on this page."""
        value = _text(value)
        return _FALLBACK if value is not None and value.falls_back(self.lang) else Markup("")

    def rel(self, here: str, to: str) -> str:
        return rel(here, to)

    def date(self, value) -> str:
        return show_date(value, self.lang)

    def markdown(self, value: Text) -> Markup:
        """Contributors' Markdown, rendered and sanitised (html.render_markdown)."""
        return Markup(render_markdown(value.get(self.lang)))

    def record_json(self, record) -> str:
        """Site-relative path of a record's JSON export."""
        return record_json_path(record)

    def place(self, code: str) -> str:
        return self._places[code]

    def theme(self, code: str) -> str:
        return self.v.themes[code].get(self.lang)

    def language(self, code: str) -> str:
        return self._languages.get(code) or self.v.language_label(code, self.lang)

    def label(self, vocabulary: str, code: str) -> str:
        """A code's label in one of the coded vocabularies (licences, legal_status...)."""
        return getattr(self.v, vocabulary)[code].get(self.lang)

    def action_url(self, code: str) -> str:
        return "plan/" + code.replace(".", "-") + "/"

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.lang)

    def size(self, size: int) -> str:
        """A file size readers understand: '1,2 MB', '340 kB'."""
        value, unit = (size / 1_000_000, "digital-megabyte") if size >= 1_000_000 else (max(size / 1000, 0.1), "digital-kilobyte")
        return format_unit(round(value, 1), unit, length="short", locale=self.lang)

    def link_health(self, url: str):
        """What the link checker last found at ``url`` (content/link-health.yml), or None."""
        return self.repo.link_health.get(url)

    def reference(self, record) -> citation.Reference:
        return citation.reference(record, self.repo, self.lang, self.site_url)

    def citation_tags(self, record) -> list[tuple[str, str]]:
        return citation.meta_tags(self.reference(record))

    def cited(self, record) -> str:
        """The formatted reference of the Cite box."""
        return citation.formatted(self.reference(record), self.lang)

    def citation_file(self, record, export: str) -> str:
        """Site-relative path of the record's RIS or BibTeX file in this language."""
        return citation.record_path(record, export, self.lang)
