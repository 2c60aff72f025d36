"""Search bytes and query time at 500, 2,000, 5,000 and 20,000 synthetic records.

Usage: search.py [SIZES...] | search.py --files-only [SIZES...]. For each size, one synthetic project (benchmarks/synthetic.py:
real vocabulary, a fifth of the records with about ten pages of body) is built, then
Pagefind indexes the same pages. Printed, in KB (gzip level 6, as a web server sends):
the catalogue page's HTML; our index (all shards) and facet data; what the catalogue
fetches in Chromium from opening to the first result of a query with its snippet
(facet data, search scripts, the query's index shards and the first result's snippet
texts), against what Pagefind's own JavaScript fetches for the same query up to its
first result's data (which holds its excerpt); and the median time of our search over
a few queries, once their shards are loaded.
"""
from __future__ import annotations

import gzip
import html
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import ROOT, synthetic_project

sys.path.insert(0, str(ROOT / "tests"))
from browser import launch, serve  # noqa: E402  the same Chromium the tests use
from playwright.sync_api import sync_playwright  # noqa: E402

SIZES = (500, 2000, 5000, 20000)
QUERIES = ["migracion", "contratación equitativa", "trabajo decente", "genero", "retorno", "sintetico 42"]


def index_with_pagefind(site: Path) -> None:
    """Pagefind's index of ``site``, and a page that runs its first query as a reader would."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--quiet"], check=True, capture_output=True)
    (site / "pagefind-bench.html").write_text(
        "<!doctype html><html lang='es'><script type='module'>"
        "const pf = await import('./pagefind/pagefind.js'); await pf.options({});"
        f"const r = await pf.search({QUERIES[0]!r}); if (r.results.length) await r.results[0].data();"
        "window.pagefindDone = true;</script></html>", encoding="utf-8")


def build(project: Path, site: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=project, env=env, check=True, capture_output=True)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


def folder_sizes(folder: Path) -> tuple[int, int, int]:
    """Raw and gzip bytes of every file in a folder, and how many files."""
    files = sorted(folder.glob("*.json"))
    return sum(f.stat().st_size for f in files), sum(gz(f.read_bytes()) for f in files), len(files)


def catalogue_in_chromium(page, url: str, ids: list[str]) -> tuple[list[str], float]:
    """URLs fetched from opening the catalogue to the first result and its snippet (of
    the snippet texts, only the first result's: the others load beside it, for the
    results below), and the median query ms."""
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.fill("#crm-q", QUERIES[0])
    page.press("#crm-q", "Enter")
    page.wait_for_selector("#crm-results li:first-child .crm-snippet")
    position = ids.index(page.get_attribute("#crm-results li:first-child a", "href").strip("./").rstrip("/"))
    first = [u for u in fetched if "/catalog/text/" not in u or u.endswith(f"/catalog/text/{position}.json")]
    timings = page.evaluate(
        """async (queries) => {
            const facets = await (await fetch('facets.json')).json();
            const shards = {};
            for (const q of queries) for (const name of window.crmSearch.shardsFor(q, facets.rules))
                if (facets.shards.includes(name)) shards[name] = await (await fetch('index/' + name + '.json')).json();
            const times = [];
            for (let round = 0; round < 5; round++) for (const q of queries) {
                const started = performance.now(); window.crmSearch.search(q, facets.rules, shards); times.push(performance.now() - started);
            }
            return times;
        }""",
        QUERIES,
    )
    return first, statistics.median(timings)


def pagefind_in_chromium(page, url: str) -> list[str]:
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url + "pagefind-bench.html")
    page.wait_for_function("window.pagefindDone === true", timeout=120000)
    return fetched


def fetched_bytes(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in dict.fromkeys(urls):
        path = site / url.removeprefix(base).split("?")[0]
        if path.is_file():
            total += gz(path.read_bytes())
    return total


def main(sizes_to_run=SIZES) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements-bench.txt")], check=True)
    kb = lambda n: n / 1024  # noqa: E731
    print(f"{'records':>7} | {'catalogue HTML gz':>17} | {'index es raw/gz (files)':>23} | {'facets es gz':>12} | {'ours fetched to 1st result gz':>29} | {'Pagefind fetched gz':>19} | {'median query ms':>15}", flush=True)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        for size in sizes_to_run:
            with tempfile.TemporaryDirectory(prefix="crm-bench-search-") as tmp:
                tmp = Path(tmp)
                project = synthetic_project(tmp / "project", size)
                site = tmp / "site"
                build(project, site)
                html = gz((site / "catalog/index.html").read_bytes())
                raw, packed, files = folder_sizes(site / "catalog/index")
                facets = gz((site / "catalog/facets.json").read_bytes())
                index_with_pagefind(site)
                with serve(site) as url:
                    page = chromium.new_page(bypass_csp=True)
                    ids = json.loads((site / "catalog/facets.json").read_text(encoding="utf-8"))["columns"]["id"]
                    urls, median_ms = catalogue_in_chromium(page, url, ids)
                    ours = fetched_bytes(site, url, [u for u in urls if "/assets/search/" in u or ("/catalog/" in u and not u.endswith("/"))])
                    page.close()
                    page = chromium.new_page()
                    pagefind = fetched_bytes(site, url, [u for u in pagefind_in_chromium(page, url) if "/pagefind/" in u])
                    page.close()
                print(f"{size:>7} | {kb(html):>17.1f} | {kb(raw):>8.0f}/{kb(packed):>6.0f} ({files:>5}) | {kb(facets):>12.1f} | {kb(ours):>29.1f} | {kb(pagefind):>19.1f} | {median_ms:>15.2f}", flush=True)
        chromium.close()


def files_only(sizes_to_run) -> None:
    """Our side only, without building the site (``--files-only``): the search files are
    written from the synthetic content as the build writes them, and the files the
    catalogue fetches for the first query are added up as catalogue_in_chromium sees
    them (facet data, the two scripts, the query's shards, the first result's snippet
    texts). For sizes whose full build does not fit the time at hand. Pagefind then
    indexes one plain page per record (Spanish title, summary and body, nothing
    else): less text than the site's pages, so its figure can only be lower than on
    the built site."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from crm import content
    from crm.search.catalog import write_search_files
    from crm.search.index import Searcher, shards_for

    print(f"{'records':>7} | {'index es raw/gz (files)':>23} | {'facets es gz':>12} | {'ours fetched to 1st result gz':>29} | {'Pagefind (plain pages) gz':>25} | {'median query ms (Python)':>24}", flush=True)
    for size in sizes_to_run:
        with tempfile.TemporaryDirectory(prefix="crm-bench-search-") as tmp:
            tmp = Path(tmp)
            project = synthetic_project(tmp / "project", size)
            repo, problems = content.load(project)
            assert not problems, problems
            site = tmp / "site"
            write_search_files(repo, site)
            folder = site / "catalog"
            raw, packed, files = folder_sizes(folder / "index")
            searcher = Searcher(folder, "es")
            positions, _ = searcher.search(QUERIES[0])
            fetched = [folder / "facets.json"] + [ROOT / "overrides/assets/search" / name for name in ("pipeline.js", "catalog.js")]
            fetched += [folder / "index" / f"{name}.json" for name in shards_for(QUERIES[0], "es") if (folder / "index" / f"{name}.json").exists()]
            fetched += [folder / "text" / f"{position}.json" for position in positions[:1]]
            ours = sum(gz(path.read_bytes()) for path in fetched)
            timings = []
            for _ in range(5):
                for query in QUERIES:
                    searcher.search(query)  # loads the shards first
                    started = time.perf_counter()
                    searcher.search(query)
                    timings.append((time.perf_counter() - started) * 1000)
            for position, record in enumerate(repo.visible_records(include_drafts=False)):
                page = site / "records" / str(position) / "index.html"
                page.parent.mkdir(parents=True)
                page.write_text(f"<!doctype html><html lang='es'><title>{html.escape(record.title.get('es'))}</title><body><h1>{html.escape(record.title.get('es'))}</h1>"
                                f"<p>{html.escape(record.summary.get('es'))}</p><p>{html.escape(record.data.get('body', {}).get('es', ''))}</p></body></html>", encoding="utf-8")
            index_with_pagefind(site)
            with sync_playwright() as playwright, serve(site) as url:
                chromium = launch(playwright)
                pagefind = fetched_bytes(site, url, [u for u in pagefind_in_chromium(chromium.new_page(), url) if "/pagefind/" in u])
                chromium.close()
            kb = lambda n: n / 1024  # noqa: E731
            print(f"{size:>7} | {kb(raw):>8.0f}/{kb(packed):>6.0f} ({files:>5}) | {kb(gz((folder / 'facets.json').read_bytes())):>12.1f} | {kb(ours):>29.1f} | {kb(pagefind):>25.1f} | {statistics.median(timings):>24.2f}", flush=True)


if __name__ == "__main__":
    # search.py [SIZES...] | search.py --files-only [SIZES...]
    sizes = tuple(int(arg) for arg in sys.argv[1:] if not arg.startswith("-")) or SIZES
    files_only(sizes) if "--files-only" in sys.argv else main(sizes)
