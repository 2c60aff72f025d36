"""Dashboards on the real build: every number equals a count made here from content/ with PyYAML."""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, VALID_RECORD, mkdocs_build, write_record
from test_exports import records_on_disk

import yaml

LANGUAGES = (("es", ""), ("en", "en/"))
DEFINITIONS = yaml.safe_load((ROOT / "content" / "vocabularies.yml").read_text(encoding="utf-8"))
PLACES = DEFINITIONS["countries"] + list(DEFINITIONS["scopes"])
THEMES = list(DEFINITIONS["themes"])
COLLECTIONS = [c["code"] for c in yaml.safe_load((ROOT / "content" / "collections.yml").read_text(encoding="utf-8"))]
PLAN = yaml.safe_load((ROOT / "content" / "plan.yml").read_text(encoding="utf-8"))
ACTIONS = [f"{line['number']}.{action['number']}" for line in PLAN["lines"] for action in line["actions"]]


class Tables(HTMLParser):
    """The tables of a page by the id of the heading above them (rows of (text, link) cells)
    and the attributes of each chart's <svg>."""

    def __init__(self):
        super().__init__()
        self.section, self.tables, self.svgs = None, {}, []
        self._row = self._cell = None
        self._in_chart = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("h2", "h3") and "id" in attrs:
            self.section = attrs["id"]
        elif tag == "table":
            self.tables[self.section] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ["", None]
        elif tag == "a" and self._cell is not None:
            self._cell[1] = attrs["href"]
        elif tag == "figure" and attrs.get("class") == "crm-chart":
            self._in_chart = True
        elif tag == "svg" and self._in_chart:
            self.svgs.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append((self._cell[0].strip(), self._cell[1]))
            self._cell = None
        elif tag == "tr":
            self.tables[self.section].append(self._row)
            self._row = None
        elif tag == "figure":
            self._in_chart = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data


def gap_links(page: Tables) -> list[str]:
    return [row[0][1] for row in page.tables.get("gaps", [])[1:]]


def parse(site: Path, prefix: str) -> Tables:
    tables = Tables()
    tables.feed((site / prefix / "dashboard" / "index.html").read_text(encoding="utf-8"))
    return tables


def linked(rows, pattern: str) -> dict[str, list[int]]:
    """Body rows keyed by the code in their first cell's link, with the counts of the other cells."""
    found = {}
    for row in rows[1:]:
        match = re.fullmatch(pattern, row[0][1] or "")
        if match:
            found[match.group(1)] = [int(text) for text, _ in row[1:] if text.isdigit()]
    return found


def year(data: dict) -> int | None:
    value = data.get("date", data.get("date_adopted"))
    return int(str(value)[:4]) if value is not None else None


def translated(data: dict) -> bool:
    texts = [value for value in data.values() if isinstance(value, dict) and "es" in value]
    texts += [inner for value in data.values() if isinstance(value, dict) for inner in value.values() if isinstance(inner, dict) and "es" in inner]
    return all("en" in text for text in texts)


@pytest.mark.parametrize("lang, prefix", LANGUAGES)
def test_dashboard_numbers_equal_counts_from_content(built_site, lang, prefix):
    published = records_on_disk(ROOT)
    everything = records_on_disk(ROOT, status=None)
    page = parse(built_site, prefix)

    by_place = linked(page.tables["by-place"], r"\.\./countries/([a-z]+)/")
    assert set(by_place) == {code.lower() for code in PLACES}
    header = page.tables["by-place"][0]
    assert [href for _, href in header[1:-1]] == [f"../{code}/" for code in COLLECTIONS]
    for code in PLACES:
        mine = [rid for rid, data in published.items() if code in data["countries"]]
        per_collection = [sum(1 for rid in mine if rid.startswith(c + "/")) for c in COLLECTIONS]
        assert by_place[code.lower()] == per_collection + [len(mine)], code
    total_row = page.tables["by-place"][-1]
    assert [int(text) for text, _ in total_row[1:]] == [sum(1 for rid in published if rid.startswith(c + "/")) for c in COLLECTIONS] + [len(published)]

    by_theme = linked(page.tables["by-theme"], r"\.\./themes/([a-z-]+)/")
    assert by_theme == {code: [sum(1 for data in published.values() if code in data["themes"])] for code in THEMES}

    by_action = linked(page.tables["all-actions"], r"\.\./plan/(\d+-\d+)/")
    counts = {code: sum(1 for data in published.values() if code in data.get("actions", [])) for code in ACTIONS}
    assert by_action == {code.replace(".", "-"): [n] for code, n in counts.items()}
    gaps = [code for code, n in counts.items() if n == 0]
    assert gap_links(page) == [f"../plan/{code.replace('.', '-')}/" for code in gaps]
    assert all((built_site / prefix / "plan" / code.replace(".", "-") / "index.html").exists() for code in gaps)

    years = Counter(year(data) for data in published.values())
    rows = page.tables["by-year"][1:]
    assert {int(text) if text.isdigit() else None: int(n) for (text, _), (n, _) in rows} == dict(years)

    done = {c: sum(1 for rid, data in published.items() if rid.startswith(c + "/") and translated(data)) for c in COLLECTIONS}
    total = {c: sum(1 for rid in published if rid.startswith(c + "/")) for c in COLLECTIONS}
    table = linked(page.tables["translation"], r"\.\./([a-z]+)/")
    assert {c: row[:2] for c, row in table.items()} == {c: [done[c], total[c] - done[c]] for c in COLLECTIONS}

    table = linked(page.tables["curation"], r"\.\./([a-z]+)/")
    assert table == {c: [sum(1 for rid, data in everything.items() if rid.startswith(c + "/") and data["status"] == status) for status in ("published", "draft")]
                     + [sum(1 for rid, data in everything.items() if rid.startswith(c + "/") and "gender_review" in data)] for c in COLLECTIONS}


@pytest.mark.parametrize("lang, prefix", LANGUAGES)
def test_charts_are_accessible_inline_svg_with_the_table_numbers(built_site, lang, prefix):
    html = (built_site / prefix / "dashboard" / "index.html").read_text(encoding="utf-8")
    page = parse(built_site, prefix)
    assert len(page.svgs) == 9
    for svg in page.svgs:
        assert svg["role"] == "img" and "style" not in svg
        title, desc = svg["aria-labelledby"].split()
        assert f'<title id="{title}">' in html and f'<desc id="{desc}">' in html
    content = html[html.index('<article'):html.index("</article>")]
    assert " style=" not in content and "<style" not in content and "<script" not in content
    # The description read out for the country chart lists the same totals as its table.
    desc = re.search(r'<desc id="chart-places-desc">(.*?)</desc>', html).group(1)
    totals = [int(n) for n in re.findall(r": (\d+)(?:;|$)", desc)]
    assert totals == [int(row[-1][0]) for row in page.tables["by-place"][1:-1]]


def test_drafts_are_counted_in_curation_only(project, tmp_path):
    write_record(project, "publications", "published-report")
    draft = VALID_RECORD.replace("status: published", "status: draft").replace('["1.1"]', '["2.3"]').replace("[GT, regional]", "[HN]")
    write_record(project, "manuals", "draft-manual", draft.split("gender_review:")[0])
    site = tmp_path / "site"
    mkdocs_build(project, site)
    html = (site / "dashboard" / "index.html").read_text(encoding="utf-8")
    assert "draft-manual" not in html
    page = parse(site, "")
    assert linked(page.tables["curation"], r"\.\./([a-z]+)/")["manuals"] == [0, 1, 0]
    assert linked(page.tables["curation"], r"\.\./([a-z]+)/")["publications"] == [1, 0, 1]
    assert linked(page.tables["by-place"], r"\.\./countries/([a-z]+)/")["hn"] == [0] * len(COLLECTIONS) + [0]
    assert "../plan/2-3/" in gap_links(page) and "../plan/1-1/" not in gap_links(page)
    assert len(gap_links(page)) == len(ACTIONS) - 1


def test_dashboard_renders_in_chromium_and_charts_scroll_on_a_phone(browser, site_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(site_url + "dashboard/")
    sizes = page.eval_on_selector_all("figure.crm-chart svg", "svgs => svgs.map(s => [s.getBoundingClientRect().width, s.getBoundingClientRect().height])")
    assert len(sizes) == 9 and all(width > 300 and height > 50 for width, height in sizes)
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(site_url + "en/dashboard/")
    figure = page.locator("figure.crm-chart").first
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth"), "the chart keeps a readable width and scrolls"
    assert figure.evaluate("f => f.getBoundingClientRect().right <= f.closest('article').getBoundingClientRect().right"), "the chart box stays within the page"
    page.close()
