"""Communication toolkits (plan actions 1.5, 3.5, 4.5): sources in toolkits/<slug>/.

Integration points used by the rest of the build:
- load(root, repo) -> (list of Toolkit, list of Problem)   [content.load calls it]
- site_pages(repo) -> list of crm.pages.SitePage             [pages for both languages]
- write_bundles(repo, site_dir) -> None                      [zips under site/downloads/]
Each Toolkit offers .slug, .title (model.Text) and .actions (list of "1.5" codes).
"""
from __future__ import annotations

from .source import Toolkit, load

__all__ = ["Toolkit", "load", "site_pages", "write_bundles"]


# The rendering libraries (CairoSVG, python-docx) load only when pages or bundles are
# made, so that `make check`, which only validates, stays quick.
def site_pages(repo) -> list:  # not pages(): importing the submodule .pages would replace it
    from .pages import pages

    return pages(repo)


def write_bundles(repo, site_dir) -> None:
    from .bundle import write_bundles as write

    write(repo, site_dir)
