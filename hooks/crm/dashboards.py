"""Dashboard pages (plan action 1.1): what the repository holds and where the Plan lacks resources.

pages(repo) -> one SitePage per language (dashboard/), drawn by overrides/dashboard.html.
Every number counts published records only, except the curation counts, which also
count drafts (as numbers: drafts are never linked, since they are never published).
"""
from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import NamedTuple

from babel.numbers import format_percent
from markupsafe import Markup

from . import LANGUAGES
from .charts import bar_chart, timeline_chart
from .content import LINK_FIELDS
from .html import show_date
from .model import Record, Repository
from .pages import SitePage
from .strings import t

URL = "dashboard/"


def by_place(repo: Repository, records: list[Record]) -> dict[str, Counter]:
    """For each country or scope, its records per collection code (a record counts in each of its places)."""
    return {code: Counter(r.collection.code for r in records if code in r.countries) for code in repo.vocabularies.places}


def by_theme(repo: Repository, records: list[Record]) -> dict[str, int]:
    return {code: sum(1 for r in records if code in r.themes) for code in repo.vocabularies.themes}


def by_action(repo: Repository, records: list[Record]) -> dict[str, int]:
    return {code: sum(1 for r in records if code in r.actions) for code in repo.plan.actions}


def by_year(records: list[Record]) -> dict[int | None, int]:
    """Records per year of publication or adoption; None counts the undated ones."""
    return dict(Counter(r.year for r in records))


def translated_by_collection(repo: Repository, records: list[Record]) -> dict[str, tuple[int, int]]:
    """Per collection code: (records fully in English, records)."""
    return {c.code: (sum(1 for r in records if r.collection is c and r.translated), sum(1 for r in records if r.collection is c)) for c in repo.collections}


def by_source_kind(repo: Repository, records: list[Record]) -> dict[str, tuple[int, int]]:
    """Per kind of source: (records, of which regulatory frameworks)."""
    return {code: (sum(1 for r in records if r.source_kind == code), sum(1 for r in records if r.source_kind == code and r.collection.kind == "framework"))
            for code in repo.vocabularies.source_kinds}


def cited_links(records: list[Record]) -> dict[str, list[Record]]:
    """Each address the records cite (source, official text, document), with the records citing it."""
    found: dict[str, list[Record]] = {}
    for record in records:
        for key in LINK_FIELDS:
            if key in record.data:
                found.setdefault(record.data[key], []).append(record)
    return found


def curation_by_collection(repo: Repository) -> dict[str, tuple[int, int, int]]:
    """Per collection code, over every record: (published, drafts, with a gender review)."""
    counts = {}
    for c in repo.collections:
        mine = [r for r in repo.records if r.collection is c]
        counts[c.code] = (sum(1 for r in mine if r.published), sum(1 for r in mine if not r.published), sum(1 for r in mine if "gender_review" in r.data))
    return counts


def lens_by_collection(repo: Repository, records: list[Record]) -> dict[str, Counter]:
    """Per collection code, its records per answer on sex-disaggregated data."""
    return {c.code: Counter(r.gender_review.sex_disaggregated_data for r in records if r.collection is c) for c in repo.collections}


def lens_by_place(repo: Repository, records: list[Record]) -> dict[str, Counter]:
    """Per country or scope, its records per answer (a record counts in each of its places)."""
    return {code: Counter(r.gender_review.sex_disaggregated_data for r in records if code in r.countries) for code in repo.vocabularies.places}


# (level, anchor, heading) of the page's sections, in order: the theme lists them.
TOC = ((2, "by-place", "dash_by_place"), (2, "by-theme", "dash_by_theme"), (2, "by-action", "dash_by_action"),
       (3, "gaps", "dash_gaps"), (3, "all-actions", "dash_all_actions"), (2, "by-year", "dash_by_year"),
       (2, "translation", "dash_translation"), (2, "gender-lens", "dash_lens"), (3, "lens-by-collection", "dash_lens_by_collection"),
       (3, "lens-by-place", "dash_lens_by_place"), (2, "curation", "dash_curation"), (2, "sources", "dash_sources"), (2, "links", "dash_links"))


def pages(repo: Repository) -> list[SitePage]:
    return [SitePage(URL, lang, "dashboard.html", t("dash_title", lang), description=t("dash_intro", lang),
                     toc=[(level, anchor, t(key, lang)) for level, anchor, key in TOC],
                     context={"here": URL, "dash": Dashboard(repo, lang)})
            for lang in LANGUAGES]


class Link(NamedTuple):
    """A table cell that links to another page (a site-relative, language-neutral URL)."""
    url: str
    text: str


class Table(NamedTuple):
    """Header cells, rows (the first cell heads its row) and an optional footer row;
    a cell is text, a number or a Link. partials/crm/table.html draws it."""
    head: list
    rows: list
    foot: list | None = None


def _values(rows) -> str:
    return "; ".join(f"{label}: {sum(values)}" for label, values in rows)


class Dashboard:
    """The numbers, charts (SVG, from charts.py) and tables of the dashboard page in one language."""

    def __init__(self, repo: Repository, lang: str):
        self.repo, self.lang, self.v = repo, lang, repo.vocabularies
        self.records = repo.visible_records(include_drafts=False)

    def share(self, part: int, whole: int) -> str:
        return format_percent(part / whole if whole else 0, locale=self.lang)

    def action_link(self, action) -> Link:
        return Link(f"plan/{action.slug}/", t("action", self.lang) + " " + action.code)

    @cached_property
    def key_figures(self) -> list[tuple[str, str]]:
        lang, actions = self.lang, by_action(self.repo, self.records)
        covered = sum(1 for n in actions.values() if n)
        translated = sum(1 for r in self.records if r.translated)
        return [
            (t("dash_key_records", lang), str(len(self.records))),
            (t("dash_key_actions", lang), t("dash_of", lang, n=covered, total=len(actions))),
            (t("dash_key_translated", lang), f"{translated} ({self.share(translated, len(self.records))})"),
        ]

    @cached_property
    def places(self) -> tuple[Markup, Table]:
        lang, collections = self.lang, self.repo.collections
        counts = by_place(self.repo, self.records)
        labels = {code: self.v.place_label(code, lang) for code in counts}
        rows = [(labels[code], [counts[code][c.code] for c in collections]) for code in counts]
        series = [c.label.get(lang) for c in collections]
        chart = bar_chart("chart-places", t("dash_by_place", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [t("dash_place", lang)] + [Link(f"{c.code}/", c.label.get(lang)) for c in collections] + [t("dash_total", lang)]
        body = [[Link(f"countries/{code.lower()}/", labels[code])] + [counts[code][c.code] for c in collections] + [sum(counts[code].values())] for code in counts]
        per_collection = Counter(r.collection.code for r in self.records)
        foot = [t("dash_total_records", lang)] + [per_collection[c.code] for c in collections] + [len(self.records)]
        return Markup(chart), Table(head, body, foot)

    @cached_property
    def themes(self) -> tuple[Markup, Table]:
        lang, counts = self.lang, by_theme(self.repo, self.records)
        rows = [(self.v.themes[code].get(lang), [n]) for code, n in counts.items()]
        chart = bar_chart("chart-themes", t("dash_by_theme", lang), f"{t('dash_chart_bars', lang)} {_values(rows)}", rows, [t("dash_records", lang)])
        body = [[Link(f"themes/{code}/", self.v.themes[code].get(lang)), n] for code, n in counts.items()]
        return Markup(chart), Table([t("dash_theme", lang), t("dash_records", lang)], body)

    @cached_property
    def gaps(self) -> Table | None:
        """The plan actions with no record yet; a table rather than a list: a link alone
        in its cell needs no underline to stand out."""
        lang, counts = self.lang, by_action(self.repo, self.records)
        gaps = [action for code, action in self.repo.plan.actions.items() if not counts[code]]
        if not gaps:
            return None
        return Table([t("action", lang), t("dash_action_text", lang)], [[self.action_link(a), a.text.get(lang)] for a in gaps])

    @cached_property
    def actions(self) -> tuple[Markup, Table]:
        lang, counts, plan = self.lang, by_action(self.repo, self.records), self.repo.plan
        rows = [(code, [n]) for code, n in counts.items()]
        chart = bar_chart("chart-actions", t("dash_by_action", lang), f"{t('dash_chart_bars', lang)} {_values(rows)}", rows, [t("dash_records", lang)])
        body = [[self.action_link(a), a.text.get(lang), counts[code]] for code, a in plan.actions.items()]
        return Markup(chart), Table([t("action", lang), t("dash_action_text", lang), t("dash_records", lang)], body)

    @property
    def action_count(self) -> int:
        return len(self.repo.plan.actions)

    @cached_property
    def years(self) -> tuple[Markup | None, Table]:
        lang, counts = self.lang, by_year(self.records)
        dated = {year: n for year, n in counts.items() if year is not None}
        chart = None
        if dated:
            description = t("dash_chart_timeline", lang, first=min(dated), last=max(dated)) + " " + "; ".join(f"{y}: {n}" for y, n in sorted(dated.items()))
            chart = Markup(timeline_chart("chart-years", t("dash_by_year", lang), description, dated))
        body = [[year, n] for year, n in sorted(dated.items(), reverse=True)]
        if None in counts:
            body.append([t("dash_undated", lang), counts[None]])
        return chart, Table([t("dash_year", lang), t("dash_records", lang)], body)

    @cached_property
    def translation(self) -> tuple[str, Markup, Table]:
        lang, counts, collections = self.lang, translated_by_collection(self.repo, self.records), self.repo.collections
        translated = sum(done for done, _ in counts.values())
        rows = [(c.label.get(lang), [counts[c.code][0], counts[c.code][1] - counts[c.code][0]]) for c in collections]
        series = [t("dash_translated", lang), t("dash_untranslated", lang)]
        chart = bar_chart("chart-translation", t("dash_translation", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [t("field_collection", lang), series[0], series[1], t("dash_share", lang)]
        body = [[Link(f"{c.code}/", c.label.get(lang)), done, total - done, self.share(done, total)] for c in collections for done, total in [counts[c.code]]]
        foot = [t("dash_total", lang), translated, len(self.records) - translated, self.share(translated, len(self.records))]
        summary = t("dash_translation_text", lang, n=translated, total=len(self.records), share=self.share(translated, len(self.records)))
        return summary, Markup(chart), Table(head, body, foot)

    @cached_property
    def lens(self) -> dict:
        """Footnote 4 of the Plan across the repository: which documents have sex-disaggregated
        data, by collection and by country, and how the lenses were reviewed."""
        lang, answers = self.lang, list(self.v.sex_disaggregated_data)
        labels = [self.v.sex_disaggregated_data[code].get(lang) for code in answers]
        total = Counter(r.gender_review.sex_disaggregated_data for r in self.records)
        statuses = Counter(r.gender_review.review_status for r in self.records)
        with_data = total["present"] + total["partial"]
        head = labels + [t("dash_total", lang)]
        foot = [t("dash_total", lang)] + [total[code] for code in answers] + [len(self.records)]

        def section(chart_id: str, title: str, first: str, counts: dict[str, Counter], links: dict[str, Link], with_foot: bool):
            rows = [(links[code].text, [counts[code][a] for a in answers]) for code in counts]
            chart = bar_chart(chart_id, t(title, lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, labels)
            body = [[links[code]] + [counts[code][a] for a in answers] + [sum(counts[code].values())] for code in counts]
            return Markup(chart), Table([t(first, lang)] + head, body, foot if with_foot else None)

        collections = {c.code: Link(f"{c.code}/", c.label.get(lang)) for c in self.repo.collections}
        places = {code: Link(f"countries/{code.lower()}/", self.v.place_label(code, lang)) for code in self.v.places}
        return {
            "summary": t("dash_lens_text", lang, n=with_data, total=len(self.records), share=self.share(with_data, len(self.records))),
            "reviews": "; ".join(f"{label.get(lang)}: {statuses[code]}" for code, label in self.v.gender_review_statuses.items()),
            "by_collection": section("chart-lens-collections", "dash_lens_by_collection", "field_collection",
                                     lens_by_collection(self.repo, self.records), collections, True),
            "by_place": section("chart-lens-places", "dash_lens_by_place", "dash_place", lens_by_place(self.repo, self.records), places, False),
        }

    @cached_property
    def curation(self) -> tuple[Markup, Table]:
        lang, counts, collections = self.lang, curation_by_collection(self.repo), self.repo.collections
        rows = [(c.label.get(lang), list(counts[c.code][:2])) for c in collections]
        series = [t("dash_published", lang), t("dash_drafts", lang)]
        chart = bar_chart("chart-curation", t("dash_curation", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [t("field_collection", lang), series[0], series[1], t("dash_reviewed", lang)]
        body = [[Link(f"{c.code}/", c.label.get(lang))] + list(counts[c.code]) for c in collections]
        foot = [t("dash_total", lang)] + [sum(column) for column in zip(*counts.values())]
        return Markup(chart), Table(head, body, foot)

    @cached_property
    def sources(self) -> tuple[str, Markup, Table]:
        """Records by kind of source, and how many frameworks link to an official text."""
        lang, counts = self.lang, by_source_kind(self.repo, self.records)
        labels = {code: label.get(lang) for code, label in self.v.source_kinds.items()}
        rows = [(labels[code], [n]) for code, (n, _) in counts.items()]
        chart = bar_chart("chart-sources", t("dash_sources", lang), f"{t('dash_chart_bars', lang)} {_values(rows)}", rows, [t("dash_records", lang)])
        head = [t("field_source_kind", lang), t("dash_records", lang), t("dash_sources_share", lang), t("dash_sources_frameworks", lang)]
        body = [[labels[code], n, self.share(n, len(self.records)), frameworks] for code, (n, frameworks) in counts.items()]
        frameworks = [r for r in self.records if r.collection.kind == "framework"]
        official = sum(1 for r in frameworks if r.has_official_link)
        held = sum(len(r.files) for r in self.records)
        summary = t("dash_sources_official", lang, n=official, total=len(frameworks)) + " " + t("dash_sources_held", lang, n=held, records=sum(1 for r in self.records if r.files))
        return summary, Markup(chart), Table(head, body)

    @cached_property
    def link_health(self) -> tuple[str, Table, Table | None] | None:
        """What content/link-health.yml says about the addresses the records cite: None before the first check."""
        lang, health, cited = self.lang, self.repo.link_health, cited_links(self.records)
        checked = {url: health[url] for url in cited if url in health}
        if not checked:
            return None
        last = max(h.checked for h in checked.values())
        summary = t("dash_links_note", lang, n=len(checked), total=len(cited), date=show_date(last, lang))
        statuses = ("ok", "redirect", "dead")
        counts = Table([t("dash_links_status", lang), t("dash_links_count", lang)],
                       [[t(f"dash_links_{status}", lang), sum(1 for h in checked.values() if h.status == status)] for status in statuses])
        broken = sorted((url for url, h in checked.items() if h.status != "ok"), key=lambda url: (checked[url].status != "dead", url))
        rows = []
        for url in broken:
            h = checked[url]
            what = t(f"dash_links_{h.status}", lang) + (f" ({h.detail})" if h.detail else "") + (f": {h.redirect_to}" if h.redirect_to else "")
            records = cited[url]
            rows.append([url, what, [Link(f"{r.id}/", r.title.get(lang)) for r in records],
                         t("dash_of", lang, n=sum(1 for r in records if "archived_url" in r.data), total=len(records)), show_date(h.checked, lang)])
        head = [t("dash_links_url", lang), t("dash_links_status", lang), t("dash_records", lang), t("field_archived_url", lang), t("dash_links_checked", lang)]
        return summary, counts, Table(head, rows) if rows else None
