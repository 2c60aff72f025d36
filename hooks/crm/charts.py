"""Static, accessible SVG charts drawn at build time (no chart library, nothing fetched).

Each chart is an inline <svg role="img"> with a <title> and a <desc>, so screen readers
announce it; pages put a table of the same numbers next to it. Colours are SVG
presentation attributes (the pages' Content-Security-Policy forbids style attributes)
and each has at least 4.5:1 contrast on white; text uses the page's own colour.
"""
from __future__ import annotations

from .html import e

# Distinct hues, dark enough for 4.5:1 on white (Tailwind 700 shades and Material indigo).
PALETTE = ("#3f51b5", "#c2410c", "#15803d", "#7e22ce", "#a16207", "#0e7490", "#be123c", "#4b5563")

WIDTH = 640
FONT_SIZE = 13
CHAR_WIDTH = 7.2  # average advance of a 13 px sans-serif character, to lay out labels
ROW = 24
BAR = 16


def _svg(chart_id: str, title: str, description: str, height: int, inner: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-size="{FONT_SIZE}" fill="currentColor">'
        f'<title id="{chart_id}-title">{e(title)}</title><desc id="{chart_id}-desc">{e(description)}</desc>'
        f"{inner}</svg>"
    )


def _text_width(text: str) -> float:
    return len(text) * CHAR_WIDTH


def _fit(label: str, width: float) -> str:
    """The label, shortened with an ellipsis when wider than ``width`` (the table has it whole)."""
    if _text_width(label) <= width:
        return label
    return label[: int(width / CHAR_WIDTH) - 1].rstrip() + "…"


def _legend(series: list[str], top: int) -> tuple[str, int]:
    """Swatch and name of each series, wrapped over as many lines as needed."""
    parts, x, y = [], 0.0, top
    for index, name in enumerate(series):
        width = 18 + _text_width(name) + 16
        if x and x + width > WIDTH:
            x, y = 0.0, y + ROW
        parts.append(
            f'<rect x="{x:.0f}" y="{y + 4}" width="12" height="12" fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{x + 18:.0f}" y="{y + 15}">{e(name)}</text>'
        )
        x += width
    return "".join(parts), y + ROW + 8 - top


def bar_chart(chart_id: str, title: str, description: str, rows: list[tuple[str, list[int]]], series: list[str]) -> str:
    """Horizontal bars, one per row, stacked by series when there are several.

    ``rows`` are (label, one value per series); the total is written after each bar.
    """
    legend, top = _legend(series, 0) if len(series) > 1 else ("", 0)
    label_width = min(max((_text_width(label) for label, _ in rows), default=0) + 12, WIDTH * 0.5)
    total_width = _text_width(str(max((sum(values) for _, values in rows), default=0))) + 8
    plot = WIDTH - label_width - total_width
    largest = max((sum(values) for _, values in rows), default=0) or 1
    parts = [legend]
    for index, (label, values) in enumerate(rows):
        y = top + index * ROW
        parts.append(f'<text x="{label_width - 8:.0f}" y="{y + BAR - 3}" text-anchor="end">{e(_fit(label, label_width - 8))}</text>')
        x = label_width
        for number, (name, value) in enumerate(zip(series, values)):
            if not value:
                continue
            width = plot * value / largest
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{PALETTE[number % len(PALETTE)]}" stroke="#fff" stroke-width="1">'
                f"<title>{e(label)} · {e(name)}: {value}</title></rect>"
            )
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 3}">{sum(values)}</text>')
    axis_bottom = top + len(rows) * ROW
    parts.append(f'<line x1="{label_width}" y1="{top - 4}" x2="{label_width}" y2="{axis_bottom}" stroke="currentColor" stroke-width="1"/>')
    return _svg(chart_id, title, description, axis_bottom + 4, "".join(parts))


def timeline_chart(chart_id: str, title: str, description: str, counts: dict[int, int]) -> str:
    """One column per year from the first to the last year counted, zeros included."""
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    left, right, top, bottom, height = 36, 20, 10, 28, 200
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    step = max(1, -(-max(counts.values()) // 5))  # at most five gridlines, on whole numbers
    scale = -(-max(counts.values()) // step) * step
    slot = plot_width / len(years)
    parts = []
    for tick in range(0, scale + 1, step):
        y = top + plot_height * (1 - tick / scale)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - right}" y2="{y:.1f}" stroke="#9ca3af" stroke-width="0.5"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>'
        )
    # Decades are labelled; the first and last years too, unless a decade label is too close.
    labelled = [year for year in years if year % 10 == 0]
    room = _text_width("0000") + 12
    labelled += [year for year in (first, last) if all(abs(year - other) * slot >= room for other in labelled)]
    for index, year in enumerate(years):
        x = left + index * slot
        value = counts.get(year, 0)
        if value:
            bar_height = plot_height * value / scale
            parts.append(
                f'<rect x="{x + slot * 0.1:.1f}" y="{top + plot_height - bar_height:.1f}" width="{max(slot * 0.8, 1):.1f}" '
                f'height="{bar_height:.1f}" fill="{PALETTE[0]}"><title>{year}: {value}</title></rect>'
            )
        if year in labelled:
            parts.append(f'<text x="{x + slot / 2:.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    return _svg(chart_id, title, description, height, "".join(parts))
