"""A Flowchart as one Word table: boxes are shaded, bordered cells; arrows
are "↓" / "→" glyphs in borderless cells.  Everything stays editable text in
Word (no picture), and the table carries the text version as its alt text
(w:tblCaption / w:tblDescription) for screen readers.

Each row of the chart is a table row; between two rows a connector row holds
the "↓" arrows.  The column grid is the union of every row's cell edges, and
each cell spans the grid columns it covers (w:gridSpan).
"""

from __future__ import annotations

import textwrap

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.oxml.simpletypes import ST_HpsMeasure

from generator.documents.flowchart.model import Arrow, Box, Flowchart
from generator.documents.flowchart.text import plain_text_version
from generator.docx.inline import add_runs
from generator.docx.meta import xml_safe
from generator.docx.xml import child, el, sub, tag
from generator.render.blocks import BulletList, NumberedList, Paragraph, plain_text

_R = tag("w:r")
GAP = 2.0  # relative width of the blank strip between two boxes side by side
SNAP = 40  # twips: edges closer than this are one edge
MASTER_TITLE_PT = 22  # the form master's Title style
INTRO_PT = 10
FOOTER_OVERHANG = 100  # twips: the two-line footer reaches a little above the bottom margin
ARROW_PT, LABEL_PT = 14, 10
# (title, body) font sizes in points, largest first: the largest whose
# estimated height fits the page is used, so a long list of deputies
# shrinks the text instead of spilling onto a second page.
SIZES = ((11, 10), (10.5, 9.5), (10, 9), (9.5, 8.5), (9, 8), (8.5, 7.5), (8, 7))
CHAR_EM = 0.47  # Calibri's average glyph width for English text, in ems (bold: a little more)
LINE_EM = 1.22  # single line spacing, in ems


# -- geometry ----------------------------------------------------------------

def row_items(row) -> list:
    """The row's items with a blank strip between boxes that touch."""
    out: list = []
    for item in row.items:
        if out and isinstance(item, Box) and isinstance(out[-1], Box):
            out.append(None)
        out.append(item)
    return out


def spans(items: list, total: int) -> list[tuple[int, int]]:
    widths = [GAP if item is None else item.width for item in items]
    scale = total / sum(widths)
    edges = [0]
    for w in widths:
        edges.append(round(edges[-1] + w * scale))
    edges[-1] = total
    return list(zip(edges, edges[1:]))


def connectors(chart: Flowchart, index: int, total: int) -> list[tuple[tuple[int, int], str | None]]:
    """Cells of the connector row between rows ``index`` and ``index + 1``:
    ``(span, label)``; label None means an empty cell, else a "↓" cell."""
    upper, lower = chart.rows[index], chart.rows[index + 1]
    upper_ids = {b.id for b in upper.boxes}
    lower_ids = {b.id for b in lower.boxes}
    links = [link for link in chart.links if link.source in upper_ids and link.target in lower_ids]
    if not links:
        return [((0, total), None)]
    use_upper = len(upper.boxes) > len(lower.boxes)
    row = upper if use_upper else lower
    items = row_items(row)
    cells = []
    for item, span in zip(items, spans(items, total)):
        label = None
        if isinstance(item, Box):
            mine = [link for link in links if (link.source if use_upper else link.target) == item.id]
            if mine:
                label = " / ".join(dict.fromkeys(link.label for link in mine if link.label))
        cells.append((span, label))
    return cells


def _grid(edge_sets: list[list[int]], total: int) -> list[int]:
    edges: list[int] = []
    for edge in sorted({e for s in edge_sets for e in s}):
        if not edges or edge - edges[-1] >= SNAP:
            edges.append(edge)
    edges[-1] = total
    return edges


def _snap(edge: int, grid: list[int]) -> int:
    return min(range(len(grid)), key=lambda i: abs(grid[i] - edge))


# -- cells -------------------------------------------------------------------

def _borders(cell_pr, style=None) -> None:
    borders = el("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        if style is None:
            borders.append(el(f"w:{side}", val="nil"))
        else:
            borders.append(el(f"w:{side}", val="single", sz=style.border_size, space=0, color=style.border))
    cell_pr.append(borders)


def _cell(tr, width: int, span: int, style=None, middle: bool = False):
    tc = el("w:tc")
    pr = el("w:tcPr")
    pr.append(el("w:tcW", w=width, type="dxa"))
    if span > 1:
        pr.append(el("w:gridSpan", val=span))
    _borders(pr, style)
    if style is not None:
        pr.append(el("w:shd", val="clear", color="auto", fill=style.fill))
        margins = el("w:tcMar")
        for side, value in (("top", 57), ("left", 113), ("bottom", 57), ("right", 113)):
            margins.append(el(f"w:{side}", w=value, type="dxa"))
        pr.append(margins)
    if middle:
        pr.append(el("w:vAlign", val="center"))
    tc.append(pr)
    tr.append(tc)
    return tc


def _paragraph(ctx, runs, size: int, bold: bool = False, center: bool = False, bullet: bool = False,
               after: int = 40, keep_next: bool = False):
    p, ppr = _styled_paragraph(ctx["text_style"])
    if keep_next:
        ppr.append(el("w:keepNext"))
    ppr.append(el("w:spacing", before=0, after=after, line=240, lineRule="auto"))
    if bullet:
        ppr.append(el("w:ind", left=170, hanging=170))
    if center:
        ppr.append(el("w:jc", val="center"))
    add_runs(p, runs, ctx["part"], ctx["link_style"], bold=bold)
    for r in p.iter(_R):
        _set_size(r, size)
    return p


def _styled_paragraph(style_id: str):
    """A new w:p and its w:pPr holding only w:pStyle (first, as the schema
    wants): what python-docx's ``pPr.style = ...`` writes, without its search
    for where each child goes (a chart has some 50 paragraphs)."""
    p = el("w:p")
    ppr = sub(p, "w:pPr")
    sub(ppr, "w:pStyle", val=style_id)
    return p, ppr


def _set_size(r, points: float) -> None:
    """What python-docx's ``font.size = Pt(points)`` writes, without its run and
    font objects: w:sz last in the run's properties (add_text writes only
    properties that come before it)."""
    sub(child(r, "w:rPr", first=True), "w:sz", val=ST_HpsMeasure.convert_to_xml(Pt(points)))


def _text_run(text: str):
    from generator.render.blocks import Run
    return (Run(xml_safe(text)),)


def _box(ctx, tr, width: int, span: int, box: Box, style) -> None:
    tc = _cell(tr, width, span, style)
    title_pt, body_pt = ctx["sizes"]
    tc.append(_paragraph(ctx, box.title, title_pt, bold=True, after=40 if box.body else 0))
    body = list(box.body)
    for index, block in enumerate(body):
        last = index == len(body) - 1
        if isinstance(block, Paragraph):
            tc.append(_paragraph(ctx, block.runs, body_pt, after=0 if last else 40))
        elif isinstance(block, (BulletList, NumberedList)):
            for n, item in enumerate(block.items):
                tail = last and n == len(block.items) - 1
                tc.append(_paragraph(ctx, _text_run("\u2022 ") + item.runs, body_pt, bullet=True, after=0 if tail else 20))


def _arrow(ctx, tr, width: int, span: int, glyph: str, label: str | None) -> None:
    tc = _cell(tr, width, span, None, middle=True)
    text = glyph if not label else f"{glyph} {label}" if glyph == "\u2193" else f"{label}\n{glyph}"
    runs = _text_run(text)
    tc.append(_paragraph(ctx, runs, ARROW_PT if not label else LABEL_PT + 2, bold=True, center=True, after=0))


def _empty(ctx, tr, width: int, span: int) -> None:
    tc = _cell(tr, width, span, None)
    tc.append(_paragraph(ctx, (), 2, after=0))


# -- the table ---------------------------------------------------------------

def _plan(chart: Flowchart, total: int) -> list[tuple[str, list]]:
    """("box" | "link" | "gap", [(span, item)]) for every table row, top to bottom."""
    plan: list[tuple[str, list]] = []
    for index, row in enumerate(chart.rows):
        if index:
            if row.gap:
                plan.append(("gap", [((0, total), None)]))
            else:
                plan.append(("link", connectors(chart, index - 1, total)))
        items = row_items(row)
        plan.append(("box", list(zip(spans(items, total), items))))
    return plan


def _lines(text: str, width: int, size: float, bold: bool) -> int:
    chars = max(4, int(width / (size * 20 * (CHAR_EM + (0.03 if bold else 0)))))
    return len(textwrap.wrap(text, chars, break_on_hyphens=False)) or 1


def estimate_height(chart: Flowchart, total: int, sizes: tuple[float, float]) -> int:
    """The table's height in twips, estimated from wrapped line counts."""
    title_pt, body_pt = sizes
    height = 0
    for kind, cells in _plan(chart, total):
        if kind == "gap":
            height += 200
        elif kind == "link":
            height += 380
        else:
            tallest = 0
            for (left, right), item in cells:
                if not isinstance(item, Box):
                    continue
                inner = right - left - 2 * 113 - 40
                h = 2 * 57 + 40 + _lines(item.title_text, inner, title_pt, True) * title_pt * 20 * LINE_EM
                for line in item.body_lines():
                    h += 40 + _lines(line, inner - (170 if line.startswith("\u2022") else 0), body_pt, False) \
                        * body_pt * 20 * LINE_EM
                tallest = max(tallest, h)
            height += int(tallest)
    return height


def reserved(chart: Flowchart, total: int) -> int:
    """Twips of the page body above the table (title, intro) and under it (footer)."""
    title = _lines(chart.title, total, MASTER_TITLE_PT, True) * MASTER_TITLE_PT * 20 * LINE_EM + 120
    intro = (_lines(chart.intro, total, INTRO_PT, False) * INTRO_PT * 20 * LINE_EM + 120) if chart.intro else 0
    return int(title + intro + FOOTER_OVERHANG)


def choose_sizes(chart: Flowchart, total: int, available: int) -> tuple[float, float]:
    for sizes in SIZES:
        if estimate_height(chart, total, sizes) <= available:
            return sizes
    return SIZES[-1]


def flowchart_table(chart: Flowchart, total: int, part, text_style: str, link_style: str,
                    sizes: tuple[float, float] = SIZES[0]):
    """The chart as a w:tbl element ``total`` twips wide."""
    ctx = {"part": part, "text_style": text_style, "link_style": link_style, "sizes": sizes}
    plan = _plan(chart, total)
    edge_sets = [[0, total]] + [[e for span, _ in cells for e in span] for _, cells in plan]
    grid = _grid(edge_sets, total)

    tbl = el("w:tbl")
    pr = el("w:tblPr")
    pr.append(el("w:tblW", w=total, type="dxa"))
    pr.append(el("w:jc", val="center"))
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", val="nil"))
    pr.append(borders)
    pr.append(el("w:tblLayout", type="fixed"))
    margins = el("w:tblCellMar")
    for side, value in (("top", 0), ("left", 0), ("bottom", 0), ("right", 0)):
        margins.append(el(f"w:{side}", w=value, type="dxa"))
    pr.append(margins)
    pr.append(el("w:tblLook", val="0000", firstRow=0, lastRow=0, firstColumn=0, lastColumn=0, noHBand=1, noVBand=1))
    pr.append(el("w:tblCaption", val=xml_safe(chart.title)))
    pr.append(el("w:tblDescription", val=xml_safe(plain_text_version(chart))))
    tbl.append(pr)
    tbl_grid = el("w:tblGrid")
    for left, right in zip(grid, grid[1:]):
        tbl_grid.append(el("w:gridCol", w=right - left))
    tbl.append(tbl_grid)

    for kind, cells in plan:
        tr = el("w:tr")
        tr_pr = el("w:trPr")
        tr_pr.append(el("w:cantSplit"))
        if kind == "gap":
            tr_pr.append(el("w:trHeight", val=200, hRule="exact"))
        elif kind == "link":
            tr_pr.append(el("w:trHeight", val=360, hRule="atLeast"))
        tr.append(tr_pr)
        tbl.append(tr)
        for (left, right), item in cells:
            a, b = _snap(left, grid), _snap(right, grid)
            width, span = grid[b] - grid[a], max(b - a, 1)
            if kind == "box" and isinstance(item, Box):
                _box(ctx, tr, width, span, item, chart.styles[item.style])
            elif kind == "box" and isinstance(item, Arrow):
                _arrow(ctx, tr, width, span, item.glyph, item.label or None)
            elif kind == "link" and item is not None:
                _arrow(ctx, tr, width, span, "\u2193", item or None)
            else:
                _empty(ctx, tr, width, span)
    return tbl


def intro_paragraph(chart: Flowchart, text_style: str):
    p, ppr = _styled_paragraph(text_style)
    ppr.append(el("w:spacing", before=0, after=120))
    r = el("w:r")
    r.text = xml_safe(chart.intro)
    p.append(r)
    _set_size(r, INTRO_PT)
    return p


__all__ = ["flowchart_table", "intro_paragraph", "connectors", "spans", "row_items", "plain_text"]


def place(word, marker: str, chart: Flowchart) -> None:
    """Replace the paragraph holding ``marker`` in an open python-docx
    document with the chart's intro line and table (the DOCX backend's
    ``finish_docx`` step, before the document is saved)."""
    anchor = next((p for p in word.element.body.iter(qn("w:p"))
                   if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == marker), None)
    if anchor is None:
        raise RuntimeError("the flowchart's place-holder paragraph is missing from the rendered DOCX")
    section = word.sections[-1]
    total = int(section.page_width - section.left_margin - section.right_margin) // 635
    text_style = word.styles["Table Text"].style_id
    link_style = word.styles["Hyperlink"].style_id
    if chart.intro:
        anchor.addprevious(intro_paragraph(chart, text_style))
    available = int(section.page_height - section.top_margin - section.bottom_margin) // 635 - reserved(chart, total)
    sizes = choose_sizes(chart, total, available)
    anchor.addprevious(flowchart_table(chart, total, word.part, text_style, link_style, sizes))
    # The body must not end with a table; a one-point empty paragraph follows it.
    for child in list(anchor):
        if child.tag != qn("w:pPr"):
            anchor.remove(child)
    ppr = anchor.get_or_add_pPr()
    for old in ppr.findall(qn("w:spacing")):
        ppr.remove(old)
    ppr.append(el("w:spacing", before=0, after=0, line=20, lineRule="exact"))
