"""The content model: plain data classes built once from validated files.

Everything downstream (pages, search, exports, dashboards, toolkits) reads these
objects, never the YAML files.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from babel import Locale

from . import DEFAULT_LANGUAGE, LANGUAGES, site_prefix


@dataclass(frozen=True)
class Text:
    """A translatable value. Spanish is required; English may fall back to it."""

    es: str
    en: str | None = None

    @classmethod
    def from_data(cls, data: dict | None) -> "Text | None":
        return cls(es=data["es"], en=data.get("en")) if data else None

    def get(self, lang: str) -> str:
        return getattr(self, lang) or self.es

    def falls_back(self, lang: str) -> bool:
        return lang != DEFAULT_LANGUAGE and not getattr(self, lang)

    def as_dict(self) -> dict:
        return {lang: getattr(self, lang) for lang in LANGUAGES if getattr(self, lang)}


@dataclass(frozen=True)
class Collection:
    code: str
    kind: str
    schema_org: str  # type of the pages' JSON-LD
    label: Text
    singular: Text
    description: Text


@dataclass
class Vocabularies:
    countries: list[str]
    scopes: dict[str, Text]
    themes: dict[str, Text]
    instrument_types: dict[str, Text]
    legal_status: dict[str, Text]
    languages: list[str]
    licences: dict[str, Text]
    source_kinds: dict[str, Text]
    gender_review_statuses: dict[str, Text]
    sex_disaggregated_data: dict[str, Text]
    intersectional_groups: dict[str, Text]
    file_roles: dict[str, Text]

    @property
    def places(self) -> list[str]:
        """Every code a record may name in ``countries``: members, then scopes."""
        return self.countries + list(self.scopes)

    def place_label(self, code: str, lang: str) -> str:
        if code in self.scopes:
            return self.scopes[code].get(lang)
        return Locale.parse(lang).territories[code]  # CLDR names via Babel

    def language_label(self, code: str, lang: str) -> str:
        name = Locale.parse(lang).languages[code]
        return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class PlanAction:
    line: int
    number: int
    text: Text
    notes: tuple[Text, ...] = ()

    @property
    def code(self) -> str:
        return f"{self.line}.{self.number}"

    @property
    def slug(self) -> str:
        return f"{self.line}-{self.number}"


@dataclass(frozen=True)
class PlanLine:
    number: int
    title: Text
    description: Text | None
    objective: Text
    actions: tuple[PlanAction, ...]


@dataclass(frozen=True)
class PlanFootnote:
    """A footnote of the plan's context section, with the passage it annotates."""

    number: int
    text: Text
    refers_to: Text | None = None


@dataclass(frozen=True)
class AnnexEntry:
    """An instrument of Annex 1 (numbered), or a declaration described within one."""

    title: Text
    paragraphs: tuple[Text, ...]
    number: int | None = None
    year: int | None = None
    reference: str | None = None  # id of the instrument's reference record
    targets: tuple[str, ...] = ()  # 2030 Agenda targets the plan cites
    declarations: tuple["AnnexEntry", ...] = ()


@dataclass
class Plan:
    title: Text
    general_objective: Text
    axes: list[tuple[Text, Text]]
    lines: list[PlanLine]
    context_notes: list[PlanFootnote] = field(default_factory=list)
    annex_title: Text | None = None
    annex: list[AnnexEntry] = field(default_factory=list)

    @property
    def annex_entries(self) -> list[AnnexEntry]:
        """Every instrument and the declarations described within them, in the annex's order."""
        return [entry for instrument in self.annex for entry in (instrument, *instrument.declarations)]

    @cached_property
    def actions(self) -> dict[str, PlanAction]:
        return {action.code: action for line in self.lines for action in line.actions}


@dataclass(frozen=True)
class GenderReview:
    """The gender lens of a record (footnote 4 of the Plan), read from ``gender_review``."""

    review_status: str
    reviewed_by: str
    date: str
    sex_disaggregated_data: str
    notes: Text
    specific_provisions: Text | None = None
    care: Text | None = None
    differentiated_impacts: Text | None = None
    intersections: tuple[str, ...] = ()

    TEXT_FIELDS = ("specific_provisions", "care", "differentiated_impacts", "notes")

    @classmethod
    def from_data(cls, data: dict | None) -> "GenderReview | None":
        if not data:
            return None
        return cls(
            review_status=data["review_status"],
            reviewed_by=data["reviewed_by"],
            date=str(data["date"]),
            sex_disaggregated_data=data["sex_disaggregated_data"],
            notes=Text.from_data(data["notes"]),
            specific_provisions=Text.from_data(data.get("specific_provisions")),
            care=Text.from_data(data.get("care")),
            differentiated_impacts=Text.from_data(data.get("differentiated_impacts")),
            intersections=tuple(data.get("intersections", [])),
        )

    @property
    def initial(self) -> bool:
        return self.review_status == "initial-assisted"

    def texts(self) -> list[tuple[str, Text]]:
        """The lens's written parts, in reading order: (field name, text)."""
        return [(name, getattr(self, name)) for name in self.TEXT_FIELDS if getattr(self, name)]


class Described:
    """What records and toolkits share: bilingual title and summary, themes and plan
    actions, read from their validated ``data``."""

    data: dict

    @property
    def title(self) -> Text:
        return Text.from_data(self.data["title"])

    @property
    def summary(self) -> Text:
        return Text.from_data(self.data["summary"])

    @property
    def themes(self) -> list[str]:
        return self.data["themes"]

    @property
    def actions(self) -> list[str]:
        return self.data.get("actions", [])


@dataclass(frozen=True)
class HeldFile:
    """A document kept with its record (``files`` in the record), as inspected by the
    build (holdings.py): what the record says about it, plus what the file itself says."""

    name: str  # file name, under content/files/<collection>/<slug>/
    source: Path  # the file on disk
    url: str  # stable site-relative address: files/<collection>/<slug>/<name>
    language: str
    title: Text
    role: str
    licence: str
    permission: Text | None
    retrieved_from: str
    retrieved_on: str
    format: str  # PDF, DOCX or ODT
    media_type: str
    size: int  # bytes
    sha256: str
    pages: int | None  # PDF only
    words: int | None  # DOCX and ODT
    text: str  # extracted text, for search and snippets


@dataclass
class LinkHealth:
    """What the last run of `python -m crm.linkcheck` found at one address (content/link-health.yml)."""

    url: str
    status: str  # ok, redirect or dead
    checked: str  # date
    detail: str | None = None  # e.g. 'HTTP 404' for a dead link
    redirect_to: str | None = None


@dataclass
class Record(Described):
    collection: Collection
    slug: str
    path: Path
    data: dict  # the validated fields, as written in the file
    files: list[HeldFile] = field(default_factory=list)  # documents kept with the record

    @property
    def source_kind(self) -> str:
        return self.data["source_kind"]

    @property
    def has_official_link(self) -> bool:
        return self.source_kind == "official" or "official_url" in self.data

    @property
    def id(self) -> str:
        return f"{self.collection.code}/{self.slug}"

    def text(self, name: str) -> Text | None:
        return Text.from_data(self.data.get(name))

    @property
    def status(self) -> str:
        return self.data["status"]

    @property
    def gender_review(self) -> GenderReview | None:
        return GenderReview.from_data(self.data.get("gender_review"))

    @property
    def published(self) -> bool:
        return self.status == "published"

    @property
    def countries(self) -> list[str]:
        return self.data["countries"]

    @property
    def date(self) -> str | None:
        value = self.data.get("date") or self.data.get("date_adopted")
        return str(value) if value is not None else None

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def translated(self) -> bool:
        """True when every translatable field of the record exists in English."""
        return all("en" in text for text in self._texts())

    def _texts(self):
        for value in self.data.values():
            if isinstance(value, dict):
                if "es" in value:
                    yield value
                yield from (inner for inner in value.values() if isinstance(inner, dict) and "es" in inner)

    def url(self, lang: str) -> str:
        """Site-relative URL of the record page, without a leading slash."""
        return f"{site_prefix(lang)}{self.id}/"


@dataclass
class Repository:
    root: Path
    collections: list[Collection]
    vocabularies: Vocabularies
    plan: Plan
    records: list[Record] = field(default_factory=list)  # sorted by id
    toolkits: list = field(default_factory=list)
    link_health: dict[str, LinkHealth] = field(default_factory=dict)  # by URL
    warnings: list = field(default_factory=list)  # Problems that do not stop a build

    def visible_records(self, include_drafts: bool) -> list[Record]:
        return [record for record in self.records if include_drafts or record.published]

    @cached_property
    def records_by_id(self) -> dict[str, Record]:
        return {record.id: record for record in self.records}
