"""A Flowchart as an accessible SVG for the handbook site.

Python only computes the geometry (boxes, wrapped lines, arrows); the markup
is the template ``templates/flowchart/flowchart.svg``, rendered by the
sandboxed, autoescaping XML environment, so every text from the profile is
XML-escaped.  The SVG has role="img", a <title> and a <desc> holding the
full text version.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from generator.documents.flowchart.docx_layout import connectors, row_items, spans
from generator.documents.flowchart.model import Arrow, Box, Flowchart
from generator.documents.flowchart.text import plain_text_version
from generator.render.content import compile_file
from generator.render.jinja_env import render_limited, xml_env
from generator.sources.templates import TemplateSet

WIDTH = 800
MARGIN = 16
TITLE_SIZE, BODY_SIZE = 14, 12.5
LINE = 1.3  # line height, in font sizes
PAD = 8
CONNECTOR = 34  # height of the band between two rows
GAP_BAND = 22
CHAR = 0.53  # average glyph width, in font sizes (sans-serif)


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str
    bold: bool
    size: float


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    chars = max(8, int(width / (size * (CHAR + (0.04 if bold else 0)))))
    return textwrap.wrap(text, chars, break_on_hyphens=False) or [""]


def _box_lines(box: Box, width: float) -> list[tuple[str, bool, float, float]]:
    """(text, bold, size, extra space before) per line."""
    inner = width - 2 * PAD
    out = [(t, True, TITLE_SIZE, 0.0) for t in wrap(box.title_text, inner, TITLE_SIZE, True)]
    for line in box.body_lines():
        for n, t in enumerate(wrap(line, inner - (10 if line.startswith("\u2022") else 0), BODY_SIZE)):
            indent = "" if n == 0 or not line.startswith("\u2022") else "\u2003"
            out.append((indent + t, False, BODY_SIZE, 3.0 if n == 0 else 0.0))
    return out


def layout(chart: Flowchart) -> dict:
    total = WIDTH - 2 * MARGIN
    y = MARGIN
    intro = []
    for t in wrap(chart.intro, total, BODY_SIZE):
        y += BODY_SIZE * LINE
        intro.append(Line(MARGIN, y, t, False, BODY_SIZE))
    y += 10
    boxes, arrows, labels = [], [], []
    placed: dict[str, tuple[float, float, float, float]] = {}
    for index, row in enumerate(chart.rows):
        if index:
            y += GAP_BAND if row.gap else CONNECTOR
        items = row_items(row)
        cells = list(zip(spans(items, total), items))
        wrapped = {index: _box_lines(item, b - a) for index, ((a, b), item) in enumerate(cells) if isinstance(item, Box)}
        heights = [sum(s * LINE + extra for _, _, s, extra in lines) + 2 * PAD for lines in wrapped.values()]
        height = max(heights or [40])
        for index, ((a, b), item) in enumerate(cells):
            x, w = MARGIN + a, b - a
            if isinstance(item, Box):
                style = chart.styles[item.style]
                lines, ty = [], y + PAD
                for text, bold, size, extra in wrapped[index]:  # wrapped once, for the height and the lines
                    ty += size * LINE + extra
                    lines.append(Line(x + PAD, ty - size * 0.3, text, bold, size))
                boxes.append({"id": item.id, "x": x, "y": y, "w": w, "h": height, "fill": style.fill,
                              "stroke": style.border, "stroke_width": 2.5 if style.border_size > 12 else 1.5,
                              "lines": lines})
                placed[item.id] = (x, y, w, height)
        for (a, b), item in cells:
            if isinstance(item, Arrow):
                mid = y + height / 2
                arrows.append({"x1": MARGIN + a + 4, "y1": mid, "x2": MARGIN + b - 6, "y2": mid})
                if item.label:
                    labels.append(Line(MARGIN + (a + b) / 2, mid - 8, item.label, True, BODY_SIZE))
        y += height
    for link in chart.links:
        source, target = placed[link.source], placed[link.target]
        if chart.row_of(link.source) == chart.row_of(link.target):
            continue  # drawn as the row's arrow cell
        sx = source[0] + source[2] / 2
        tx = target[0] + target[2] / 2
        # Fan-in / fan-out: aim at the narrower box's centre when it lies inside the wider one.
        if source[2] > target[2] and source[0] <= tx <= source[0] + source[2]:
            sx = tx
        elif target[2] > source[2] and target[0] <= sx <= target[0] + target[2]:
            tx = sx
        y1, y2 = source[1] + source[3], target[1]
        arrows.append({"x1": sx, "y1": y1, "x2": tx, "y2": y2 - 3})
        if link.label:
            labels.append(Line(max(sx, tx) + 18, (y1 + y2) / 2 + 4, link.label, True, BODY_SIZE))
    return {"width": WIDTH, "height": round(y + MARGIN), "intro": intro, "boxes": boxes, "arrows": arrows,
            "labels": labels}


def render_svg(chart: Flowchart, templates: TemplateSet, org_name: str) -> bytes:
    path, template = compile_file(templates, "flowchart/flowchart.svg", xml_env(), front_matter=False)
    context = {"chart": {"title": chart.title, "summary": chart.summary, "slug": chart.slug},
               "description": plain_text_version(chart), "org_name": org_name, **layout(chart)}
    return render_limited(template, context, path).encode("utf-8")


__all__ = ["render_svg", "layout", "connectors"]
