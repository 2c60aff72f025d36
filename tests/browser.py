"""Real Chromium on a locally served build: shared by the browser tests.

The `browser` and `site_url` fixtures built on these live in conftest.py.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LANGUAGE_PREFIXES = ("", "en/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """The folder over HTTP on 127.0.0.1 (a free port), as a static host serves it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def page_types(site: Path) -> dict[str, str]:
    """One site-relative URL per kind of page, discovered in the built site (Spanish paths).

    Pages owned by other parts of the build (catalog, toolkits, dashboard) are
    included as soon as the build writes them.
    """
    record = next(path.parent for path in sorted((site / "frameworks").glob("*/index.html")))
    found = {
        "home": "",
        "listing": "frameworks/",
        "record": f"frameworks/{record.name}/",
        "country": "countries/gt/",
        "theme-list": "themes/",
        "plan": "plan/",
        "plan-action": "plan/1-1/",
        "not-found": "404.html",
    }
    for kind in ("catalog", "dashboard"):
        if (site / kind / "index.html").exists():
            found[kind] = f"{kind}/"
    # An action the repository has nothing for yet says so (partials/crm/plan/action-gap.html).
    gap = next((path.parent for path in sorted((site / "plan").glob("*/index.html")) if 'class="crm-gap"' in path.read_text(encoding="utf-8")), None)
    if gap is not None:
        found["plan-action-gap"] = f"plan/{gap.name}/"
    toolkit = next(iter(sorted((site / "toolkits").glob("*/index.html"))), None)
    if toolkit is not None:
        found["toolkit"] = f"toolkits/{toolkit.parent.name}/"
    return found


def every_page_type(site: Path) -> list[tuple[str, str]]:
    """(kind-language, site-relative URL) for each page type in both languages."""
    return [(f"{kind}-{prefix.rstrip('/') or 'es'}", prefix + url)
            for kind, url in page_types(site).items() for prefix in LANGUAGE_PREFIXES]
