"""The Action Plan as a bilingual PDF, drawn from the model Plan (content/plan.yml) with
fpdf2 and Debian's Liberation Sans (fonts-liberation, installed by `make`).

Spanish first (the Plan's own words), then the English translation, each with its
bookmarks and language. The same plan gives the same bytes (fixed creation date), so
the offline copy does not change between builds.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from . import DEFAULT_LANGUAGE, LANGUAGES, forked
from .model import Plan
from .strings import t

FONTS = Path("/usr/share/fonts/truetype/liberation")  # Debian's fonts-liberation
SITE_PATH = "downloads/plan-de-accion-movilidad-laboral.pdf"
FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)  # not the build time: same plan, same bytes


# The drawing takes a second and does not depend on the records: start_drawing begins it
# in a forked process early in a build, and pdf_bytes collects it (the hooks do before
# they fork the process that writes it). Kept by the plan's content, so that `make
# serve` draws it once.
_DRAWN: dict[str, bytes] = {}
_DRAWING: dict[str, tuple[int, forked.ForkedStream]] = {}  # by the process that started it


def _key(plan: Plan) -> str:
    return json.dumps(_as_data(plan), ensure_ascii=False, sort_keys=True)


def start_drawing(plan: Plan) -> None:
    key = _key(plan)
    if key not in _DRAWN and key not in _DRAWING:
        _DRAWING[key] = os.getpid(), forked.ForkedStream(_draw)
        _DRAWING[key][1].send(key)


def pdf_bytes(plan: Plan) -> bytes:
    key = _key(plan)
    if key not in _DRAWN:
        # Only the process that started the drawing may collect it (its result comes once).
        started_here = key in _DRAWING and _DRAWING[key][0] == os.getpid()
        drawn = _DRAWING.pop(key)[1].results()[0] if started_here else _draw(key)
        _DRAWN.clear()  # only the current plan's
        _DRAWN[key] = drawn
    return _DRAWN[key]


def pdf_size(plan: Plan) -> int:
    return len(pdf_bytes(plan))


def _as_data(plan: Plan) -> dict:
    """The plan as plain data: the cache key, and what the drawing reads."""
    return {
        "title": plan.title.as_dict(),
        "general_objective": plan.general_objective.as_dict(),
        "axes": [{"title": title.as_dict(), "text": text.as_dict()} for title, text in plan.axes],
        "lines": [{
            "number": line.number, "title": line.title.as_dict(), "objective": line.objective.as_dict(),
            "description": line.description.as_dict() if line.description else None,
            "actions": [{"code": a.code, "text": a.text.as_dict(), "notes": [n.as_dict() for n in a.notes]} for a in line.actions],
        } for line in plan.lines],
        "context_notes": [{"number": note.number, "text": note.text.as_dict(), "refers_to": note.refers_to.as_dict() if note.refers_to else None}
                          for note in plan.context_notes],
        "annex_title": plan.annex_title.as_dict() if plan.annex_title else None,
        "annex": [_annex_entry(entry) for entry in plan.annex],
    }


def _annex_entry(entry) -> dict:
    return {"number": entry.number, "year": entry.year, "title": entry.title.as_dict(), "paragraphs": [p.as_dict() for p in entry.paragraphs],
            "targets": list(entry.targets), "declarations": [_annex_entry(inner) for inner in entry.declarations]}


def _get(text: dict, lang: str) -> str:
    return text.get(lang) or text[DEFAULT_LANGUAGE]


def _draw(plan_json: str) -> bytes:
    from fpdf import FPDF  # imported here: only the plan page's build needs it

    plan = json.loads(plan_json)
    pdf = FPDF(format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(" / ".join(_get(plan["title"], lang) for lang in LANGUAGES))
    pdf.set_author(t("site_name", DEFAULT_LANGUAGE))
    pdf.set_lang(DEFAULT_LANGUAGE)
    pdf.set_margins(20, 20, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Liberation", "", str(FONTS / "LiberationSans-Regular.ttf"))
    pdf.add_font("Liberation", "B", str(FONTS / "LiberationSans-Bold.ttf"))
    pdf.add_font("Liberation", "I", str(FONTS / "LiberationSans-Italic.ttf"))

    def paragraph(text: str, size: float = 10.5, style: str = "", gap: float = 2) -> None:
        pdf.set_font("Liberation", style, size)
        pdf.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def heading(text: str, level: int, size: float) -> None:
        pdf.start_section(text, level=level)
        paragraph(text, size, "B", 3)

    for lang in LANGUAGES:
        pdf.add_page()
        heading(_get(plan["title"], lang), 0, 18)
        if lang != DEFAULT_LANGUAGE:
            paragraph(t("translation_note", lang), 9.5, "I", 4)
        heading(t("general_objective", lang), 1, 13)
        paragraph(_get(plan["general_objective"], lang))
        if plan["axes"]:
            heading(t("axes", lang), 1, 13)
            for axis in plan["axes"]:
                paragraph(_get(axis["title"], lang), 10.5, "B", 1)
                paragraph(_get(axis["text"], lang))
        for line in plan["lines"]:
            heading(f"{t('line', lang)} {line['number']}. {_get(line['title'], lang)}", 1, 13)
            if line["description"]:
                paragraph(_get(line["description"], lang))
            paragraph(f"{t('objective', lang)}: {_get(line['objective'], lang)}", 10.5, "B")
            for action in line["actions"]:
                paragraph(f"{t('action', lang)} {action['code']}. {_get(action['text'], lang)}", gap=1)
                for note in action["notes"]:
                    pdf.set_x(pdf.l_margin + 6)
                    pdf.set_font("Liberation", "", 9.5)
                    pdf.multi_cell(0, 4.75, _get(note, lang), align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1.5)
        if plan["context_notes"]:
            heading(t("context_notes", lang), 1, 13)
            for note in plan["context_notes"]:
                on = t("context_note_on", lang, passage=_get(note["refers_to"], lang)) + " " if note["refers_to"] else ""
                paragraph(f"{note['number']}. {on}{_get(note['text'], lang)}", 9.5)
        if plan["annex_title"]:
            heading(f"{t('annex', lang)}. {_get(plan['annex_title'], lang)}", 1, 13)
            for entry in plan["annex"]:
                for item, size in ((entry, 11.5), *((inner, 10.5) for inner in entry["declarations"])):
                    number = f"{item['number']}. " if item["number"] else ""
                    year = f" ({item['year']})" if item["year"] else ""
                    paragraph(f"{number}{_get(item['title'], lang)}{year}", size, "B", 1)
                    for text in item["paragraphs"]:
                        paragraph(_get(text, lang))
                    if item["targets"]:
                        paragraph(t("annex_targets", lang, targets=", ".join(item["targets"])))
    return bytes(pdf.output())


def write(plan: Plan, site_dir: Path) -> None:
    target = Path(site_dir) / SITE_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf_bytes(plan))
