"""Every internal link and #anchor of the built site resolves, in both languages."""
from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from browser import serve
from conftest import ROOT

from crm import linkcheck

LINK_ATTRIBUTES = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"), ("iframe", "src"), ("source", "src")}
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if (tag, name) in LINK_ATTRIBUTES:
                self.links.append(value)


@lru_cache(maxsize=None)
def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _target(site: Path, page: Path, link: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points to; None for other sites and schemes."""
    if link.startswith(SITE_URL):
        link = "/" + link[len(SITE_URL):]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # another site, mailto:, data: ...
    if parts.path.startswith("/"):
        path = site / unquote(parts.path).lstrip("/")
    elif parts.path:
        path = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), unquote(parts.path))))
    else:
        path = page
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in parse_page(page).links:
            target = _target(site, page, link)
            if target is None:
                continue
            path, fragment = target
            where = f"{page.relative_to(site)}: {link}"
            if not path.resolve().is_relative_to(site.resolve()):
                broken.append(f"{where} (outside the site)")
            elif not path.is_file():
                broken.append(f"{where} (no such file)")
            elif fragment and path.suffix == ".html" and fragment not in parse_page(path).ids:
                broken.append(f"{where} (no id '{fragment}')")
    return broken


def test_every_internal_link_and_anchor_resolves(built_site):
    pages = list(built_site.rglob("*.html"))
    assert any(p.relative_to(built_site).parts[0] == "en" for p in pages) and len(pages) > 100
    assert broken_links(built_site) == []


def test_the_checker_finds_missing_pages_and_anchors(tmp_path):
    (tmp_path / "en" / "x").mkdir(parents=True)
    (tmp_path / "en" / "x" / "index.html").write_text('<h2 id="here">x</h2>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="en/x/#here">ok</a><a href="en/x/#gone">anchor</a><a href="en/y/">page</a>'
        f'<a href="{SITE_URL}en/x/">absolute</a><a href="https://other.example/">other</a><a href="#top">self</a>'
        '<link rel="stylesheet" href="/assets/site.css"><a href="../../outside/">up</a>', encoding="utf-8")
    assert broken_links(tmp_path) == [
        "index.html: en/x/#gone (no id 'gone')",
        "index.html: en/y/ (no such file)",
        "index.html: #top (no id 'top')",
        "index.html: /assets/site.css (no such file)",
        "index.html: ../../outside/ (outside the site)",
    ]


def test_external_link_checker_reports_dead_links_from_a_local_server(tmp_path):
    """crm.linkcheck needs the network; here it checks a server on 127.0.0.1."""
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "alive.html").write_text("ok", encoding="utf-8")
    with serve(tmp_path / "served") as url:
        site = tmp_path / "site"
        (site / "a").mkdir(parents=True)
        (site / "index.html").write_text(f'<link rel="canonical" href="{SITE_URL}"><a href="{SITE_URL}a/">own</a>'
                                         f'<a href="{url}alive.html">alive</a><a href="{url}gone.html#x">gone</a>', encoding="utf-8")
        (site / "a" / "index.html").write_text(f'<a href="{url}gone.html">gone</a>', encoding="utf-8")
        links = linkcheck.external_links(site)
        assert list(links) == [f"{url}alive.html", f"{url}gone.html"]
        results = linkcheck.check_links(links, "2026-12-01", timeout=5)
        assert [(h.url, h.status, h.detail) for h in results] == [(f"{url}alive.html", "ok", None), (f"{url}gone.html", "dead", "HTTP 404")]
        assert links[f"{url}gone.html"] == ["a/index.html", "index.html"]


def test_link_checker_command_writes_the_health_file(tmp_path):
    (tmp_path / "served").mkdir()
    (tmp_path / "served" / "alive.html").write_text("ok", encoding="utf-8")
    site, data = tmp_path / "site", tmp_path / "link-health.yml"
    site.mkdir()
    with serve(tmp_path / "served") as url:
        (site / "index.html").write_text(f'<a href="{url}alive.html">alive</a><a href="{url}gone.html">gone</a>', encoding="utf-8")
        assert linkcheck.main([str(site), "--data", str(data), "--timeout", "5"]) == 0
    written = yaml.safe_load(data.read_text(encoding="utf-8"))
    assert [(link["url"], link["status"], link.get("detail")) for link in written["links"]] == [(f"{url}alive.html", "ok", None), (f"{url}gone.html", "dead", "HTTP 404")]
    assert written["checked"] == written["links"][0]["checked"]
    assert data.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=schemas/link-health.schema.json")
