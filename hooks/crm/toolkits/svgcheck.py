"""Safety and consistency check of an SVG template, with the line and column of each problem.

Partners open these files in their own editors and browsers and print them, so an SVG
may hold drawing and text only: no scripts, event attributes, foreignObject, DTD or
reference to anything outside the file. Expat reports positions, which ElementTree does not.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_REFERENCE_ATTRIBUTES = {"href", "src"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.I)  # url(...) that is not a #fragment
SLOTS = ("headline", "message", "points", "call_to_action", "credit")  # texts the build fills in
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_LENGTH = re.compile(r"^[0-9]+(\.[0-9]+)?(mm)?$")  # the canvas: pixels, or millimetres for print


@dataclass
class SvgReport:
    problems: list = field(default_factory=list)  # (line, column, message)
    placeholders: list = field(default_factory=list)  # (line, column, key)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def check_svg(text: str) -> SvgReport:
    report = SvgReport()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    root_seen: list = []  # the root element's name, once seen

    def here():
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def start(name, attributes):
        element = _local(name)
        if not root_seen:
            root_seen.append(name)
            if name != f"{SVG_NS} svg":
                report.problems.append((*here(), f"the root element must be <svg xmlns=\"{SVG_NS}\">"))
            for size in ("width", "height"):
                if not _LENGTH.match(attributes.get(size, "")):
                    report.problems.append((*here(), f"the <svg> needs a {size} in pixels (1080) or millimetres (216mm)"))
        if element.lower() in _FORBIDDEN_ELEMENTS:
            report.problems.append((*here(), f"<{element}> is not allowed in artwork (scripts and embedded content are refused)"))
        if element == "style" or element == "image":
            report.problems.append((*here(), f"<{element}> is not allowed in templates: set colours with data-fill, and the logo with data-placeholder"))
        for attribute, value in attributes.items():
            local = _local(attribute)
            if local.lower().startswith("on"):
                report.problems.append((*here(), f"event attribute '{local}' is not allowed in artwork"))
            elif local in _REFERENCE_ATTRIBUTES and not value.startswith("#"):
                report.problems.append((*here(), f"{local}=\"{value}\" refers outside the file; artwork may only refer to #ids inside it"))
            elif _EXTERNAL_URL.search(value):
                report.problems.append((*here(), f"{local} uses url() outside the file; only url(#id) is allowed"))
            elif "javascript:" in value.lower():
                report.problems.append((*here(), f"{local} holds a javascript: link"))
        if "data-placeholder" in attributes:
            report.placeholders.append((*here(), attributes["data-placeholder"]))
        if "data-slot" in attributes or (element == "text" and "data-placeholder" in attributes):
            for number in ("font-size", "data-width") + tuple(n for n in ("data-lines", "data-min-size") if n in attributes):
                if not _NUMBER.match(attributes.get(number, "")):
                    report.problems.append((*here(), f"a filled-in <text> needs a plain number in {number}"))
        slot = attributes.get("data-slot")
        if slot is not None and slot not in SLOTS:
            report.problems.append((*here(), f"unknown data-slot '{slot}' (expected one of: {', '.join(SLOTS)})"))

    def doctype(*args):
        report.problems.append((*here(), "a DOCTYPE is not allowed in artwork (entities can pull in other files)"))

    def processing_instruction(target, data):
        report.problems.append((*here(), f"processing instruction <?{target}?> is not allowed in artwork"))

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = processing_instruction
    try:
        parser.Parse(text, True)
    except xml.parsers.expat.ExpatError as error:
        report.problems.append((error.lineno, error.offset + 1, f"not well-formed XML: {xml.parsers.expat.ErrorString(error.code)}"))
    return report
