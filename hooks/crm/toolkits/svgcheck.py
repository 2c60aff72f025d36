"""Safety and consistency check of an SVG template, with the line and column of each problem.

Partners open these files in their own editors and browsers and print them, so an SVG
may hold drawing and text only. The check parses the file and accepts only the elements
and attributes listed below (an allow-list, so that no spelling, entity or tab character
can slip something past it): no scripts, animation, event attributes, foreignObject,
DTD or reference to anything outside the file. Values are read as the parser decoded
them (``&#x09;`` is already a tab) and compared with white space and controls removed.
Expat reports positions, which ElementTree does not.
"""
from __future__ import annotations

import re
import xml.parsers.expat
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# Drawing and text; <use> only with an #id inside the file.
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "rect", "circle", "ellipse", "line", "polyline", "polygon", "path",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "use",
}
ATTRIBUTES = {
    "width", "height", "viewBox", "preserveAspectRatio", "version", "id", "x", "y", "x1", "y1", "x2", "y2",
    "cx", "cy", "r", "rx", "ry", "dx", "dy", "fx", "fy", "points", "d", "transform", "offset", "href",
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-dasharray", "stroke-dashoffset",
    "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-opacity", "opacity", "clip-path", "clip-rule",
    "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "font-family", "font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing",
    # the build's own instructions (toolkits/layouts/README.md)
    "data-bleed", "data-fill", "data-stroke", "data-slot", "data-placeholder", "data-width", "data-lines", "data-min-size",
}
_NAMESPACED_ATTRIBUTES = {f"{XLINK_NS} href", f"{XML_NS} space", f"{XML_NS} lang"}
_SCRIPT_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener", "audio", "video"}
_ANIMATION_ELEMENTS = {"set", "animate", "animatetransform", "animatemotion", "animatecolor", "discard"}
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f]+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")  # javascript:, data:, https:, file:...
_URL_FUNCTION = re.compile(r"url\((?!['\"]?#)", re.I)  # url(...) that is not a #fragment
SLOTS = ("headline", "message", "points", "call_to_action", "credit")  # texts the build fills in
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_LENGTH = re.compile(r"^[0-9]+(\.[0-9]+)?(mm)?$")  # the canvas: pixels, or millimetres for print


@dataclass
class SvgReport:
    problems: list = field(default_factory=list)  # (line, column, message)
    placeholders: list = field(default_factory=list)  # (line, column, key)


class _Stop(Exception):
    """Raised from a handler to stop parsing a file that may not be read further."""


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _value_problem(local: str, value: str) -> str | None:
    compact = _INVISIBLE.sub("", value).lower()
    if local == "href":
        shown = value.encode("unicode_escape").decode("ascii")  # a tab or line break shown as \\t, \\n
        return None if compact.startswith("#") else f"{local}=\"{shown}\" refers outside the file; artwork may only refer to #ids inside it"
    if _URL_FUNCTION.search(compact):
        return f"{local} uses url() outside the file; only url(#id) is allowed"
    if _SCHEME.match(compact) or "javascript:" in compact:
        return f"{local} holds a link ({compact.split(':', 1)[0]}:); artwork may only refer to #ids inside it"
    return None


def check_svg(text: str) -> SvgReport:
    report = SvgReport()
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    root_seen: list = []  # the root element's name, once seen

    def here():
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse(message):
        report.problems.append((*here(), message))

    def start(name, attributes):
        element = _local(name)
        if not root_seen:
            root_seen.append(name)
            if name != f"{SVG_NS} svg":
                refuse(f"the root element must be <svg xmlns=\"{SVG_NS}\">")
            for size in ("width", "height"):
                if not _LENGTH.match(attributes.get(size, "")):
                    refuse(f"the <svg> needs a {size} in pixels (1080) or millimetres (216mm)")
        allowed = False
        if element.lower() in _SCRIPT_ELEMENTS:
            refuse(f"<{element}> is not allowed in artwork (scripts and embedded content are refused)")
        elif element.lower() in _ANIMATION_ELEMENTS:
            refuse(f"<{element}> is not allowed in artwork (animation can change links and texts after the check)")
        elif element in ("style", "image"):
            refuse(f"<{element}> is not allowed in templates: set colours with data-fill, and the logo with data-placeholder")
        elif not name.startswith(SVG_NS + " ") or element not in ELEMENTS:
            refuse(f"<{element}> is not an element templates may use (allowed: {', '.join(sorted(ELEMENTS))})")
        else:
            allowed = True
        for attribute, value in attributes.items() if allowed else ():
            local = _local(attribute)
            if local.lower().startswith("on"):
                refuse(f"event attribute '{local}' is not allowed in artwork")
                continue
            if attribute not in ATTRIBUTES and attribute not in _NAMESPACED_ATTRIBUTES:
                refuse(f"attribute '{attribute.replace(' ', ':')}' is not one templates may use (see toolkits/layouts/README.md)")
                continue
            problem = _value_problem(local, value)
            if problem:
                refuse(problem)
        if "data-placeholder" in attributes:
            report.placeholders.append((*here(), attributes["data-placeholder"]))
        if "data-slot" in attributes or (element == "text" and "data-placeholder" in attributes):
            for number in ("font-size", "data-width") + tuple(n for n in ("data-lines", "data-min-size") if n in attributes):
                if not _NUMBER.match(attributes.get(number, "")):
                    refuse(f"a filled-in <text> needs a plain number in {number}")
        slot = attributes.get("data-slot")
        if slot is not None and slot not in SLOTS:
            refuse(f"unknown data-slot '{slot}' (expected one of: {', '.join(SLOTS)})")

    def doctype(*args):
        refuse("a DOCTYPE is not allowed in artwork (entities can pull in other files)")
        raise _Stop

    def processing_instruction(target, data):
        refuse(f"processing instruction <?{target}?> is not allowed in artwork")

    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    parser.ProcessingInstructionHandler = processing_instruction
    try:
        parser.Parse(text, True)
    except _Stop:
        pass
    except xml.parsers.expat.ExpatError as error:
        report.problems.append((error.lineno, error.offset + 1, f"not well-formed XML: {xml.parsers.expat.ErrorString(error.code)}"))
    return report
