"""Safe pages: the Content-Security-Policy, no third-party request, no contributor script."""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import re
from pathlib import Path
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
from browser import every_page_type
from conftest import VALID_RECORD, mkdocs_build, write_record

from crm import content, csp
from mkdocs.commands.build import build
from mkdocs.config import load_config
from crm.html import render_markdown

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src|type)=)[^>]*>(.*?)</script>", re.S)
SCRIPT = "<script>alert(1)</script>"


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


# -- the policy on every built page ------------------------------------------------

def public_pages(site: Path) -> list[Path]:
    """Every page but the editor's (admin/ has its own policy, tested in test_admin.py)."""
    return [page for page in sorted(site.rglob("*.html")) if page.relative_to(site).parts[0] != "admin"]


def test_every_page_carries_a_self_only_policy_with_its_inline_scripts_hashed(built_site):
    pages_checked = 0
    for page in public_pages(built_site):
        html = page.read_text(encoding="utf-8")
        found = POLICY.findall(html)
        assert len(found) == 1, f"{page}: {len(found)} policies"
        assert html.index(found[0]) < html.index("<script"), f"{page}: the policy must precede every script"
        rules = _directives(found[0])
        assert rules["default-src"] == ["'self'"] and rules["style-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
        assert rules["script-src"][0] == "'self'" and "'unsafe-inline'" not in rules["script-src"]
        assert all(source.startswith("'sha256-") for source in rules["script-src"][1:]), rules["script-src"]
        inline = INLINE_SCRIPT.findall(html)
        assert inline, f"{page}: Material's inline scripts are expected"
        assert sorted({_sha256(body) for body in inline}) == sorted(rules["script-src"][1:]), page
        pages_checked += 1
    assert pages_checked > 100


def test_data_blocks_are_not_hashed_and_executable_scripts_are():
    html = ('<head><meta charset="utf-8"><script type="application/ld+json">{"a":1}</script>'
            '<script id="__config" type="application/json">{}</script><script src="x.js"></script>'
            "<script>run()</script><script type='module'>go()</script></head>")
    assert csp.inline_script_hashes(html) == [_sha256("run()"), _sha256("go()")]
    assert csp.with_policy(html).startswith('<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')


def test_pages_need_no_inline_style(built_site):
    """style-src 'self' blocks style attributes and <style> elements: none may be written."""
    offenders = [str(page.relative_to(built_site)) for page in public_pages(built_site)
                 if re.search(r"<style\b|\sstyle\s*=", page.read_text(encoding="utf-8"))]
    assert offenders == []


def test_header_policy_lists_every_page_hash(built_site):
    header = csp.site_header_policy(built_site)
    rules = _directives(header)
    assert rules["frame-ancestors"] == ["'self'"]
    for page in (built_site / "index.html", built_site / "en" / "plan" / "1-1" / "index.html"):
        meta = _directives(POLICY.search(page.read_text(encoding="utf-8")).group(1))
        assert set(meta["script-src"]) <= set(rules["script-src"])


# -- in Chromium ---------------------------------------------------------------------

def _visit(browser, url: str) -> dict:
    """Load a page with every request off 127.0.0.1 blocked; what went wrong, if anything."""
    seen = {"third_party": [], "csp": [], "errors": []}
    page = browser.new_page()

    def route(request_route):
        if urlparse(request_route.request.url).hostname != "127.0.0.1":
            seen["third_party"].append(request_route.request.url)
            request_route.abort()
        else:
            request_route.continue_()

    page.route("**/*", route)
    page.on("console", lambda message: "Content Security Policy" in message.text and seen["csp"].append(message.text))
    page.on("pageerror", lambda error: seen["errors"].append(str(error)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    seen["material_js_ran"] = page.evaluate("document.documentElement.classList.contains('js')")
    page.close()
    return seen


def test_no_policy_violation_third_party_request_or_script_error_on_any_page_type(browser, site_url, built_site):
    problems = {}
    for kind, path in every_page_type(built_site):
        seen = _visit(browser, site_url + path)
        if seen["third_party"] or seen["csp"] or seen["errors"] or not seen["material_js_ran"]:
            problems[f"{kind} ({path})"] = seen
    assert problems == {}


def _until(page, condition: str, seconds: float = 5) -> None:
    """Poll from outside the page (page.wait_for_function would need 'unsafe-eval')."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(condition):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still false after {seconds} s: {condition}")


def test_material_scripts_work_under_the_policy(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 600})
    page.goto(site_url + "plan/")
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("[data-md-component=top]", "hidden") is not None
    page.mouse.wheel(0, 4000)
    _until(page, "window.scrollY > 3000")
    page.mouse.wheel(0, -400)  # Material's script shows the button when the reader scrolls back up
    _until(page, "!document.querySelector('[data-md-component=top]').hidden")
    page.click("[data-md-component=top]")
    _until(page, "window.scrollY === 0")
    page.locator(".md-select button").hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_url("**/en/plan/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.close()


# -- contributors' text ------------------------------------------------------------------

REFUSED = [
    ("Texto <script>alert(1)</script>", "a <script> element"),
    ("Ver <iframe src=x></iframe>", "an <iframe> element"),
    ("<img src=x onerror=alert(1)>", "an on…= event attribute"),
    ("[clic](javascript:alert(1))", "a javascript: link"),
]


@pytest.mark.parametrize("text, what", REFUSED)
def test_check_refuses_script_vectors_with_file_line_and_column(project, text, what):
    write_record(project, "publications", "record", VALID_RECORD.replace("A report on fair recruitment.", f'"{text}"'))
    repo, problems = content.load(project, today=dt.date(2026, 11, 25))
    assert [p.plain() for p in problems] == [
        f"content/publications/record.yml:7:7: summary.en: contains {what}; write plain text or Markdown without HTML"]


def test_render_markdown_drops_raw_html_and_script_links():
    html = render_markdown(f"Texto {SCRIPT} y [enlace](javascript:alert(1)) y <img src=x onerror=alert(1)> y [bien](https://example.org)")
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.org" rel="noopener nofollow">bien</a>' in html


def test_render_markdown_reads_commonmark_as_contributors_write_it():
    """A list right after a line of text, a list nested by two spaces and a fenced block
    are what GitHub and most editors make of them (Python-Markdown made a paragraph, a
    flat list and inline code)."""
    html = render_markdown("Requisitos:\n- pasaporte\n  - vigente\n- contrato\n\n```\nArt. 5\n```")
    assert html == ("<p>Requisitos:</p>\n<ul>\n<li>pasaporte\n<ul>\n<li>vigente</li>\n</ul>\n</li>\n<li>contrato</li>\n</ul>\n"
                    "<pre><code>Art. 5\n</code></pre>")


def test_pages_built_from_a_record_with_scripts_carry_none(project, tmp_path, monkeypatch):
    """The checker refuses such a record; the page templates must not need it to.

    A real MkDocs build, in this process, of a record whose text is changed after the
    checks have passed."""
    write_record(project, "publications", "record")
    load = content.load

    def load_then_change(root, today=None):
        repo, problems = load(root, today)
        for field in ("summary", "body", "results"):
            repo.records[0].data[field] = {"es": f"Campo {SCRIPT} <iframe src=x></iframe>", "en": f"Field {SCRIPT}"}
        return repo, problems

    monkeypatch.setattr(content, "load", load_then_change)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("CRM_SITE_URL", raising=False)
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site)))
    for prefix in ("", "en/"):
        html = (site / prefix / "publications/record/index.html").read_text(encoding="utf-8")
        article = html[html.index("<article"):html.index("</article>")]
        assert "<script" not in article and "<iframe" not in article
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if "<article" in html and "toolkits" not in page.parts:  # toolkit pages load their own script, and show no record text
            assert "<script" not in html[html.index("<article"):html.index("</article>")], page


class _Head(HTMLParser):
    """The description, <title> and <h1> text of a page, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.description, self.title, self.h1, self._in = None, "", "", None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content")
        if tag in ("title", "h1"):
            self._in = tag

    def handle_endtag(self, tag):
        self._in = None if tag == self._in else self._in

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, getattr(self, self._in) + data)


def test_markup_characters_in_titles_and_summaries_stay_text(project, tmp_path):
    """A valid record may contain quotes, <, > and &: they must not become markup in the page."""
    title, summary = 'Ley "A" <b>B</b> & C', 'Resumen "citado" <em>x</em> & más'
    write_record(project, "publications", "record",
                 VALID_RECORD.replace("Informe de prueba", f"'{title}'").replace("Un informe sobre contratación equitativa.", f"'{summary}'"))
    mkdocs_build(project, tmp_path / "site")
    head = _Head()
    head.feed((tmp_path / "site" / "publications" / "record" / "index.html").read_text(encoding="utf-8"))
    assert head.description == summary
    assert head.title.startswith(title)
    assert head.h1.strip() == title
