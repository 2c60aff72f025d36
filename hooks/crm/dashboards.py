"""Dashboard pages (plan action 1.1): what the repository holds and where the Plan lacks resources.

page_files(repo) -> {docs-relative .md name: text}, for dashboard/ in every language.
Every number counts published records only, except the curation counts, which also
count drafts (as numbers: drafts are never linked, since they are never published).
"""
from __future__ import annotations

from collections import Counter

from babel.numbers import format_percent

from . import DEFAULT_LANGUAGE, LANGUAGES
from .charts import bar_chart, timeline_chart
from .html import e, rel
from .model import NO_ANSWER, Record, Repository
from .pages import _page, source_name
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


def curation_by_collection(repo: Repository) -> dict[str, tuple[int, int, int]]:
    """Per collection code, over every record: (published, drafts, with a gender review)."""
    counts = {}
    for c in repo.collections:
        mine = [r for r in repo.records if r.collection is c]
        counts[c.code] = (sum(1 for r in mine if r.published), sum(1 for r in mine if not r.published), sum(1 for r in mine if "gender_review" in r.data))
    return counts


def lens_answers(repo: Repository) -> list[str]:
    """The answers on sex-disaggregated data a record may give, then 'no answer yet'."""
    return list(repo.vocabularies.sex_disaggregated_data) + [NO_ANSWER]


def lens_by_collection(repo: Repository, records: list[Record]) -> dict[str, Counter]:
    """Per collection code, its records per answer on sex-disaggregated data."""
    return {c.code: Counter(r.gender_review.data_answer for r in records if r.collection is c) for c in repo.collections}


def lens_by_place(repo: Repository, records: list[Record]) -> dict[str, Counter]:
    """Per country or scope, its records per answer (a record counts in each of its places)."""
    return {code: Counter(r.gender_review.data_answer for r in records if code in r.countries) for code in repo.vocabularies.places}


def page_files(repo: Repository) -> dict[str, str]:
    return {source_name(URL, lang): _page(t("dash_title", lang), DashboardPage(repo, lang).body(), description=t("dash_intro", lang)) for lang in LANGUAGES}


def _table(head: list[str], rows: list[list[str]], foot: list[str] | None = None) -> str:
    """A table whose first column heads each row; cells are already escaped HTML."""
    def row(cells):
        return f'<tr><th scope="row">{cells[0]}</th>' + "".join(f"<td>{cell}</td>" for cell in cells[1:]) + "</tr>"

    html = "<table><thead><tr>" + "".join(f'<th scope="col">{cell}</th>' for cell in head) + "</tr></thead><tbody>"
    html += "".join(row(cells) for cells in rows) + "</tbody>"
    if foot:
        html += "<tfoot>" + row(foot) + "</tfoot>"
    return html + "</table>"


def _figure(svg: str) -> str:
    return f'<figure class="crm-chart">{svg}</figure>'


def _values(rows) -> str:
    return "; ".join(f"{label}: {sum(values)}" for label, values in rows)


class DashboardPage:
    def __init__(self, repo: Repository, lang: str):
        self.repo, self.lang, self.v = repo, lang, repo.vocabularies
        self.records = repo.visible_records(include_drafts=False)

    def link(self, url: str, text: str) -> str:
        return f'<a href="{rel(URL, url)}">{e(text)}</a>'

    def heading(self, key: str, anchor: str, level: int = 2) -> str:
        # A Markdown heading, so that the theme lists it in the table of contents.
        return f"{'#' * level} {e(t(key, self.lang))} {{#{anchor}}}"

    def share(self, part: int, whole: int) -> str:
        return format_percent(part / whole if whole else 0, locale=self.lang)

    def body(self) -> str:
        sections = [self.key_figures(), self.places(), self.themes(), self.actions(), self.years(), self.translation(), self.gender_lens(), self.curation()]
        return "\n\n".join(sections)

    def key_figures(self) -> str:
        lang, actions = self.lang, by_action(self.repo, self.records)
        covered = sum(1 for n in actions.values() if n)
        translated = sum(1 for r in self.records if r.translated)
        figures = [
            (t("dash_key_records", lang), str(len(self.records))),
            (t("dash_key_actions", lang), t("dash_of", lang, n=covered, total=len(actions))),
            (t("dash_key_translated", lang), f"{translated} ({self.share(translated, len(self.records))})"),
        ]
        items = "".join(f"<div><dt>{e(label)}</dt><dd>{e(value)}</dd></div>" for label, value in figures)
        return (f"<p>{e(t('dash_intro', lang))}</p>\n\n<p>{self.link('data/', t('dash_data_link', lang))}</p>\n\n"
                f'<dl class="crm-key-figures">{items}</dl>')

    def places(self) -> str:
        lang, collections = self.lang, self.repo.collections
        counts = by_place(self.repo, self.records)
        labels = {code: self.v.place_label(code, lang) for code in counts}
        rows = [(labels[code], [counts[code][c.code] for c in collections]) for code in counts]
        series = [c.label.get(lang) for c in collections]
        chart = bar_chart("chart-places", t("dash_by_place", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [e(t("dash_place", lang))] + [self.link(f"{c.code}/", c.label.get(lang)) for c in collections] + [e(t("dash_total", lang))]
        body = [[self.link(f"countries/{code.lower()}/", labels[code])] + [str(counts[code][c.code]) for c in collections] + [str(sum(counts[code].values()))] for code in counts]
        per_collection = Counter(r.collection.code for r in self.records)
        foot = [e(t("dash_total_records", lang))] + [str(per_collection[c.code]) for c in collections] + [str(len(self.records))]
        return "\n\n".join([self.heading("dash_by_place", "by-place"), f"<p>{e(t('dash_by_place_note', lang))}</p>", _figure(chart), _table(head, body, foot)])

    def themes(self) -> str:
        lang, counts = self.lang, by_theme(self.repo, self.records)
        rows = [(self.v.themes[code].get(lang), [n]) for code, n in counts.items()]
        chart = bar_chart("chart-themes", t("dash_by_theme", lang), f"{t('dash_chart_bars', lang)} {_values(rows)}", rows, [t("dash_records", lang)])
        body = [[self.link(f"themes/{code}/", self.v.themes[code].get(lang)), str(n)] for code, n in counts.items()]
        table = _table([e(t("dash_theme", lang)), e(t("dash_records", lang))], body)
        return "\n\n".join([self.heading("dash_by_theme", "by-theme"), f"<p>{e(t('dash_by_theme_note', lang))}</p>", _figure(chart), table])

    def actions(self) -> str:
        lang, counts, plan = self.lang, by_action(self.repo, self.records), self.repo.plan
        gaps = [action for code, action in plan.actions.items() if not counts[code]]
        if gaps:
            # A table rather than a list: a link alone in its cell needs no underline to stand out.
            table = _table([e(t("action", lang)), e(t("dash_action_text", lang))],
                           [[self.link(f"plan/{a.slug}/", t("action", lang) + " " + a.code), e(a.text.get(lang))] for a in gaps])
            gap_html = f"<p>{e(t('dash_gaps_intro', lang, n=len(gaps), total=len(counts)))}</p>\n\n{table}"
        else:
            gap_html = f"<p>{e(t('dash_no_gaps', lang))}</p>"
        rows = [(code, [n]) for code, n in counts.items()]
        chart = bar_chart("chart-actions", t("dash_by_action", lang), f"{t('dash_chart_bars', lang)} {_values(rows)}", rows, [t("dash_records", lang)])
        body = [[self.link(f"plan/{a.slug}/", t("action", lang) + " " + a.code), e(a.text.get(lang)), str(counts[code])] for code, a in plan.actions.items()]
        table = _table([e(t("action", lang)), e(t("dash_action_text", lang)), e(t("dash_records", lang))], body)
        translation_note = f"<p>{e(t('translation_note', lang))}</p>\n\n" if lang != DEFAULT_LANGUAGE else ""
        return "\n\n".join([self.heading("dash_by_action", "by-action"), self.heading("dash_gaps", "gaps", 3), translation_note + gap_html,
                            self.heading("dash_all_actions", "all-actions", 3), _figure(chart), table])

    def years(self) -> str:
        lang, counts = self.lang, by_year(self.records)
        dated = {year: n for year, n in counts.items() if year is not None}
        parts = [self.heading("dash_by_year", "by-year"), f"<p>{e(t('dash_by_year_note', lang))}</p>"]
        if dated:
            description = t("dash_chart_timeline", lang, first=min(dated), last=max(dated)) + " " + "; ".join(f"{y}: {n}" for y, n in sorted(dated.items()))
            parts.append(_figure(timeline_chart("chart-years", t("dash_by_year", lang), description, dated)))
        body = [[str(year), str(n)] for year, n in sorted(dated.items(), reverse=True)]
        if None in counts:
            body.append([e(t("dash_undated", lang)), str(counts[None])])
        parts.append(_table([e(t("dash_year", lang)), e(t("dash_records", lang))], body))
        return "\n\n".join(parts)

    def translation(self) -> str:
        lang, counts, collections = self.lang, translated_by_collection(self.repo, self.records), self.repo.collections
        translated = sum(done for done, _ in counts.values())
        rows = [(c.label.get(lang), [counts[c.code][0], counts[c.code][1] - counts[c.code][0]]) for c in collections]
        series = [t("dash_translated", lang), t("dash_untranslated", lang)]
        chart = bar_chart("chart-translation", t("dash_translation", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [e(t("field_collection", lang)), e(series[0]), e(series[1]), e(t("dash_share", lang))]
        body = [[self.link(f"{c.code}/", c.label.get(lang)), str(done), str(total - done), e(self.share(done, total))] for c in collections for done, total in [counts[c.code]]]
        foot = [e(t("dash_total", lang)), str(translated), str(len(self.records) - translated), e(self.share(translated, len(self.records)))]
        summary = t("dash_translation_text", lang, n=translated, total=len(self.records), share=self.share(translated, len(self.records)))
        return "\n\n".join([self.heading("dash_translation", "translation"), f"<p>{e(summary)}</p>", _figure(chart), _table(head, body, foot)])

    def curation(self) -> str:
        lang, counts, collections = self.lang, curation_by_collection(self.repo), self.repo.collections
        rows = [(c.label.get(lang), list(counts[c.code][:2])) for c in collections]
        series = [t("dash_published", lang), t("dash_drafts", lang)]
        chart = bar_chart("chart-curation", t("dash_curation", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, series)
        head = [e(t("field_collection", lang)), e(series[0]), e(series[1]), e(t("dash_reviewed", lang))]
        body = [[self.link(f"{c.code}/", c.label.get(lang))] + [str(n) for n in counts[c.code]] for c in collections]
        foot = [e(t("dash_total", lang))] + [str(sum(column)) for column in zip(*counts.values())]
        return "\n\n".join([self.heading("dash_curation", "curation"), f"<p>{e(t('dash_curation_note', lang))}</p>", _figure(chart), _table(head, body, foot)])

    def gender_lens(self) -> str:
        """Footnote 4 of the Plan across the repository: which documents have sex-disaggregated
        data, by collection and by country, and how the lens was reviewed."""
        lang, answers = self.lang, lens_answers(self.repo)
        labels = [self.v.sex_disaggregated_data[code].get(lang) for code in answers[:-1]] + [t("lens_no_answer", lang)]
        total = Counter(r.gender_review.data_answer for r in self.records)
        statuses = Counter(r.gender_review.review_status for r in self.records)
        with_data = total["present"] + total["partial"]
        summary = t("dash_lens_text", lang, n=with_data, total=len(self.records), share=self.share(with_data, len(self.records)), unanswered=total[NO_ANSWER])
        reviews = "; ".join(f"{label.get(lang)}: {statuses[code]}" for code, label in self.v.gender_review_statuses.items())
        parts = [self.heading("dash_lens", "gender-lens"), f"<p>{e(summary)}</p>\n\n<p>{e(t('dash_lens_reviews', lang))} {e(reviews)}.</p>"]
        head_total = [e(label) for label in labels] + [e(t("dash_total", lang))]
        foot = [e(t("dash_total", lang))] + [str(total[code]) for code in answers] + [str(len(self.records))]

        counts = lens_by_collection(self.repo, self.records)
        names = {c.code: c.label.get(lang) for c in self.repo.collections}
        rows = [(names[code], [counts[code][a] for a in answers]) for code in counts]
        chart = bar_chart("chart-lens-collections", t("dash_lens_by_collection", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, labels)
        body = [[self.link(f"{code}/", names[code])] + [str(counts[code][a]) for a in answers] + [str(sum(counts[code].values()))] for code in counts]
        parts += [self.heading("dash_lens_by_collection", "lens-by-collection", 3), _figure(chart), _table([e(t("field_collection", lang))] + head_total, body, foot)]

        counts = lens_by_place(self.repo, self.records)
        names = {code: self.v.place_label(code, lang) for code in counts}
        rows = [(names[code], [counts[code][a] for a in answers]) for code in counts]
        chart = bar_chart("chart-lens-places", t("dash_lens_by_place", lang), f"{t('dash_chart_stacked', lang)} {_values(rows)}", rows, labels)
        body = [[self.link(f"countries/{code.lower()}/", names[code])] + [str(counts[code][a]) for a in answers] + [str(sum(counts[code].values()))] for code in counts]
        parts += [self.heading("dash_lens_by_place", "lens-by-place", 3), f"<p>{e(t('dash_by_place_note', lang))}</p>", _figure(chart),
                  _table([e(t("dash_place", lang))] + head_total, body)]
        return "\n\n".join(parts)
