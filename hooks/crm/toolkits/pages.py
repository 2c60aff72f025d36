"""The toolkit pages: toolkits/ (the list) and toolkits/<slug>/, in both languages.

Downloads live once, at the site root (downloads/), so English pages link up past en/.
The personaliser's templates are the bundle's own SVGs, embedded in inert <template>
elements: the page works offline and from file://, with no request for the artwork.
"""
from __future__ import annotations

from babel.numbers import format_decimal

from .. import DEFAULT_LANGUAGE, LANGUAGES
from ..html import e, rel, show_date
from ..pages import _page, source_name
from ..strings import t
from .bundle import DOWNLOADS, bundles, size_label

ASSETS = "assets/toolkits/"


def _prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def _kb(size: int, lang: str) -> str:
    return f"{format_decimal(max(1, round(size / 1024)), locale=lang)} KB"


class _ToolkitPage:
    def __init__(self, repo, kit, lang: str):
        self.repo, self.kit, self.lang = repo, kit, lang
        self.here = f"toolkits/{kit.slug}/"
        self.site_here = _prefix(lang) + self.here  # for links to the root's downloads/ and assets/
        self.bundle = bundles(kit)[lang]
        self.d = kit.data

    def g(self, value: dict) -> str:
        return e(value[self.lang])

    def file_url(self, path: str) -> str:
        """Link to one unpacked file of this page's bundle."""
        return rel(self.site_here, f"{DOWNLOADS}/{self.bundle.name}/") + path

    def render(self) -> str:
        lang, d = self.lang, self.d
        sections = [
            ("purpose", t("toolkit_purpose", lang), f"<p>{self.g(d['purpose'])}</p>"),
            ("downloads", t("toolkit_downloads", lang), self.downloads()),
            ("artwork", t("toolkit_artwork", lang), self.artwork()),
            ("planning", t("toolkit_planning", lang), self.planning()),
            ("audiences", t("toolkit_audiences", lang), self.audiences()),
            ("channels", t("toolkit_channels", lang), self.channels()),
            ("safeguards", t("toolkit_safeguards", lang), self.safeguards()),
            ("indicators", t("toolkit_indicators", lang), self.indicators()),
            ("evaluation", t("toolkit_evaluation", lang), f"<p>{e(t('toolkit_evaluation_intro', lang))}</p><ol>" + "".join(f"<li>{self.g(q)}</li>" for q in d["evaluation"]) + "</ol>"),
            ("files", t("toolkit_files", lang), self.files()),
            ("attribution", t("toolkit_attribution", lang), self.attribution()),
        ]
        toc = "".join(f'<li><a href="#{key}">{e(title)}</a></li>' for key, title, _ in sections)
        parts = [
            f'<p class="crm-summary">{self.g(d["summary"])}</p>',
            f'<p class="crm-meta">{self.meta()}</p>',
            f'<nav class="crm-toolkit-toc" aria-label="{e(t("toolkit_on_this_page", lang))}"><ul>{toc}</ul></nav>',
        ]
        for key, title, body in sections:
            parts.append(f'<section class="crm-toolkit-section" aria-labelledby="{key}"><h2 id="{key}">{e(title)}</h2>\n{body}\n</section>')
            if key == "downloads":
                parts.append(self.personaliser())  # hidden until its script runs, so not in the contents list
        parts.append(
            f'<div class="crm-toolkit-assets"><link rel="stylesheet" href="{rel(self.site_here, ASSETS)}toolkits.css">'
            f'<script src="{rel(self.site_here, ASSETS)}personaliser.js" defer></script></div>'
        )
        return "\n\n".join(parts)

    def meta(self) -> str:
        lang, v = self.lang, self.repo.vocabularies
        actions = ", ".join(f'<a href="{rel(self.here, "plan/" + code.replace(".", "-") + "/")}">{e(t("action", lang))} {e(code)}</a>' for code in self.kit.actions)
        themes = ", ".join(f'<a href="{rel(self.here, f"themes/{code}/")}">{e(v.themes[code].get(lang))}</a>' for code in self.kit.themes)
        version = t("toolkit_version", lang, version=self.kit.version, date=show_date(self.d["date"], lang))
        return " · ".join([e(version), e(t("toolkit_publisher", lang, publisher=self.d["publisher"][lang])), actions, themes])

    def downloads(self) -> str:
        items = []
        for lang in LANGUAGES:
            bundle = bundles(self.kit)[lang]
            label = t("toolkit_download_bundle", self.lang, language=self.repo.vocabularies.language_label(lang, self.lang), size=_kb(len(bundle.zip), self.lang))
            href = rel(self.site_here, f"{DOWNLOADS}/") + bundle.file_name
            items.append(
                f'<li><a class="md-button md-button--primary" href="{e(href)}" download hreflang="{lang}">{e(label)}</a>'
                f'<br><span class="crm-meta">SHA-256 <code>{bundle.sha256}</code></span></li>'
            )
        sums = rel(self.site_here, f"{DOWNLOADS}/") + "SHA256SUMS"
        return f'<ul class="crm-toolkit-downloads">{"".join(items)}</ul><p><a href="{e(sums)}">{e(t("toolkit_checksums", self.lang))}</a></p>'

    def artwork(self) -> str:
        lang, figures = self.lang, []
        for piece in self.kit.layouts:
            svg, png = self.bundle.file(f"artwork/{piece}.svg"), self.bundle.file(f"artwork/{piece}.png")
            name = t(f"toolkit_piece_{piece}", lang)
            figures.append(
                f'<figure class="crm-toolkit-piece"><a href="{e(self.file_url(svg.path))}">'
                f'<img src="{e(self.file_url(png.path))}" width="{png.size["width"]}" height="{png.size["height"]}" loading="lazy" '
                f'alt="{e(name)}: {self.g(self.d["artwork"]["headline"])}"></a>'
                f"<figcaption>{e(name)}<br>{e(size_label(svg.size, lang))}</figcaption></figure>"
            )
        return f"<p>{e(t('toolkit_artwork_intro', lang))}</p><div class=\"crm-toolkit-pieces\">{''.join(figures)}</div>"

    def planning(self) -> str:
        lang, d = self.lang, self.d
        roles = {role["code"]: role for role in d["roles"]}
        weeks = max(phase["weeks"]["end"] for phase in d["phases"])
        week = e(t("toolkit_week_short", lang))
        head = "".join(f'<th scope="col">{week}{n}</th>' for n in range(1, weeks + 1))
        rows = []
        for phase in d["phases"]:
            span = range(phase["weeks"]["start"], phase["weeks"]["end"] + 1)
            cells = "".join('<td class="crm-week crm-week--on"><span aria-hidden="true">■</span></td>' if n in span else '<td class="crm-week"></td>' for n in range(1, weeks + 1))
            rows.append(f'<tr><th scope="row">{self.g(phase["name"])}<br><span class="crm-meta">{e(t("toolkit_weeks", lang, **phase["weeks"]))}</span></th>{cells}</tr>')
        parts = [
            f"<p>{e(t('toolkit_planning_intro', lang))}</p>",
            f'<div class="crm-toolkit-timeline" tabindex="0" role="region" aria-label="{e(t("toolkit_timeline", lang))}"><table class="crm-toolkit-timeline-table"><caption>{e(t("toolkit_timeline", lang))}</caption><thead><tr><th scope="col">{e(t("toolkit_phase", lang))}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>',
            f"<h3>{e(t('toolkit_roles', lang))}</h3><dl>" + "".join(f"<dt>{self.g(r['label'])}</dt><dd>{self.g(r['description'])}</dd>" for r in d["roles"]) + "</dl>",
        ]
        for number, phase in enumerate(d["phases"], 1):
            tasks = "".join(f"<tr><td>{self.g(task['text'])}</td><td>{self.g(roles[task['role']]['label'])}</td></tr>" for task in phase["tasks"])
            parts.append(
                f'<h3 id="phase-{number}">{number}. {self.g(phase["name"])} <span class="crm-meta">({e(t("toolkit_weeks", lang, **phase["weeks"]))})</span></h3>'
                f"<p><strong>{e(t('toolkit_goal', lang))}:</strong> {self.g(phase['goal'])}</p>"
                f'<table><thead><tr><th scope="col">{e(t("toolkit_tasks", lang))}</th><th scope="col">{e(t("toolkit_role", lang))}</th></tr></thead><tbody>{tasks}</tbody></table>'
                f"<p><strong>{e(t('toolkit_deliverables', lang))}:</strong></p><ul>" + "".join(f"<li>{self.g(item)}</li>" for item in phase["deliverables"]) + "</ul>"
            )
        return "\n".join(parts)

    def audiences(self) -> str:
        return "\n".join(
            f"<h3>{self.g(audience['label'])}</h3><ul>" + "".join(f"<li>{self.g(m)}</li>" for m in audience["messages"]) + "</ul>"
            for audience in self.d["audiences"]
        )

    def channels(self) -> str:
        lang, d = self.lang, self.d
        audiences = {a["code"]: a["label"][lang] for a in d["audiences"]}
        header = "".join(f'<th scope="col">{e(t(key, lang))}</th>' for key in ("toolkit_channel", "toolkit_channel_audiences", "toolkit_channel_pieces", "toolkit_channel_notes"))
        rows = "".join(
            f"<tr><td>{self.g(c['label'])}</td><td>{e('; '.join(audiences[a] for a in c['audiences']))}</td>"
            f"<td>{e('; '.join(t(f'toolkit_piece_{p}', lang) for p in c['pieces']))}</td><td>{self.g(c['notes'])}</td></tr>"
            for c in d["channels"]
        )
        return f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"

    def safeguards(self) -> str:
        return "\n".join(
            f"<h3>{e(t(f'toolkit_{key}', self.lang))}</h3><ul>" + "".join(f"<li>{self.g(item)}</li>" for item in self.d["safeguards"][key]) + "</ul>"
            for key in ("do_no_harm", "consent")
        )

    def indicators(self) -> str:
        lang = self.lang
        header = "".join(f'<th scope="col">{e(t(key, lang))}</th>' for key in ("toolkit_indicator", "toolkit_indicator_kind", "toolkit_means"))
        rows = "".join(f"<tr><td>{self.g(i['label'])}</td><td>{e(t('toolkit_kind_' + i['kind'], lang))}</td><td>{self.g(i['means'])}</td></tr>" for i in self.d["indicators"])
        return f"<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"

    def files(self) -> str:
        lang = self.lang
        header = "".join(f'<th scope="col">{e(t(key, lang))}</th>' for key in ("toolkit_file", "toolkit_format", "toolkit_size", "toolkit_bytes"))
        rows = "".join(
            f'<tr><td><a href="{e(self.file_url(f.path))}"><code>{e(f.path)}</code></a></td><td>{e(f.format)}</td>'
            f'<td>{e(size_label(f.size, lang)) if f.size else ""}</td><td class="crm-number">{e(format_decimal(len(f.data), locale=lang))}</td></tr>'
            for f in self.bundle.files
        )
        return f'<p class="crm-meta"><code>{e(self.bundle.file_name)}</code></p><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>'

    def attribution(self) -> str:
        lang, licence = self.lang, self.d["licence"]
        label = self.repo.vocabularies.licences[licence["code"]].get(lang)
        return (
            f'<p id="attribution-help">{e(t("toolkit_attribution_help", lang, licence=label))} <a href="{e(licence["url"])}" rel="noopener license">{e(licence["url"])}</a></p>'
            f'<textarea id="attribution-text" class="crm-toolkit-attribution" readonly rows="4" aria-labelledby="attribution" aria-describedby="attribution-help">{self.g(licence["attribution"])}</textarea>'
            f'<p><button type="button" class="md-button" data-crm-copy="attribution-text" data-crm-copied="{e(t("toolkit_copied", lang))}" hidden>{e(t("toolkit_copy", lang))}</button>'
            f' <span class="crm-toolkit-copied" role="status"></span></p>'
        )

    def personaliser(self) -> str:
        lang = self.lang
        messages = {
            f"data-msg-{key.replace('_', '-')}": t(f"toolkit_{key}", lang)
            for key in ("error_too_long", "error_unsafe", "error_phone", "error_website", "error_image_type", "error_image_size", "updated")
        }
        attributes = " ".join(f'{name}="{e(value)}"' for name, value in messages.items())
        options = "".join(
            f'<option value="{piece}">{e(t(f"toolkit_piece_{piece}", lang))} ({e(size_label(self.bundle.file(f"artwork/{piece}.svg").size, lang))})</option>'
            for piece in self.kit.layouts
        )
        fields = [f'<p><label for="crm-piece">{e(t("toolkit_piece", lang))}</label><br><select id="crm-piece">{options}</select></p>']
        for p in self.kit.placeholders:
            key, label, field_id = p["key"], p["label"][lang], f"crm-field-{p['key']}"
            if p["kind"] == "image":
                hint = t("toolkit_image_hint", lang, max=p["max_bytes"] // 1000)
                control = f'<input id="{field_id}" type="file" accept="image/png,image/jpeg" data-placeholder="{key}" data-kind="image" data-max-bytes="{p["max_bytes"]}"'
            else:
                hint = t("toolkit_max_chars", lang, max=p["max_length"])
                kind_attributes = {"text": 'type="text" autocomplete="organization"', "phone": 'type="tel" autocomplete="tel"', "website": 'type="text" inputmode="url" autocomplete="url"'}[p["kind"]]
                control = f'<input id="{field_id}" {kind_attributes} data-placeholder="{key}" data-kind="{p["kind"]}" data-max="{p["max_length"]}" placeholder="{e(p["default"][lang])}"'
            fields.append(f'<p><label for="{field_id}">{e(label)}</label><br>{control} data-label="{e(label)}" aria-describedby="{field_id}-hint"> <span class="crm-meta" id="{field_id}-hint">{e(hint)}</span></p>')
        templates = "".join(
            f'<template data-piece="{piece}" data-file="{e(self.kit.slug)}-{piece}-{lang}">{self.bundle.file(f"artwork/{piece}.svg").data.decode("utf-8").split("?>", 1)[1].strip()}</template>'
            for piece in self.kit.layouts
        )
        return (
            f'<section class="crm-personaliser" aria-labelledby="personalise" hidden {attributes}>'
            f'<h2 id="personalise">{e(t("toolkit_personalise", lang))}</h2>'
            f"<p>{e(t('toolkit_personalise_intro', lang))}</p>"
            f'<div class="crm-personaliser-layout"><form class="crm-personaliser-form">{"".join(fields)}'
            f'<p class="crm-personaliser-error" role="alert"></p><p class="crm-personaliser-status" role="status"></p>'
            f'<p><button type="button" class="md-button md-button--primary" data-download="svg">{e(t("toolkit_download_svg", lang))}</button> '
            f'<button type="button" class="md-button" data-download="png">{e(t("toolkit_download_png", lang))}</button></p></form>'
            f'<div class="crm-personaliser-preview" role="img" aria-label="{e(t("toolkit_preview", lang))}"></div></div>'
            f"{templates}</section>"
        )


def _index(repo, lang: str) -> str:
    here = "toolkits/"
    site_here = _prefix(lang) + here
    items = []
    for kit in repo.toolkits:
        bundle = bundles(kit)[lang]
        preview = bundle.file("artwork/social-square.png") if "social-square" in kit.layouts else next(f for f in bundle.files if f.format == "PNG")
        actions = ", ".join(f"{t('action', lang)} {code}" for code in kit.actions)
        items.append(
            f'<li class="crm-toolkit-card"><img src="{e(rel(site_here, f"{DOWNLOADS}/{bundle.name}/") + preview.path)}" alt="" width="{preview.size["width"]}" height="{preview.size["height"]}" loading="lazy">'
            f'<div><h2><a href="{rel(here, f"toolkits/{kit.slug}/")}">{e(kit.title.get(lang))}</a></h2>'
            f'<p class="crm-meta">{e(actions)}</p><p>{e(kit.summary.get(lang))}</p></div></li>'
        )
    return (
        f"<p>{e(t('toolkits_intro', lang))}</p>\n\n<ul class=\"crm-toolkit-cards\">{''.join(items)}</ul>\n\n"
        f'<div class="crm-toolkit-assets"><link rel="stylesheet" href="{rel(site_here, ASSETS)}toolkits.css"></div>'
    )


def page_files(repo) -> dict:
    if repo is None or not repo.toolkits:
        return {}
    pages = {}
    for lang in LANGUAGES:
        pages[source_name("toolkits/", lang)] = _page(t("toolkits", lang), _index(repo, lang), description=t("toolkits_intro", lang))
        for kit in repo.toolkits:
            body = _ToolkitPage(repo, kit, lang).render()
            pages[source_name(f"toolkits/{kit.slug}/", lang)] = _page(kit.title.get(lang), body, description=kit.summary.get(lang))
    return pages
