"""Generated pages: one per record, listing and plan page, per language.

Each page is a SitePage: the name of a template in overrides/ and the model objects
it draws (no Markdown, no markup here; the adapter in hooks/mkdocs_hooks.py hands
them to MkDocs as virtual files). The templates escape what they print, and
contributors' Markdown is rendered and sanitised (html.render_markdown).
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

from . import DEFAULT_LANGUAGE, LANGUAGES, planpdf, site_prefix
from .html import render_all
from .model import Record, Repository
from .strings import t


def source_name(url: str, lang: str) -> str:
    """Markdown file of a language-neutral page URL.

    'frameworks/' -> 'frameworks/index.md'; 'frameworks/x/' -> 'frameworks/x.en.md' (English).
    """
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    path = url.rstrip("/")
    stem = f"{path}/index" if "/" not in path else path
    return f"{stem}{suffix}.md"


@dataclass
class SitePage:
    """One generated page in one language: the template in overrides/ that draws it
    and the model objects it is handed (``context``); no markup here."""

    url: str  # site-relative and language-neutral: 'frameworks/x/' (English adds en/)
    lang: str
    template: str
    title: str  # plain text: the adapter escapes it for the theme
    description: str = ""
    context: dict = field(default_factory=dict)
    jsonld: str | None = None
    toc: list = field(default_factory=list)  # (level, anchor, heading) of the headings the theme lists
    # Everything the page shows that may change between two builds of one process
    # (`make serve`): equal keys, equal pages, so a page is drawn again only when its
    # key changes. None: drawn every time (pages that count every record).
    cache_key: tuple | None = None


def digests(records: list[Record]) -> dict[str, int]:
    """A short stand-in for each record's fields, for cache keys."""
    return {record.id: hash(repr(record.data)) for record in records}


def record_pages(repo: Repository, records: list[Record], digest: dict[str, int]) -> list[SitePage]:
    visible = {record.id for record in records}
    pages = []
    for lang in LANGUAGES:
        for record in records:
            related = [repo.records_by_id[i] for i in record.data.get("related", []) if i in visible]
            pages.append(SitePage(
                url=record.id + "/", lang=lang, template="record.html", title=record.title.get(lang),
                description=record.summary.get(lang), jsonld=jsonld(record, repo, lang),
                context={"record": record, "related": related, "here": record.id + "/"},
                cache_key=(digest[record.id], *(digest[r.id] for r in related)),
            ))
    return pages


def render_bodies(records: list[Record]) -> None:
    """Render every body in every language now (html.render_all), so that the pages and
    a forked process writing the search snippets share the work."""
    render_all([body.get(lang) for record in records if (body := record.text("body")) for lang in LANGUAGES])


PAGE_SIZE = 50  # records per listing page


def site_pages(repo: Repository, include_drafts: bool) -> list[SitePage]:
    """Every page drawn from records and the Plan, in every language."""
    records = repo.visible_records(include_drafts)
    counts, digest = Counts(repo, records), digests(records)
    pages = record_pages(repo, records, digest)

    def listing(url, lang, title, chosen, template, **context):
        return listing_pages(url, lang, title, chosen, template, digest, **context)

    visible = {record.id: record for record in records}
    # Annex 1 links an instrument to its reference record only when that record is on the site.
    annex_records = {entry.reference: visible[entry.reference] for entry in repo.plan.annex_entries if entry.reference in visible}
    for lang in LANGUAGES:
        for collection in repo.collections:
            chosen = [r for r in records if r.collection is collection]
            pages += listing(f"{collection.code}/", lang, collection.label.get(lang), chosen, "collection.html", collection=collection)
        pages.append(SitePage("countries/", lang, "places.html", t("countries", lang), context={"counts": counts, "here": "countries/"}))
        for code in repo.vocabularies.places:
            pages += listing(f"countries/{code.lower()}/", lang, repo.vocabularies.place_label(code, lang), counts.of_place[code], "listing.html")
        pages.append(SitePage("themes/", lang, "themes.html", t("themes", lang), context={"counts": counts, "here": "themes/"}))
        for code, label in repo.vocabularies.themes.items():
            pages += listing(f"themes/{code}/", lang, label.get(lang), counts.of_theme[code], "listing.html")
        pages.append(SitePage("plan/", lang, "plan.html", repo.plan.title.get(lang), context={
            "plan": repo.plan, "counts": counts, "annex_records": annex_records, "here": "plan/",
            # The bilingual PDF exists once, at the site root, while this page also exists under en/.
            "site_here": f"{site_prefix(lang)}plan/", "pdf_path": planpdf.SITE_PATH,
            # A call, made when the page is drawn: the PDF is still being drawn meanwhile (planpdf.start_drawing).
            "pdf_size": functools.partial(planpdf.pdf_size, repo.plan)}))
        for line in repo.plan.lines:
            for action in line.actions:
                toolkits = [kit for kit in repo.toolkits if action.code in kit.actions]
                pages += listing(f"plan/{action.slug}/", lang, f"{t('action', lang)} {action.code}", counts.of_action[action.code],
                                 "plan-action.html", line=line, action=action, toolkits=toolkits)
    return pages


class Counts:
    """The records of each place, theme and plan action, shared by their pages and indexes."""

    def __init__(self, repo: Repository, records: list[Record]):
        # A country's page lists the records about it and the instruments it ratified.
        self.of_place = {code: [r for r in records if code in r.countries or code in r.data.get("ratified_by", [])]
                         for code in repo.vocabularies.places}
        self.of_theme = {code: [r for r in records if code in r.themes] for code in repo.vocabularies.themes}
        self.of_action = {code: [r for r in records if code in r.actions] for code in repo.plan.actions}


def listing_pages(url: str, lang: str, title: str, records: list[Record], template: str, digest: dict[str, int], **context) -> list[SitePage]:
    """A list of records, PAGE_SIZE at a time, so that a page's weight does not grow
    with the repository: url, then url/page/2/, url/page/3/..."""
    ordered = sorted(records, key=lambda r: (-(r.year or 0), r.title.get(lang).lower()))
    chunks = [ordered[start:start + PAGE_SIZE] for start in range(0, len(ordered), PAGE_SIZE)] or [[]]
    urls = [url] + [f"{url}page/{number}/" for number in range(2, len(chunks) + 1)]
    # The introduction's model objects (frozen: compared by value); toolkits by what the page shows of them.
    intro = tuple((name, tuple((kit.slug, kit.title) for kit in value) if name == "toolkits" else value) for name, value in sorted(context.items()))
    return [
        SitePage(here, lang, template, title if number == 1 else t("page_title", lang, title=title, number=number), context={
            **context, "here": here, "records": chunk, "total": len(ordered), "number": number, "urls": urls},
            cache_key=(title, number, len(urls), len(ordered), intro, *(digest[r.id] for r in chunk)))
        for number, (here, chunk) in enumerate(zip(urls, chunks), start=1)
    ]


_LEGAL_FORCE = {"in-force": "InForce", "amended": "InForce", "repealed": "NotInForce"}


def jsonld(record: Record, repo: Repository, lang: str) -> str:
    """schema.org description of a record; '</' is escaped so it cannot close the script."""
    d = record.data
    data = {
        "@context": "https://schema.org",
        "@type": record.collection.schema_org,
        "name": record.title.get(lang),
        "description": record.summary.get(lang),
        "inLanguage": lang,
        "url": d.get("official_url") or d.get("document_url") or d["source_url"],
        "about": [repo.vocabularies.themes[c].get(lang) for c in record.themes],
        "spatialCoverage": [repo.vocabularies.place_label(c, lang) for c in record.countries],
    }
    if record.date:
        data["datePublished"] = record.date
    if "publisher" in d:
        data["publisher"] = {"@type": "Organization", "name": d["publisher"]}
    if record.collection.schema_org == "Legislation":
        if "jurisdiction" in d:
            data["legislationJurisdiction"] = repo.vocabularies.place_label(d["jurisdiction"], lang)
        if "date_adopted" in d:
            data["legislationDate"] = str(d["date_adopted"])
        if d.get("legal_status") in _LEGAL_FORCE:
            data["legislationLegalForce"] = _LEGAL_FORCE[d["legal_status"]]
        if "instrument_type" in d:
            data["legislationType"] = repo.vocabularies.instrument_types[d["instrument_type"]].get(lang)
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
