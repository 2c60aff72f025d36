"""The catalogue's facets, as data: adding a facet is one entry in FACETS.

Each facet says what its values are called in a language, which values a record
has, and (when the site has listing pages for it) where a value's listing is: the
catalogue links to those listings for readers without JavaScript.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..model import Record, Repository
from ..strings import t


@dataclass(frozen=True)
class Facet:
    labels: Callable[[Repository, str], dict[str, str]]  # value code -> label, in display order
    values: Callable[[Record], list[str]]
    listing: Callable[[str], str] | None = None  # value code -> site-relative URL of its listing


FACETS: dict[str, Facet] = {
    "collection": Facet(
        labels=lambda repo, lang: {c.code: c.label.get(lang) for c in repo.collections},
        values=lambda r: [r.collection.code],
        listing=lambda code: f"{code}/",
    ),
    "country": Facet(
        labels=lambda repo, lang: {code: repo.vocabularies.place_label(code, lang) for code in repo.vocabularies.places},
        values=lambda r: r.countries,
        listing=lambda code: f"countries/{code.lower()}/",
    ),
    "theme": Facet(
        labels=lambda repo, lang: {code: label.get(lang) for code, label in repo.vocabularies.themes.items()},
        values=lambda r: r.themes,
        listing=lambda code: f"themes/{code}/",
    ),
    "action": Facet(
        labels=lambda repo, lang: {code: f"{t('action', lang)} {code}" for code in repo.plan.actions},
        values=lambda r: r.actions,
        listing=lambda code: "plan/" + code.replace(".", "-") + "/",
    ),
    "language": Facet(
        labels=lambda repo, lang: {code: repo.vocabularies.language_label(code, lang) for code in repo.vocabularies.languages},
        values=lambda r: r.data.get("languages", []),
    ),
    "translation": Facet(
        labels=lambda repo, lang: {key: t(f"translation_{key}", lang) for key in ("translated", "spanish-only")},
        values=lambda r: ["translated" if r.translated else "spanish-only"],
    ),
    # The gender lens (footnote 4 of the Plan); published records always have one.
    "sex_data": Facet(
        labels=lambda repo, lang: {code: label.get(lang) for code, label in repo.vocabularies.sex_disaggregated_data.items()},
        values=lambda r: [r.gender_review.sex_disaggregated_data],
    ),
    "review_status": Facet(
        labels=lambda repo, lang: {code: label.get(lang) for code, label in repo.vocabularies.gender_review_statuses.items()},
        values=lambda r: [r.gender_review.review_status],
    ),
}


def facet_columns(records: list[Record], lang: str) -> dict[str, list]:
    """Everything the catalogue shows and filters on, column by column (one list per
    field, one entry per record, in index-ref order): columns compress about twice as
    well as rows. The browser derives each record's link and year from its id and date."""
    columns = {"id": [r.id for r in records], "title": [r.title.get(lang) for r in records], "date": [r.date or "" for r in records]}
    columns.update({name: [facet.values(r) for r in records] for name, facet in FACETS.items()})
    return columns


def facet_labels(repo: Repository, lang: str) -> dict[str, dict[str, str]]:
    return {name: facet.labels(repo, lang) for name, facet in FACETS.items()}
