"""Bytes a reader downloads: first view and next page, per page type, in Chromium.

Builds the site from 500 and 2,000 synthetic records, serves it as a static host
does (files cached for 10 minutes, the site's 404.html for a missing file), and
counts on the server every byte Chromium fetched: raw, and gzip-compressed as a
host would send it. The first view starts with an empty cache; the next page is
another page of the same type in the same browser, so shared assets come from
its cache. Targets: a record page's first view at most 90 KB gzip with no search
data fetched; each next page at most 10 KB gzip; page HTML not growing with the
number of records.

    .venv/bin/python benchmarks/bandwidth.py [SIZE ...]
"""
from __future__ import annotations

import functools
import gzip
import http.server
import mimetypes
import sys
import tempfile
import threading
from pathlib import Path

from synthetic import synthetic_project  # puts hooks/ and tests/ on sys.path

from browser import launch  # noqa: E402  the tests' Chromium settings
from conftest import mkdocs_build  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

SIZES = (500, 2000)
KB = 1024
TARGETS = {"record_first_gzip": 90 * KB, "next_gzip": 10 * KB}
SEARCH_DATA = ("/catalog/index/", "/catalog/text/", "search_index", "facets.json")


class StaticHost(http.server.BaseHTTPRequestHandler):
    """GET only, as a static host: index.html for folders, 404.html when missing."""

    def __init__(self, *args, site: Path, served: list, **kwargs):
        self.site, self.served = site, served
        super().__init__(*args, **kwargs)

    def do_GET(self):
        relative = self.path.split("?")[0].split("#")[0].lstrip("/")
        path = self.site / relative
        if path.is_dir():
            path = path / "index.html"
        status = 200 if path.is_file() and path.resolve().is_relative_to(self.site.resolve()) else 404
        if status == 404:
            path = self.site / "404.html"
        body = path.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)
        self.served.append((self.path, status, len(body), len(gzip.compress(body, 6))))

    def log_message(self, format, *args):
        pass


def page_pairs(site: Path) -> dict[str, tuple[str, str]]:
    """(first view, next page of the same type) for each page type."""
    records = [p.parent.name for p in sorted((site / "frameworks").glob("*/index.html"))]
    pairs = {
        "home": ("", "en/"),
        "listing": ("frameworks/", "practices/"),
        "record": (f"frameworks/{records[0]}/", f"frameworks/{records[1]}/"),
        "country": ("countries/gt/", "countries/hn/"),
        "plan action": ("plan/1-1/", "plan/1-2/"),
    }
    if (site / "catalog" / "index.html").exists():
        pairs["catalog"] = ("catalog/", "catalog/?q=trabajo")  # a second search, same language
    return pairs


def measure(site: Path) -> dict[str, dict]:
    served: list = []
    handler = functools.partial(StaticHost, site=site, served=served)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for kind, (first, following) in page_pairs(site).items():
                context = browser.new_context()  # an empty cache
                page = context.new_page()
                views = {}
                for view, url in (("first", first), ("next", following)):
                    served.clear()
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    views[view] = list(served)
                html = (site / first / "index.html").read_bytes()
                results[kind] = {"html": (len(html), len(gzip.compress(html, 6))), **views}
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


def _total(requests, column: int) -> int:
    return sum(request[column] for request in requests)


def report(size: int, results: dict) -> list[str]:
    print(f"\n{size} synthetic records (KB; gzip as a host would send it)")
    print(f"{'page type':<12} {'HTML raw':>9} {'HTML gz':>8} | {'first raw':>9} {'first gz':>8} {'req':>4} | {'next raw':>9} {'next gz':>8} {'req':>4} | 404s | search data")
    missed = []
    for kind, result in results.items():
        first, following = result["first"], result["next"]
        not_found = sum(1 for _, status, *_ in first + following if status == 404)
        search = any(marker in path for path, *_ in first for marker in SEARCH_DATA)
        print(f"{kind:<12} {result['html'][0] / KB:9.1f} {result['html'][1] / KB:8.1f} | "
              f"{_total(first, 2) / KB:9.1f} {_total(first, 3) / KB:8.1f} {len(first):4d} | "
              f"{_total(following, 2) / KB:9.1f} {_total(following, 3) / KB:8.1f} {len(following):4d} | "
              f"{not_found:4d} | {'yes' if search else 'no'}")
        if _total(following, 3) > TARGETS["next_gzip"]:
            missed.append(f"{size}: {kind} next page {_total(following, 3) / KB:.1f} KB gzip > 10 KB")
        if kind == "record" and (_total(first, 3) > TARGETS["record_first_gzip"] or search):
            missed.append(f"{size}: record first view {_total(first, 3) / KB:.1f} KB gzip (target 90 KB), search data: {search}")
    print("404 responses (the site's 404.html, as a static host sends it):",
          sorted({path for r in results.values() for path, status, *_ in r["first"] + r["next"] if status == 404})[:6])
    return missed


def main(sizes) -> int:
    missed, html_sizes = [], {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="crm-bench-bandwidth-") as tmp:
            project = synthetic_project(Path(tmp) / "project", size)
            site = Path(tmp) / "site"
            mkdocs_build(project, site)
            results = measure(site)
        missed += report(size, results)
        html_sizes[size] = {kind: result["html"][1] for kind, result in results.items()}
    if len(html_sizes) > 1:
        small, large = html_sizes[min(sizes)], html_sizes[max(sizes)]
        print(f"\nHTML gzip growth from {min(sizes)} to {max(sizes)} records:")
        for kind in small:
            growth = large[kind] / small[kind]
            print(f"  {kind:<12} x{growth:.2f}")
            if growth > 1.10:
                missed.append(f"{kind} HTML grows x{growth:.2f} with the number of records")
    print("\nTargets missed:" if missed else "\nAll targets met.")
    for line in missed:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main([int(arg) for arg in sys.argv[1:]] or SIZES))
