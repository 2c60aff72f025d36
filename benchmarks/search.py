"""Search bytes and query time at 500, 2,000 and 5,000 synthetic records.

For each size, one synthetic project is built twice: as shipped (our per-language
lunr index, fetched on the first query) and with Material's search plugin added
(its search_index.json, which Material fetches on every first view). Pagefind runs
over the first build. Bytes are raw and gzip (level 6, as a web server would send).
"""
from __future__ import annotations

import gzip
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

SIZES = (500, 2000, 5000)
QUERIES = ["migracion", "contratación equitativa", "trabajo decente", "genero", "retorno", "sintetico 42"]


def build(project: Path, site: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(project / "hooks"), NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)], cwd=project, env=env, check=True, capture_output=True)


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, 6, mtime=0))


def with_material_search(project: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1)
    config.write_text(text.replace("reconfigure_search: false", "reconfigure_search: true"), encoding="utf-8")


def catalogue_in_chromium(page, url: str) -> tuple[int, float]:
    """Bytes (gzip) fetched from opening the catalogue to the first result, and the median query ms."""
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url + "catalog/")
    page.wait_for_selector("#crm-catalog:not([hidden])")
    page.fill("#crm-q", QUERIES[0])
    page.press("#crm-q", "Enter")
    page.wait_for_function("document.querySelectorAll('#crm-results a').length > 0 && !/…$/.test(document.getElementById('crm-status').textContent)")
    timings = page.evaluate(
        """async (queries) => {
            const data = await (await fetch('search-index.json')).json();
            const search = window.crmSearch.load(window.lunr, 'es', data);
            const times = [];
            for (let round = 0; round < 5; round++) for (const q of queries) {
                const started = performance.now(); search(q); times.push(performance.now() - started);
            }
            return times;
        }""",
        QUERIES,
    )
    return fetched, statistics.median(timings)


def pagefind_in_chromium(page, url: str) -> int:
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(url + "pagefind-bench.html")
    page.wait_for_function("window.pagefindDone === true", timeout=60000)
    return fetched


def fetched_bytes(site: Path, base: str, urls: list[str]) -> int:
    total = 0
    for url in dict.fromkeys(urls):
        path = site / url.removeprefix(base).split("?")[0]
        if path.is_dir():
            path = path / "index.html"
        if path.exists():
            total += sizes(path)[1]
    return total


def main(sizes_to_run=SIZES) -> None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-r", str(ROOT / "requirements-bench.txt")], check=True)
    header = f"{'records':>7} | {'ours es raw/gz KB':>17} | {'ours en raw/gz KB':>17} | {'facets gz KB':>12} | {'fetched to 1st result gz KB':>27} | {'median query ms':>15} | {'Material index raw/gz KB':>24} | {'Pagefind fetched gz KB':>22}"
    print(header)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        for size in sizes_to_run:
            with tempfile.TemporaryDirectory(prefix="crm-bench-search-") as tmp:
                tmp = Path(tmp)
                project = synthetic_project(tmp / "project", size)
                site = tmp / "site"
                build(project, site)
                es, en = sizes(site / "catalog/search-index.json"), sizes(site / "en/catalog/search-index.json")
                facets = sizes(site / "catalog/facets.json")
                with_material_search(project)
                material_site = tmp / "material-site"
                build(project, material_site)
                material = sizes(material_site / "search/search_index.json")
                subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", "pagefind", "--quiet"], check=True, capture_output=True)
                (site / "pagefind-bench.html").write_text(
                    "<!doctype html><html lang='es'><script type='module'>"
                    "const pf = await import('./pagefind/pagefind.js'); await pf.options({});"
                    f"const r = await pf.search({QUERIES[0]!r}); if (r.results.length) await r.results[0].data();"
                    "window.pagefindDone = true;</script></html>", encoding="utf-8")
                with serve(site) as url:
                    page = chromium.new_page(bypass_csp=True)
                    urls, median_ms = catalogue_in_chromium(page, url)
                    ours = fetched_bytes(site, url, [u for u in urls if "/assets/javascripts/" not in u and "/assets/stylesheets/" not in u and not u.endswith("catalog/")])
                    page.close()
                    page = chromium.new_page()
                    pagefind = fetched_bytes(site, url, [u for u in pagefind_in_chromium(page, url) if "/pagefind/" in u])
                    page.close()
                kb = lambda n: n / 1024  # noqa: E731
                print(f"{size:>7} | {kb(es[0]):>8.0f}/{kb(es[1]):>7.0f} | {kb(en[0]):>8.0f}/{kb(en[1]):>7.0f} | {kb(facets[1]):>12.1f} | {kb(ours):>27.0f} | {median_ms:>15.2f} | {kb(material[0]):>11.0f}/{kb(material[1]):>11.0f} | {kb(pagefind):>22.0f}")
                print(f"{'':>7}   our search fetched {ours / material[1]:.2f} x Material's gzip bytes (target at 5,000: under 0.20)")
        chromium.close()


if __name__ == "__main__":
    main(tuple(int(arg) for arg in sys.argv[1:]) or SIZES)
