"""Artwork: a layout template plus a toolkit's texts and colours -> an editable SVG.

Text stays real <text>/<tspan> so partners can edit it. SVG does not wrap lines, so
lines are broken here with Liberation Sans / Arial advance widths (the fonts named in
the templates); the same estimate tells `make check` when a text is too long for a piece.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from .svgcheck import SVG_NS

ET.register_namespace("", SVG_NS)
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_LINE_HEIGHT = 1.2
_PARAGRAPH_GAP = 0.5  # extra line heights between the flyer's points
_BULLET = "• "
# Advance widths (em) of Liberation Sans, metrically identical to Arial.
_NARROW = set("fijlrtI .,;:!'|-()[]/¡í\"")
_WIDE = set("mwMW@")


def text_width(text: str, size: float, bold: bool) -> float:
    ems = sum(0.3 if c in _NARROW else 0.9 if c in _WIDE else 0.72 if c.isupper() else 0.56 for c in text)
    return ems * size * (1.08 if bold else 1.0)


def _wrap(words: list[str], width: float, size: float, bold: bool, indent: float) -> list[str] | None:
    lines: list[str] = []
    for word in words:
        if text_width(word, size, bold) + (indent if lines else 0) > width:
            return None
        candidate = f"{lines[-1]} {word}" if lines else word
        limit = width - (indent if len(lines) > 1 else 0)
        if lines and text_width(candidate, size, bold) <= limit:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


@dataclass(frozen=True)
class TextBox:
    """Where a <text data-slot> may write: its width, number of lines and font sizes."""

    width: float
    lines: float
    size: float
    min_size: float
    bold: bool
    bullets: bool

    @classmethod
    def of(cls, element) -> "TextBox":
        return cls(
            width=float(element.get("data-width")),
            lines=float(element.get("data-lines", 1)),
            size=float(element.get("font-size")),
            min_size=float(element.get("data-min-size", element.get("font-size"))),
            bold=element.get("font-weight") == "bold",
            bullets=element.get("data-slot") == "points",
        )

    def fit(self, paragraphs: list[str]):
        """(font size, [(line, first line of its paragraph, indented)]) or None when it cannot fit."""
        size = self.size
        while True:
            placed = self._place(paragraphs, size)
            if placed is not None:
                return size, placed
            if size <= self.min_size:
                return None
            size = max(self.min_size, round(size * 0.95, 2))

    def _place(self, paragraphs, size):
        indent = text_width(_BULLET, size, self.bold) if self.bullets else 0.0
        placed = []
        for paragraph in paragraphs:
            text = _BULLET + paragraph if self.bullets else paragraph
            lines = _wrap(text.split(), self.width, size, self.bold, indent)
            if lines is None:
                return None
            placed += [(line, index == 0, index > 0 and self.bullets) for index, line in enumerate(lines)]
        if len(placed) + _PARAGRAPH_GAP * (len(paragraphs) - 1) > self.lines:
            return None
        return placed


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def slot_elements(layout_text: str):
    """(slot name, TextBox) for every text slot of a layout."""
    root = ET.fromstring(layout_text)
    return [(element.get("data-slot"), TextBox.of(element)) for element in root.iter() if element.get("data-slot")]


def _single_line(element, text: str, width: float) -> None:
    size = float(element.get("font-size"))
    natural = text_width(text, size, element.get("font-weight") == "bold")
    if natural > width:
        element.set("font-size", _number(size * width / natural))
    element.text = text


def render_svg(layout_text: str, lang: str, title: str, palette: dict, slots: dict, placeholders: dict) -> bytes:
    """The layout with colours, slot texts (lists of paragraphs) and placeholder defaults filled in."""
    root = ET.fromstring(layout_text)
    root.set(_XML_LANG, lang)
    heading = ET.Element(f"{{{SVG_NS}}}title")
    heading.text = title
    root.insert(0, heading)
    for element in root.iter():
        for source, target in (("data-fill", "fill"), ("data-stroke", "stroke")):
            colour = element.attrib.pop(source, None)
            if colour:
                element.set(target, palette[colour])
        slot = element.attrib.get("data-slot")
        if slot:
            _fill_slot(element, slots[slot])
        key = element.get("data-placeholder")
        if key and element.tag == f"{{{SVG_NS}}}text":
            _single_line(element, placeholders[key], float(element.get("data-width")))
        elif key:  # the logo area: a dashed frame with a label, replaced by the partner's logo
            frame = element.find(f"{{{SVG_NS}}}rect")
            label = element.find(f"{{{SVG_NS}}}text")
            _single_line(label, placeholders[key], float(frame.get("width")) * 0.9)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _fill_slot(element, paragraphs: list[str]) -> None:
    box = TextBox.of(element)
    fitted = box.fit(paragraphs)
    if fitted is None:  # `make check` refuses such texts; never reached from a validated toolkit
        raise ValueError(f"text does not fit slot {element.get('data-slot')}")
    size, lines = fitted
    for attribute in ("data-slot", "data-width", "data-lines", "data-min-size"):
        element.attrib.pop(attribute, None)
    element.set("font-size", _number(size))
    x = float(element.get("x"))
    indent = text_width(_BULLET, size, box.bold)
    for index, (line, first, indented) in enumerate(lines):
        span = ET.SubElement(element, f"{{{SVG_NS}}}tspan")
        span.set("x", _number(x + indent if indented else x))
        step = 0 if index == 0 else _LINE_HEIGHT * size * (1 + _PARAGRAPH_GAP if first else 1)
        span.set("dy", _number(step))
        span.text = line


def size_of(layout_text: str) -> tuple[float, float, str, float]:
    """(width, height, unit 'mm' or 'px', bleed in mm) as the template's root declares them."""
    root = ET.fromstring(layout_text)
    width, height = root.get("width", ""), root.get("height", "")
    unit = "mm" if width.endswith("mm") else "px"
    return float(width.removesuffix("mm")), float(height.removesuffix("mm")), unit, float(root.get("data-bleed", 0))
