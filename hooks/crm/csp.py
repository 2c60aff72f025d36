"""Content-Security-Policy for every page (a meta tag: static hosts may not set headers).

Integration point: with_policy(html) -> html, applied to each rendered page.

Only the site's own files may run or load. The theme writes a few small inline
scripts (Material's __md_scope helpers, the tab-anchor fix); each one is allowed by
the sha256 hash of its exact text, so an injected script would still be blocked.
Contributors' text never reaches the HTML as a script (content.UNSAFE_TEXT refuses
it, html.render_markdown escapes and sanitizes it), so hashing what is on the page
allows only what the templates wrote.
"""
from __future__ import annotations

import base64
import hashlib
import re
import sys
from pathlib import Path

# Directives a <meta> policy may carry (frame-ancestors, report-uri and sandbox are
# ignored there: site_header_policy() adds what only a server header can say).
BASE_DIRECTIVES = (
    ("default-src", "'self'"),
    ("img-src", "'self' data:"),  # Material's CSS draws its icons as data: SVG masks
    ("style-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
HEADER_ONLY_DIRECTIVES = (("frame-ancestors", "'self'"),)
EDITOR = "admin"  # the editor's folder, which has its own policy

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_JAVASCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript"}
_HEAD = re.compile(r"<head\b[^>]*>(\s*<meta charset=[^>]*>)?", re.I)


def inline_script_hashes(html: str) -> list[str]:
    """'sha256-…' sources of the page's inline scripts that a browser would run, in page order."""
    hashes = []
    for attributes, body in _SCRIPT.findall(html):
        if _SRC.search(attributes):
            continue
        found = _TYPE.search(attributes)
        kind = next((group for group in found.groups() if group is not None), "") if found else ""
        if kind.strip().lower() not in _JAVASCRIPT_TYPES:
            continue  # data blocks (application/json, application/ld+json) never run
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        source = f"'sha256-{digest}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def _policy(hashes: list[str], extra=()) -> str:
    script_src = " ".join(["'self'", *hashes])
    return "; ".join(f"{name} {value}" for name, value in (*BASE_DIRECTIVES, ("script-src", script_src), *extra))


def site_header_policy(site_dir) -> str:
    """The policy for a server header: every page's sources, plus header-only directives.

    A browser enforces the header and the meta tag both, so the header lists the
    hashes of the inline scripts of every page of the built site.
    """
    hashes = []
    for page in sorted(Path(site_dir).rglob("*.html")):
        if page.relative_to(Path(site_dir)).parts[0] == EDITOR:
            continue  # the editor carries its own policy (crm.admin.policy): send it for /admin/
        hashes += [h for h in inline_script_hashes(page.read_text(encoding="utf-8")) if h not in hashes]
    return _policy(hashes, HEADER_ONLY_DIRECTIVES)


def with_policy(html: str) -> str:
    """The page with its policy right after <meta charset>, before any script."""
    head = _HEAD.search(html)
    if head is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{_policy(inline_script_hashes(html))}">'
    return html[: head.end()] + tag + html[head.end():]


if __name__ == "__main__":  # python -m crm.csp site/: the header for nginx or Netlify
    print(site_header_policy(sys.argv[1] if len(sys.argv) > 1 else "site"))
