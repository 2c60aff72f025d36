"""External link checker: `PYTHONPATH=hooks python -m crm.linkcheck site/`.

Reports the links to other sites that no longer answer, with the pages that hold
them, and always exits 0: a dead source is a curation task, not a broken build.
It needs the network, so it is run by hand (or on a schedule), never by the tests.
Internal links are checked by tests/test_links.py.
"""
from __future__ import annotations

import argparse
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

USER_AGENT = "crm-repository-linkcheck/1.0 (+https://example.org/)"
RETRY_WITH_GET = {403, 405, 501}  # servers that refuse HEAD


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.canonical: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith(("http://", "https://")):
            self.links.append(attrs["href"])
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs.get("href")


def external_links(site_dir: Path) -> dict[str, list[str]]:
    """Each link to another site, with the site-relative pages that hold it (sorted)."""
    found: dict[str, set[str]] = {}
    own_hosts = set()
    for page in sorted(Path(site_dir).rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.canonical:
            own_hosts.add(urlsplit(parser.canonical).netloc)
        for link in parser.links:
            found.setdefault(link.split("#")[0], set()).add(page.relative_to(site_dir).as_posix())
    return {link: sorted(pages) for link, pages in sorted(found.items()) if urlsplit(link).netloc not in own_hosts}


def status_of(url: str, timeout: float) -> str | None:
    """None when the link answers; otherwise what went wrong."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return str(getattr(error, "reason", error))
    return None


def dead_links(links: dict[str, list[str]], timeout: float = 15, workers: int = 8) -> list[tuple[str, str, list[str]]]:
    """(url, what went wrong, pages) for each link of external_links() that does not answer."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(lambda url: status_of(url, timeout), links))
    return [(url, status, links[url]) for url, status in zip(links, statuses) if status is not None]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm.linkcheck", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="a built site (default: site/)")
    parser.add_argument("--timeout", type=float, default=15, help="seconds per request (default 15)")
    args = parser.parse_args(argv)
    links = external_links(args.site)
    dead = dead_links(links, args.timeout)
    for url, status, pages in dead:
        print(f"{status}: {url}\n    on {', '.join(pages[:5])}{' …' if len(pages) > 5 else ''}")
    print(f"{len(dead)} dead of {len(links)} external links")
    if links and len(dead) == len(links):
        print("every link failed: is this machine offline?")
    return 0


if __name__ == "__main__":
    sys.exit(main())
