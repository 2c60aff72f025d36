"""Communication toolkits (plan actions 1.5, 3.5, 4.5): sources in toolkits/<slug>/.

Integration points used by the rest of the build (filled in by the toolkits work):
- load(root, repo) -> (list of toolkits, list of Problem)   [content.load calls it]
- page_files(repo) -> {docs-relative .md name: text}        [pages for both languages]
- write_bundles(repo, site_dir) -> None                      [zips under site/downloads/]
Each toolkit object offers .slug, .title (model.Text) and .actions (list of "1.5" codes).
"""
from __future__ import annotations


def load(root, repo):
    return [], []


def page_files(repo) -> dict:
    return {}


def write_bundles(repo, site_dir) -> None:
    return None
