"""One zip per toolkit and language: artwork (SVG + PNG), workbook, README, manifest, sums.

Everything is made in memory from the validated toolkit, once per build (the pages need
the sizes and the site needs the files), and is byte-identical for the same sources.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import cairosvg

from .. import LANGUAGES, forked
from ..strings import t
from . import artwork, stable_zip
from .workbook import workbook

DOWNLOADS = "downloads"  # site folder of the bundles, shared by both languages
_FORMATS = {
    ".svg": ("SVG", "image/svg+xml"),
    ".png": ("PNG", "image/png"),
    ".docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".md": ("Markdown", "text/markdown"),
    ".json": ("JSON", "application/json"),
    "": ("SHA256SUMS", "text/plain"),
}


@dataclass(frozen=True)
class BundleFile:
    path: str  # inside the bundle folder, with forward slashes
    data: bytes
    size: dict | None = None  # {"width", "height", "unit"} (+ "bleed_mm") for artwork
    piece: str | None = None

    @property
    def format(self) -> str:
        return _FORMATS[Path(self.path).suffix][0]

    @property
    def media_type(self) -> str:
        return _FORMATS[Path(self.path).suffix][1]

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Bundle:
    name: str  # <slug>-<version>-<lang>: the zip's stem and its top folder
    lang: str
    files: list[BundleFile]  # sorted by path, manifest.json and SHA256SUMS included
    date: dt.datetime

    @cached_property
    def zip(self) -> bytes:
        return stable_zip.build([(f"{self.name}/{f.path}", f.data) for f in self.files], self.date)

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.zip).hexdigest()

    @property
    def file_name(self) -> str:
        return f"{self.name}.zip"

    def file(self, path: str) -> BundleFile:
        return next(f for f in self.files if f.path == path)


def _png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])  # IHDR width and height


def _number(value: float) -> str:
    return f"{value:g}"


def size_label(size: dict, lang: str) -> str:
    if size["unit"] == "mm":
        bleed = size["bleed_mm"]
        return t("toolkit_size_mm", lang, width=_number(size["width"] - 2 * bleed), height=_number(size["height"] - 2 * bleed), bleed=_number(bleed))
    return t("toolkit_size_px", lang, width=_number(size["width"]), height=_number(size["height"]))


# Bundles already made in this process, by the digest of their sources: a `make serve`
# rebuild after a record edit reuses them instead of redrawing every PNG.
_MADE: dict[str, Bundle] = {}


def _sources_digest(kit, lang: str) -> str:
    sources = [lang, json.dumps(kit.data, sort_keys=True, ensure_ascii=False), kit.readme[lang]]
    sources += [f"{name}\n{layout.text}" for name, layout in kit.layouts.items()]
    return hashlib.sha256("\0".join(sources).encode("utf-8")).hexdigest()


def bundles(kit) -> dict[str, Bundle]:
    """The toolkit's bundles by language, made on first use and kept on the toolkit."""
    if not kit.bundles:
        make_bundles([kit])
    return kit.bundles


def make_bundles(kits) -> None:
    """Make the bundles of these toolkits now, those not made yet shared among the cores
    (drawing the PNG previews is most of a toolkit's build time)."""
    digests = {(kit.slug, lang): _sources_digest(kit, lang) for kit in kits for lang in LANGUAGES}
    missing = {digests[kit.slug, lang]: (kit, lang) for kit in kits for lang in LANGUAGES if digests[kit.slug, lang] not in _MADE}
    _MADE.update(zip(missing, forked.fork_map(lambda kit_lang: _build(*kit_lang), list(missing.values()))))
    for kit in kits:
        kit.bundles.update({lang: _MADE[digests[kit.slug, lang]] for lang in LANGUAGES})


def _build(kit, lang: str) -> Bundle:
    d = kit.data
    date = dt.datetime.combine(dt.date.fromisoformat(d["date"]), dt.time())
    slots = kit.slot_texts(lang)
    defaults = {p["key"]: p["default"][lang] for p in kit.placeholders}
    files = []
    for piece, layout in kit.layouts.items():
        width, height, unit, bleed = layout.size
        svg = artwork.render_svg(layout.text, lang, d["artwork"]["headline"][lang], d["palette"], slots, defaults)
        size = {"width": width, "height": height, "unit": unit}
        if unit == "mm":
            size["bleed_mm"] = bleed
        files.append(BundleFile(f"artwork/{piece}.svg", svg, size, piece))
        png = cairosvg.svg2png(bytestring=svg)  # the preview, at 96 dpi (A4: 816 px wide)
        png_width, png_height = _png_size(png)
        files.append(BundleFile(f"artwork/{piece}.png", png, {"width": png_width, "height": png_height, "unit": "px"}, piece))
    files.append(BundleFile(f"workbook/{t('toolkit_workbook_file', lang)}.docx", workbook(kit, lang)))
    files.append(BundleFile("README.md", _readme(kit, lang, files).encode("utf-8")))
    files.sort(key=lambda f: f.path)
    manifest = {
        "toolkit": kit.slug,
        "title": d["title"][lang],
        "version": kit.version,
        "date": d["date"],
        "language": lang,
        "actions": kit.actions,
        "licence": {"code": d["licence"]["code"], "url": d["licence"]["url"], "attribution": d["licence"]["attribution"][lang]},
        "files": [
            {"path": f.path, "format": f.format, "media_type": f.media_type, **({"size": f.size} if f.size else {}), "language": lang, "bytes": len(f.data), "sha256": f.sha256}
            for f in files
        ],
    }
    files.append(BundleFile("manifest.json", (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")))
    files.append(BundleFile("SHA256SUMS", "".join(f"{f.sha256}  {f.path}\n" for f in sorted(files, key=lambda f: f.path)).encode("utf-8")))
    files.sort(key=lambda f: f.path)
    return Bundle(f"{kit.slug}-{kit.version}-{lang}", lang, files, date)


def _readme(kit, lang: str, files: list[BundleFile]) -> str:
    d = kit.data
    pieces = "\n".join(
        f"- {t(f'toolkit_piece_{f.piece}', lang)}: `{f.path}`, {size_label(f.size, lang)}" for f in files if f.format == "SVG"
    )
    colours = "\n".join(f"- {name}: `{value}`" for name, value in d["palette"].items())
    placeholders = "\n".join(
        f"- `{p['key']}`: {p['label'][lang]}" + (f" ({t('toolkit_max_chars', lang, max=p['max_length'])})" if "max_length" in p else "") for p in kit.placeholders
    )
    return kit.readme[lang].format(
        title=d["title"][lang], version=kit.version, date=d["date"], summary=d["summary"][lang], pieces=pieces, colours=colours,
        placeholders=placeholders, workbook=next(f.path for f in files if f.format == "DOCX"), attribution=d["licence"]["attribution"][lang],
        licence_url=d["licence"]["url"], publisher=d["publisher"][lang],
    )


def write_bundles(repo, site_dir) -> None:
    """site/downloads/<name>.zip, its files unpacked beside it (previews, single downloads), SHA256SUMS."""
    downloads = Path(site_dir) / DOWNLOADS
    sums = []
    for kit in repo.toolkits:
        for bundle in bundles(kit).values():
            (downloads / bundle.name).mkdir(parents=True, exist_ok=True)
            for f in bundle.files:
                target = downloads / bundle.name / f.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(f.data)
            (downloads / bundle.file_name).write_bytes(bundle.zip)
            sums.append(f"{bundle.sha256}  {bundle.file_name}\n")
    if sums:
        (downloads / "SHA256SUMS").write_text("".join(sorted(sums, key=lambda line: line.split()[1])), encoding="utf-8")
