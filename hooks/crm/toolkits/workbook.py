"""The planning workbook: the toolkit's planning data as an editable DOCX, one per language."""
from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..strings import t
from . import stable_zip

_BOX = "☐"


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values):
            cell.text = text
    return table


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(shading)


def workbook(kit, lang: str) -> bytes:
    d = kit.data
    g = lambda value: value[lang]  # noqa: E731 - every text here is a {es, en} mapping
    roles = {role["code"]: g(role["label"]) for role in d["roles"]}
    doc = Document()
    date = dt.datetime.combine(dt.date.fromisoformat(d["date"]), dt.time())
    properties = doc.core_properties  # fixed, so that the same sources give the same bytes
    properties.title = f"{t('toolkit_workbook', lang)}: {g(d['title'])}"
    properties.author = properties.last_modified_by = g(d["publisher"])
    properties.created = properties.modified = properties.last_printed = date
    properties.revision = 1
    properties.language = lang
    properties.comments = properties.keywords = properties.subject = properties.category = ""
    doc.styles["Normal"].font.size = Pt(10)

    doc.add_heading(g(d["title"]), 0)
    doc.add_paragraph(t("toolkit_workbook_intro", lang, title=g(d["title"]), version=kit.version))
    doc.add_heading(t("toolkit_purpose", lang), 1)
    doc.add_paragraph(g(d["purpose"]))

    doc.add_heading(t("toolkit_timeline", lang), 1)
    weeks = max(phase["weeks"]["end"] for phase in d["phases"])
    week = t("toolkit_week_short", lang)
    table = _table(doc, [t("toolkit_phase", lang)] + [f"{week}{n}" for n in range(1, weeks + 1)], [[g(phase["name"])] + [""] * weeks for phase in d["phases"]])
    for row, phase in zip(table.rows[1:], d["phases"]):
        for n in range(phase["weeks"]["start"], phase["weeks"]["end"] + 1):
            _shade(row.cells[n], d["palette"]["primary"])
    for phase in d["phases"]:
        doc.add_heading(f"{g(phase['name'])} ({t('toolkit_weeks', lang, **phase['weeks'])})", 2)
        doc.add_paragraph(f"{t('toolkit_goal', lang)}: {g(phase['goal'])}")
        doc.add_paragraph(t("toolkit_deliverables", lang) + ":")
        for deliverable in phase["deliverables"]:
            doc.add_paragraph(g(deliverable), style="List Bullet")

    doc.add_heading(t("toolkit_roles", lang), 1)
    _table(doc, [t("toolkit_role", lang), t("toolkit_role_description", lang), t("toolkit_owner", lang)], [[g(r["label"]), g(r["description"]), ""] for r in d["roles"]])

    doc.add_heading(t("toolkit_checklist", lang), 1)
    rows = [[_BOX, g(phase["name"]), g(task["text"]), roles[task["role"]], "", ""] for phase in d["phases"] for task in phase["tasks"]]
    rows += [[_BOX, g(phase["name"]), f"{t('toolkit_deliverables', lang)}: {g(item)}", "", "", ""] for phase in d["phases"] for item in phase["deliverables"]]
    _table(doc, [t("toolkit_done", lang), t("toolkit_phase", lang), t("toolkit_tasks", lang), t("toolkit_role", lang), t("toolkit_owner", lang), t("toolkit_due", lang)], rows)

    doc.add_heading(t("toolkit_audiences", lang), 1)
    for audience in d["audiences"]:
        doc.add_heading(g(audience["label"]), 2)
        for message in audience["messages"]:
            doc.add_paragraph(g(message), style="List Bullet")

    doc.add_heading(t("toolkit_channels", lang), 1)
    audiences = {a["code"]: g(a["label"]) for a in d["audiences"]}
    _table(doc, [t("toolkit_channel", lang), t("toolkit_channel_audiences", lang), t("toolkit_channel_pieces", lang), t("toolkit_channel_notes", lang)], [
        [g(c["label"]), "; ".join(audiences[a] for a in c["audiences"]), "; ".join(t(f"toolkit_piece_{p}", lang) for p in c["pieces"]), g(c["notes"])] for c in d["channels"]
    ])

    doc.add_heading(t("toolkit_safeguards", lang), 1)
    for key in ("do_no_harm", "consent"):
        doc.add_heading(t(f"toolkit_{key}", lang), 2)
        for item in d["safeguards"][key]:
            doc.add_paragraph(f"{_BOX} {g(item)}")

    doc.add_heading(t("toolkit_indicators", lang), 1)
    _table(doc, [t("toolkit_indicator", lang), t("toolkit_indicator_kind", lang), t("toolkit_means", lang), t("toolkit_baseline", lang), t("toolkit_target", lang), t("toolkit_result", lang)], [
        [g(i["label"]), t(f"toolkit_kind_{i['kind']}", lang), g(i["means"]), "", "", ""] for i in d["indicators"]
    ])

    doc.add_heading(t("toolkit_evaluation", lang), 1)
    doc.add_paragraph(t("toolkit_evaluation_intro", lang))
    _table(doc, ["#", t("toolkit_question", lang), t("toolkit_answer", lang)], [[str(n), g(q), ""] for n, q in enumerate(d["evaluation"], 1)])

    doc.add_heading(t("toolkit_attribution", lang), 1)
    doc.add_paragraph(g(d["licence"]["attribution"]))
    doc.add_paragraph(d["licence"]["url"])

    buffer = io.BytesIO()
    doc.save(buffer)
    return stable_zip.restamp(buffer.getvalue(), date)
