"""The toolkit pages: toolkits/ (the list) and toolkits/<slug>/, in both languages,
drawn by overrides/toolkits.html and overrides/toolkit.html.

Downloads live once, at the site root (downloads/), so English pages link up past en/.
The personaliser's templates are the bundle's own SVGs, embedded in inert <template>
elements: the page works offline and from file://, with no request for the artwork.
"""
from __future__ import annotations

from babel.numbers import format_decimal
from markupsafe import Markup

from .. import LANGUAGES, site_prefix
from ..html import rel
from ..pages import SitePage
from ..strings import t
from .bundle import DOWNLOADS, bundles, make_bundles, size_label

ASSETS = "assets/toolkits/"
# The page's sections, in order: (anchor, heading key); the page lists them at its top.
SECTIONS = (("purpose", "toolkit_purpose"), ("downloads", "toolkit_downloads"), ("artwork", "toolkit_artwork"),
            ("planning", "toolkit_planning"), ("audiences", "toolkit_audiences"), ("channels", "toolkit_channels"),
            ("safeguards", "toolkit_safeguards"), ("indicators", "toolkit_indicators"), ("evaluation", "toolkit_evaluation"),
            ("files", "toolkit_files"), ("attribution", "toolkit_attribution"))
# Messages of the personaliser's script, as data-msg-* attributes.
MESSAGES = ("error_too_long", "error_unsafe", "error_phone", "error_website", "error_image_type", "error_image_size", "updated")
INPUTS = {"text": {"type": "text", "autocomplete": "organization"}, "phone": {"type": "tel", "autocomplete": "tel"},
          "website": {"type": "text", "inputmode": "url", "autocomplete": "url"}}


class ToolkitView:
    """What a toolkit page shows besides the toolkit's own fields: its bundle's
    files, sizes, addresses and checksums, in one language."""

    def __init__(self, repo, kit, lang: str):
        self.repo, self.kit, self.lang = repo, kit, lang
        self.here = f"toolkits/{kit.slug}/"
        self.site_here = site_prefix(lang) + self.here  # for links to the root's downloads/ and assets/
        self.bundle = bundles(kit)[lang]

    def file_url(self, path: str) -> str:
        """Link to one unpacked file of this page's bundle."""
        return rel(self.site_here, f"{DOWNLOADS}/{self.bundle.name}/") + path

    def downloads_url(self, name: str) -> str:
        return rel(self.site_here, f"{DOWNLOADS}/") + name

    def assets_url(self, name: str) -> str:
        return rel(self.site_here, ASSETS) + name

    def kb(self, size: int) -> str:
        return f"{format_decimal(max(1, round(size / 1024)), locale=self.lang)} KB"

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.lang)

    def size(self, size: dict) -> str:
        return size_label(size, self.lang)

    def piece(self, name: str):
        """The SVG of a piece, and its PNG preview, in this page's bundle."""
        return self.bundle.file(f"artwork/{name}.svg"), self.bundle.file(f"artwork/{name}.png")

    def svg(self, name: str) -> Markup:
        """A piece's SVG markup without its XML declaration (checked by svgcheck when loaded)."""
        return Markup(self.bundle.file(f"artwork/{name}.svg").data.decode("utf-8").split("?>", 1)[1].strip())

    @property
    def bundles(self):
        return [(lang, bundles(self.kit)[lang]) for lang in LANGUAGES]

    @property
    def weeks(self) -> int:
        return max(phase["weeks"]["end"] for phase in self.kit.data["phases"])

    @property
    def messages(self) -> dict[str, str]:
        return {f"data-msg-{key.replace('_', '-')}": t(f"toolkit_{key}", self.lang) for key in MESSAGES}

    def preview(self):
        """The PNG shown on the list of toolkits."""
        if "social-square" in self.kit.layouts:
            return self.bundle.file("artwork/social-square.png")
        return next(f for f in self.bundle.files if f.format == "PNG")


def pages(repo) -> list[SitePage]:
    if repo is None or not repo.toolkits:
        return []
    make_bundles(repo.toolkits)
    found = []
    for lang in LANGUAGES:
        found.append(SitePage("toolkits/", lang, "toolkits.html", t("toolkits", lang), description=t("toolkits_intro", lang),
                              context={"here": "toolkits/", "site_here": site_prefix(lang) + "toolkits/", "downloads": DOWNLOADS, "assets": ASSETS,
                                       "views": [ToolkitView(repo, kit, lang) for kit in repo.toolkits]}))
        for kit in repo.toolkits:
            found.append(SitePage(f"toolkits/{kit.slug}/", lang, "toolkit.html", kit.title.get(lang), description=kit.summary.get(lang),
                                  context={"here": f"toolkits/{kit.slug}/", "kit": kit, "d": kit.data, "view": ToolkitView(repo, kit, lang),
                                           "sections": SECTIONS, "inputs": INPUTS}))
    return found
