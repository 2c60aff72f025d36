"""Generated pages: one per record, listing and plan page, per language.

Record pages are SitePage objects: the name of a template in overrides/ and the
model objects it draws (no Markdown, no markup here; the adapter in
hooks/mkdocs_hooks.py hands them to MkDocs as virtual files). The other pages are
still Markdown files with front matter and pre-escaped HTML blocks, until they move
to templates too; contributors' text is escaped or sanitized, never passed through
as raw HTML.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import yaml

from . import DEFAULT_LANGUAGE, LANGUAGES
from .html import e, lang_attr, rel
from .model import Record, Repository, Text
from .strings import t


def source_name(url: str, lang: str) -> str:
    """Markdown file of a language-neutral page URL.

    'frameworks/' -> 'frameworks/index.md'; 'frameworks/x/' -> 'frameworks/x.en.md' (English).
    """
    suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
    path = url.rstrip("/")
    stem = f"{path}/index" if "/" not in path else path
    return f"{stem}{suffix}.md"


def _page(title: str, body: str, description: str = "", **meta) -> str:
    # MkDocs' templates print title and description unescaped: escape them here.
    front = {"title": e(title)}
    if description:
        front["description"] = e(description)
    front.update({key: value for key, value in meta.items() if value is not None})
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True, width=1000) + "---\n\n" + body.strip() + "\n"


def _plain(text: Text, lang: str) -> str:
    return e(text.get(lang))


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


def record_pages(repo: Repository, include_drafts: bool) -> list[SitePage]:
    records = repo.visible_records(include_drafts)
    visible = {record.id for record in records}
    pages = []
    for lang in LANGUAGES:
        for record in records:
            related = [repo.records_by_id[i] for i in record.data.get("related", []) if i in visible]
            pages.append(SitePage(
                url=record.id + "/", lang=lang, template="record.html", title=record.title.get(lang),
                description=record.summary.get(lang), jsonld=jsonld(record, repo, lang),
                context={"record": record, "related": related, "here": record.id + "/"},
            ))
    return pages


PAGE_SIZE = 50  # records per listing page


class PageBuilder:
    def __init__(self, repo: Repository, include_drafts: bool):
        self.repo = repo
        self.include_drafts = include_drafts
        self.records = repo.visible_records(include_drafts)
        self.v = repo.vocabularies

    # -- links and labels ---------------------------------------------------
    def place_link(self, here: str, code: str, lang: str) -> str:
        return f'<a href="{rel(here, f"countries/{code.lower()}/")}">{e(self.v.place_label(code, lang))}</a>'

    def theme_link(self, here: str, code: str, lang: str) -> str:
        return f'<a href="{rel(here, f"themes/{code}/")}">{_plain(self.v.themes[code], lang)}</a>'

    def action_link(self, here: str, code: str, lang: str) -> str:
        return f'<a href="{rel(here, "plan/" + code.replace(".", "-") + "/")}">{e(t("action", lang))} {e(code)}</a>'

    def record_link(self, here: str, record: Record, lang: str) -> str:
        return f'<a href="{rel(here, record.id + "/")}"{lang_attr(record.title, lang)}>{_plain(record.title, lang)}</a>'

    # -- pages ----------------------------------------------------------------
    def all_pages(self) -> dict[str, str]:
        pages: dict[str, str] = {}
        for lang in LANGUAGES:
            for url, (title, body, meta) in self._pages(lang):
                pages[source_name(url, lang)] = _page(title, body, **meta)
        return pages

    def _pages(self, lang: str):
        for collection in self.repo.collections:
            chosen = [r for r in self.records if r.collection is collection]
            intro = f"<p>{_plain(collection.description, lang)}</p>"
            yield from self.listing(f"{collection.code}/", collection.label.get(lang), intro, chosen, lang)
        yield "countries/", self.places_page(lang)
        for code in self.v.places:
            yield from self.listing(f"countries/{code.lower()}/", self.v.place_label(code, lang), "", self.records_of_place(code), lang)
        yield "themes/", self.themes_page(lang)
        for code, label in self.v.themes.items():
            chosen = [r for r in self.records if code in r.themes]
            yield from self.listing(f"themes/{code}/", label.get(lang), "", chosen, lang)
        yield "plan/", self.plan_page(lang)
        for line in self.repo.plan.lines:
            for action in line.actions:
                chosen = [r for r in self.records if action.code in r.actions]
                title = f"{t('action', lang)} {action.code}"
                yield from self.listing(f"plan/{action.slug}/", title, self.action_intro(line, action, lang), chosen, lang)

    def listing(self, url: str, title: str, intro: str, records: list[Record], lang: str):
        """A list of records, PAGE_SIZE at a time, so that a page's weight does not
        grow with the repository: url, then url/page/2/, url/page/3/..."""
        ordered = sorted(records, key=lambda r: (-(r.year or 0), r.title.get(lang).lower()))
        chunks = [ordered[start:start + PAGE_SIZE] for start in range(0, len(ordered), PAGE_SIZE)] or [[]]
        urls = [url] + [f"{url}page/{number}/" for number in range(2, len(chunks) + 1)]
        for number, (here, chunk) in enumerate(zip(urls, chunks), start=1):
            parts = [intro] if number == 1 and intro else []
            parts.append(self.record_list(here, chunk, len(ordered), lang))
            if len(chunks) > 1:
                parts.append(self.pager(here, urls, number, lang))
            page_title = title if number == 1 else t("page_title", lang, title=title, number=number)
            yield here, (page_title, "\n\n".join(parts), {})

    def pager(self, here: str, urls: list[str], number: int, lang: str) -> str:
        links = []
        if number > 1:
            links.append(f'<a href="{rel(here, urls[number - 2])}" rel="prev">{e(t("page_previous", lang))}</a>')
        links.append(f'<span aria-current="page">{e(t("page_of", lang, number=number, total=len(urls)))}</span>')
        if number < len(urls):
            links.append(f'<a href="{rel(here, urls[number])}" rel="next">{e(t("page_next", lang))}</a>')
        return f'<nav class="crm-pager" aria-label="{e(t("pages", lang))}">' + " · ".join(links) + "</nav>"

    def record_list(self, here: str, records: list[Record], total: int, lang: str) -> str:
        if not total:
            return f"<p>{e(t('no_records', lang))}</p>"
        items = []
        for record in records:
            meta = [e(record.collection.singular.get(lang))]
            meta += [e(self.v.place_label(code, lang)) for code in record.countries]
            if record.year:
                meta.append(str(record.year))
            items.append(
                f'<li>{self.record_link(here, record, lang)}<br><span class="crm-meta">{" · ".join(meta)}</span></li>'
            )
        noun = t("record_one" if total == 1 else "records", lang)
        return f'<p class="crm-count">{total} {e(noun)}</p>\n<ul class="crm-list">\n' + "\n".join(items) + "\n</ul>"

    def records_of_place(self, code: str) -> list[Record]:
        """A country's page lists the records about it and the instruments it ratified."""
        return [r for r in self.records if code in r.countries or code in r.data.get("ratified_by", [])]

    def places_page(self, lang):
        here = "countries/"
        items = "".join(
            f"<li>{self.place_link(here, code, lang)} ({len(self.records_of_place(code))})</li>" for code in self.v.places
        )
        return t("countries", lang), f'<ul class="crm-columns">{items}</ul>', {}

    def themes_page(self, lang):
        here = "themes/"
        items = "".join(
            f"<li>{self.theme_link(here, code, lang)} ({sum(1 for r in self.records if code in r.themes)})</li>" for code in self.v.themes
        )
        return t("themes", lang), f'<ul class="crm-columns">{items}</ul>', {}

    def plan_page(self, lang):
        plan, here = self.repo.plan, "plan/"
        parts = [f"<h2>{e(t('general_objective', lang))}</h2>", f"<p>{_plain(plan.general_objective, lang)}</p>"]
        if lang != DEFAULT_LANGUAGE:
            parts.insert(0, f'<p class="crm-note">{e(t("translation_note", lang))}</p>')
        if plan.axes:
            parts.append(f"<h2>{e(t('axes', lang))}</h2><dl>")
            parts += [f"<dt>{_plain(title, lang)}</dt><dd>{_plain(text, lang)}</dd>" for title, text in plan.axes]
            parts.append("</dl>")
        for line in plan.lines:
            parts.append(f'<h2 id="line-{line.number}">{e(t("line", lang))} {line.number}. {_plain(line.title, lang)}</h2>')
            if line.description:
                parts.append(f"<p>{_plain(line.description, lang)}</p>")
            parts.append(f"<p><strong>{e(t('objective', lang))}:</strong> {_plain(line.objective, lang)}</p><ol class=\"crm-actions\">")
            for action in line.actions:
                count = sum(1 for r in self.records if action.code in r.actions)
                parts.append(f'<li value="{action.number}">{self.action_link(here, action.code, lang)} ({count}): {_plain(action.text, lang)}</li>')
            parts.append("</ol>")
        parts += self.plan_notes_and_annex(here, lang)
        return plan.title.get(lang), "\n".join(parts), {}

    def plan_notes_and_annex(self, here: str, lang: str) -> list[str]:
        """The context section's footnotes, then Annex 1, each instrument linked to its record."""
        plan, parts = self.repo.plan, []
        if plan.context_notes:
            parts.append(f'<h2 id="context-notes">{e(t("context_notes", lang))}</h2><ol>')
            for note in plan.context_notes:
                on = f'<span class="crm-meta">{e(t("context_note_on", lang, passage=note.refers_to.get(lang)))}</span> ' if note.refers_to else ""
                parts.append(f'<li value="{note.number}">{on}{_plain(note.text, lang)}</li>')
            parts.append("</ol>")
        if plan.annex_title:
            parts.append(f'<h2 id="annex-1">{e(t("annex", lang))}. {_plain(plan.annex_title, lang)}</h2>')
        for instrument in plan.annex:
            parts += self.annex_entry(here, instrument, f"{instrument.number}. ", 3, lang)
            for declaration in instrument.declarations:
                parts += self.annex_entry(here, declaration, "", 4, lang)
        return parts

    def annex_entry(self, here: str, entry, number: str, level: int, lang: str) -> list[str]:
        year = f" ({entry.year})" if entry.year else ""
        parts = [f"<h{level}>{e(number)}{_plain(entry.title, lang)}{year}</h{level}>"]
        parts += [f"<p>{_plain(paragraph, lang)}</p>" for paragraph in entry.paragraphs]
        if entry.targets:
            parts.append(f"<p>{e(t('annex_targets', lang, targets=', '.join(entry.targets)))}</p>")
        record = self.repo.records_by_id.get(entry.reference)
        if record in self.records:
            parts.append(f'<p class="crm-meta">{e(t("annex_record", lang))} {self.record_link(here, record, lang)}</p>')
        return parts

    def action_intro(self, line, action, lang) -> str:
        """What an action page says before its records: the action, its notes, its toolkits."""
        here = f"plan/{action.slug}/"
        parts = [
            f'<p class="crm-kicker"><a href="{rel(here, "plan/")}#line-{line.number}">{e(t("line", lang))} {line.number}. {_plain(line.title, lang)}</a></p>',
            f"<blockquote><p>{_plain(action.text, lang)}</p></blockquote>",
        ]
        if action.notes:
            parts.append(f"<h2>{e(t('notes', lang))}</h2><ul>" + "".join(f"<li>{_plain(n, lang)}</li>" for n in action.notes) + "</ul>")
        toolkits = [kit for kit in self.repo.toolkits if action.code in kit.actions]
        if toolkits:
            parts.append(f"<h2>{e(t('action_toolkits', lang))}</h2><ul>" + "".join(
                f'<li><a href="{rel(here, f"toolkits/{kit.slug}/")}">{_plain(kit.title, lang)}</a></li>' for kit in toolkits) + "</ul>")
        parts.append(f"<h2>{e(t('action_records', lang))}</h2>")
        if not toolkits and not any(action.code in r.actions for r in self.records):
            parts.append(f'<div class="crm-gap" role="note"><p>{e(t("action_gap", lang, code=action.code))}</p>'
                         f'<p><a href="{rel(here, "contributing/")}">{e(t("action_gap_contribute", lang))}</a></p></div>')
        return "\n".join(parts)


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
