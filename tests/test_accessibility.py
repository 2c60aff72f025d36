"""WCAG 2.1 AA: axe-core in real Chromium on every page type, keyboard use, languages."""
from __future__ import annotations

import re

from browser import every_page_type
from conftest import ROOT, VALID_RECORD, mkdocs_build, write_record

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"  # `npm ci` (make test) installs it
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def test_every_page_type_passes_axe_in_both_languages(browser, site_url, built_site):
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    failures = {}
    for kind, path in every_page_type(built_site):
        page = context.new_page()
        page.goto(site_url + path)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA)
        assert result["passes"], f"{kind}: axe checked nothing"
        blocking = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
                    for v in result["violations"] if v["impact"] in BLOCKING]
        if blocking:
            failures[f"{kind} ({path})"] = blocking
        page.close()
    context.close()
    assert failures == {}


def _focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {tag: el.tagName, cls: el.className, href: el.getAttribute('href'),
                in_content: !!el.closest('.md-content'), opacity: style.opacity,
                outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
    }""")


def test_first_tab_reaches_a_skip_link_that_leads_into_the_content(browser, site_url, built_site):
    failures = {}
    for kind, path in every_page_type(built_site):
        page = browser.new_page()
        page.goto(site_url + path)
        page.keyboard.press("Tab")
        page.wait_for_timeout(400)  # Material fades the skip link in
        skip = _focused(page)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        after = _focused(page)
        if "md-skip" not in skip["cls"] or skip["opacity"] != "1" or not after["in_content"]:
            failures[f"{kind} ({path})"] = (skip, after)
        page.close()
    assert failures == {}


def test_keyboard_focus_is_always_visible(browser, site_url, built_site):
    """Every element reached by Tab on a record page shows a focus ring of 2 px or more."""
    record = next(url for kind, url in every_page_type(built_site) if kind == "record-en")
    page = browser.new_page()
    page.goto(site_url + record)
    invisible, reached = [], set()
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = _focused(page)
        if focused["tag"] == "BODY":
            break  # past the last element of the page
        reached.add(focused["in_content"])
        if focused["outline"] == "none" or focused["width"] < 2:
            invisible.append(focused)
    page.close()
    assert reached == {True, False}, "Tab should pass through the header and the content"
    assert invisible == []


def test_every_page_declares_its_language(built_site):
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        relative = page.relative_to(built_site).as_posix()
        expected = "en" if relative.startswith("en/") else "es"
        declared = re.search(r'<html lang="([^"]+)"', page.read_text(encoding="utf-8"))
        if not declared or declared.group(1) != expected:
            wrong.append(relative)
    assert wrong == []


def test_spanish_passages_on_english_pages_are_marked(project, tmp_path):
    untranslated = VALID_RECORD.replace("  en: A report on fair recruitment.\n", "")
    write_record(project, "publications", "record", untranslated)
    mkdocs_build(project, tmp_path / "site")
    english = (tmp_path / "site" / "en" / "publications" / "record" / "index.html").read_text(encoding="utf-8")
    assert '<p class="crm-summary" lang="es">Un informe sobre contratación equitativa.</p>' in english
    assert '<p class="crm-summary">A report' not in english
    spanish = (tmp_path / "site" / "publications" / "record" / "index.html").read_text(encoding="utf-8")
    assert '<p class="crm-summary">Un informe sobre contratación equitativa.</p>' in spanish
