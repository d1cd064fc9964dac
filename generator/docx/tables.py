"""Tables and callout boxes (one-cell tables) as w:tbl elements.

Element order inside tblPr / trPr / tcPr follows the OOXML schema; Word
refuses files where it does not.
"""

from __future__ import annotations

from generator.docx.xml import el, sub, tag
from generator.render import blocks as b

CM = 567  # twips
# A callout's cell margins (in the Note Box / Warning Box styles) plus borders.
_BOX_INSET = 400


def _tbl(style_id: str, widths: list[int], first_row: bool):
    tbl = el("w:tbl")
    pr = sub(tbl, "w:tblPr")
    sub(pr, "w:tblStyle", val=style_id)
    sub(pr, "w:tblW", w=sum(widths), type="dxa")
    sub(pr, "w:tblLayout", type="fixed")  # honour the widths, not the content
    sub(pr, "w:tblLook", val="04A0" if first_row else "0400", firstRow=int(first_row), lastRow=0,
        firstColumn=0, lastColumn=0, noHBand=1, noVBand=1)
    grid = sub(tbl, "w:tblGrid")
    for width in widths:
        sub(grid, "w:gridCol", w=width)
    return tbl


def _row(tbl, header: bool = False, min_height_twips: int | None = None):
    tr = sub(tbl, "w:tr")
    pr = sub(tr, "w:trPr")
    sub(pr, "w:cantSplit")  # a row never breaks across pages
    if min_height_twips:
        sub(pr, "w:trHeight", val=min_height_twips, hRule="atLeast")
    if header:
        sub(pr, "w:tblHeader")  # repeated at the top of every page
    return tr


def _cell(tr, width: int):
    tc = sub(tr, "w:tc")
    sub(sub(tc, "w:tcPr"), "w:tcW", w=width, type="dxa")
    return tc


def column_widths(total: int, count: int, relative: tuple[float, ...]) -> list[int]:
    """Split ``total`` twips in proportion to ``relative`` (equal if unusable)."""
    if len(relative) != count or any(not w > 0 for w in relative):
        relative = (1.0,) * count
    scale = total / sum(relative)
    widths = [int(w * scale) for w in relative]
    widths[-1] += total - sum(widths)  # rounding goes to the last column
    return widths


def table(builder, block: b.Table, width: int):
    count = max([len(block.header), *(len(row) for row in block.rows), 1])
    widths = column_widths(width, count, block.widths)
    has_header = bool(block.header)
    tbl = _tbl(builder.styles.id("Table Grid"), widths, has_header)
    height = int(block.row_height_cm * CM) if block.row_height_cm else None
    rows = ([(block.header, True)] if has_header else []) + [(row, False) for row in block.rows]
    for cells, is_header in rows:
        tr = _row(tbl, header=is_header, min_height_twips=None if is_header else height)
        for index, w in enumerate(widths):
            tc = _cell(tr, w)
            runs = cells[index] if index < len(cells) else ()
            tc.append(builder.paragraph("Table Text", runs, bold=is_header))
    return tbl


def callout(builder, block: b.Callout, width: int):
    kind = block.kind
    if kind not in ("note", "warning"):
        raise ValueError(f"unknown callout kind {kind!r} (the Markdown parser allows note and warning)")
    style = "Warning Box" if kind == "warning" else "Note Box"
    tbl = _tbl(builder.styles.id(style), [width], False)
    tc = _cell(_row(tbl), width)
    for element in builder.elements(block.blocks, width - _BOX_INSET, box=kind):
        tc.append(element)
    if len(tc) == 1 or tc[-1].tag != tag("w:p"):
        # A cell must end with a paragraph (Word reports the file as corrupt).
        tc.append(builder.paragraph("Note" if kind == "note" else "Warning", ()))
    return tbl
