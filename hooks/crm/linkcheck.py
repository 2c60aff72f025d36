"""External link checker: `PYTHONPATH=hooks python -m crm.linkcheck site/`.

Reports the links to other sites that no longer answer, with the pages that hold
them, and writes what every link answered (ok, redirect and where to, dead and why,
the date) to content/link-health.yml, which the build reads: the dashboard shows it
and `make check` warns about records whose link is dead and have no archived copy.
It always exits 0: a dead source is a curation task, not a broken build. It needs
the network, so it is run by hand (or on a schedule), never by `make site`.
Internal links are checked by tests/test_links.py.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .model import LinkHealth

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


def check_url(url: str, checked: str, timeout: float) -> LinkHealth:
    """What one link answers: ok, a redirect (with its final address) or dead (with what went wrong)."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                final = response.geturl()
            if final.split("#")[0] != url.split("#")[0]:
                return LinkHealth(url, "redirect", checked, redirect_to=final)
            return LinkHealth(url, "ok", checked)
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in RETRY_WITH_GET:
                continue
            return LinkHealth(url, "dead", checked, detail=f"HTTP {error.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return LinkHealth(url, "dead", checked, detail=str(getattr(error, "reason", error)))
    return LinkHealth(url, "ok", checked)


def check_links(links, checked: str, timeout: float = 15, workers: int = 8) -> list[LinkHealth]:
    """The health of each link, in the order given."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda url: check_url(url, checked, timeout), links))


def health_data(results: list[LinkHealth], checked: str) -> dict:
    """content/link-health.yml as data (content/schemas/link-health.schema.json)."""
    links = []
    for health in sorted(results, key=lambda h: h.url):
        item = {"url": health.url, "status": health.status, "checked": health.checked}
        item.update({key: value for key, value in (("detail", health.detail), ("redirect_to", health.redirect_to)) if value})
        links.append(item)
    return {"checked": checked, "links": links}


def write_health(path: Path, results: list[LinkHealth], checked: str) -> None:
    header = ("# yaml-language-server: $schema=schemas/link-health.schema.json\n"
              "# Written by `PYTHONPATH=hooks python -m crm.linkcheck site/`: do not edit by hand. The build reads it\n"
              "# (dashboard, warnings for dead links without archived_url); it never goes to the network itself.\n")
    body = yaml.safe_dump(health_data(results, checked), allow_unicode=True, sort_keys=False, width=1000)
    Path(path).write_text(header + body, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crm.linkcheck", description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", default=Path("site"), help="a built site (default: site/)")
    parser.add_argument("--timeout", type=float, default=15, help="seconds per request (default 15)")
    parser.add_argument("--data", type=Path, default=Path("content") / "link-health.yml", help="where to write the results (default: content/link-health.yml)")
    args = parser.parse_args(argv)
    links = external_links(args.site)
    today = dt.date.today().isoformat()
    results = check_links(links, today, args.timeout)
    dead = [health for health in results if health.status == "dead"]
    for health in dead:
        pages = links[health.url]
        print(f"{health.detail}: {health.url}\n    on {', '.join(pages[:5])}{' …' if len(pages) > 5 else ''}")
    redirects = sum(1 for health in results if health.status == "redirect")
    if links and len(dead) == len(links):
        print("every link failed: is this machine offline? (results not written)")
        return 0
    write_health(args.data, results, today)
    print(f"{len(dead)} dead and {redirects} redirected of {len(links)} external links; written to {args.data}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
