"""Content blocks -> WordprocessingML text, in the letter master's styles.

The mail merge's fast path: a letter's blocks are turned into the XML of a
document body once, as a string, and the families' values are put into it
afterwards (see ``compose``).  Letters use a small part of the block set:
paragraphs, headings, lists, tables and note / warning boxes.  Links are
printed as their text (a letter is printed; nothing here needs a
relationship part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from generator import blocks as b
from generator.errors import TemplateProblem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % W
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# UI name -> used for; every one must be in the master.
STYLES = ("Normal", "Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2", "List Number",
          "List Number 2", "Table Grid", "Table Text", "Note Box", "Warning Box", "Note", "Warning")
_TEXT_STYLE = {None: "Normal", "note": "Note", "warning": "Warning"}
_BOX_STYLE = {"note": "Note Box", "warning": "Warning Box"}
_GAP_AFTER_TABLE = 160


def text_xml(text: str) -> str:
    """``text`` for the inside of a ``<w:t xml:space="preserve">``: escaped,
    with line breaks and tabs as Word's own elements."""
    text = escape(_NOT_XML.sub("", text))
    if "\n" in text or "\t" in text:
        text = (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
    return text


@dataclass(frozen=True)
class StyleIds:
    ids: dict  # UI name (lower case) -> styleId

    @classmethod
    def from_styles_xml(cls, data: bytes, where: str) -> "StyleIds":
        root = etree.fromstring(data)
        ids = {}
        for style in root.iterfind(f"{_W}style"):
            name = style.find(f"{_W}name")
            if name is not None:
                ids.setdefault(name.get(f"{_W}val", "").strip().lower(), style.get(f"{_W}styleId"))
        missing = [s for s in STYLES if s.lower() not in ids]
        if missing:
            raise TemplateProblem(f"{where}: the letter master lacks the style(s) {', '.join(missing)}",
                                  "start from the built-in master in templates/masters/letter.docx")
        return cls(ids)

    def __getitem__(self, name: str) -> str:
        return self.ids[name.lower()]


class BodyWriter:
    """Blocks -> body XML (no ``w:sectPr``)."""

    def __init__(self, styles: StyleIds, width: int) -> None:
        self.styles = styles
        self.width = width  # text width in twips
        self._break_next = False
        self._gap_next = False  # the next body paragraph follows a table

    def body(self, blocks) -> str:
        out: list[str] = []
        after_table = False
        for kind, xml in self._blocks(blocks, self.width, None):
            if after_table and kind == "tbl":
                # Word joins adjacent tables; a tiny paragraph keeps them apart.
                out.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="120" w:lineRule="exact"/>'
                           "</w:pPr></w:p>")
            out.append(xml)
            after_table = kind == "tbl"
            # Tables have no space after: the next paragraph gets a gap before.
            self._gap_next = after_table
        self._gap_next = False
        return "".join(out)

    # -- blocks ---------------------------------------------------------------

    def _blocks(self, blocks, width: int, box: str | None):
        for block in blocks:
            if isinstance(block, b.PageBreak):
                self._break_next = True
                continue
            if isinstance(block, b.Heading):
                level = min(max(block.level, 1), 3)
                # numId 0: no numbering, whatever the master's heading style says.
                yield "p", self._p(f"Heading {level}", self._runs(block.runs),
                                   extra='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>', gap=False)
            elif isinstance(block, b.Paragraph):
                yield "p", self._p(_TEXT_STYLE[box], self._runs(block.runs))
            elif isinstance(block, (b.BulletList, b.NumberedList)):
                yield from self._list(block, 0)
            elif isinstance(block, b.Table):
                yield "tbl", self._table(block, width)
            elif isinstance(block, b.Callout):
                yield "tbl", self._box(block, width)
            else:
                raise TemplateProblem(f"a letter cannot hold a {type(block).__name__}",
                                      "use paragraphs, headings, lists, tables and ::: note / ::: warning")

    def _p(self, style: str, content: str, extra: str = "", gap: bool = True) -> str:
        brk = spacing = ""
        if self._break_next:
            brk, self._break_next = "<w:pageBreakBefore/>", False
        if self._gap_next:
            spacing = f'<w:spacing w:before="{_GAP_AFTER_TABLE}"/>' if gap else ""
            self._gap_next = False
        return (f'<w:p><w:pPr><w:pStyle w:val="{self.styles[style]}"/>{brk}{extra}{spacing}</w:pPr>'
                f"{content}</w:p>")

    @staticmethod
    def _runs(runs, bold: bool = False) -> str:
        out = []
        for run in runs:
            if not run.text:
                continue
            rpr = ""
            if bold or run.bold or run.italic:
                rpr = "<w:rPr>" + ("<w:b/><w:bCs/>" if bold or run.bold else "") + \
                      ("<w:i/><w:iCs/>" if run.italic else "") + "</w:rPr>"
            out.append(f'<w:r>{rpr}<w:t xml:space="preserve">{text_xml(run.text)}</w:t></w:r>')
        return "".join(out)

    def _list(self, block, depth: int):
        style = ("List Number" if isinstance(block, b.NumberedList) else "List Bullet") + (" 2" if depth else "")
        for item in block.items:
            yield "p", self._p(style, self._runs(item.runs))
            for child in item.children:
                yield from self._list(child, depth + 1)

    def _table(self, table: b.Table, width: int) -> str:
        self._gap_next = False
        columns = max(len(table.header), *(len(r) for r in table.rows)) if table.rows else len(table.header)
        weights = list(table.widths[:columns]) if len(table.widths) >= columns else [1.0] * columns
        total = sum(weights) or 1
        grid = [int(width * w / total) for w in weights]
        rows = []
        for index, cells in enumerate((table.header,) + tuple(table.rows)):
            header = index == 0
            tr_pr = "<w:trPr><w:tblHeader/></w:trPr>" if header else ""
            if not header and table.row_height_cm:
                tr_pr = f'<w:trPr><w:trHeight w:val="{int(table.row_height_cm * 567)}"/></w:trPr>'
            tcs = []
            for col in range(columns):
                runs = cells[col] if col < len(cells) else ()
                tcs.append(f'<w:tc><w:tcPr><w:tcW w:w="{grid[col]}" w:type="dxa"/></w:tcPr>'
                           f'{self._p("Table Text", self._runs(runs, bold=header))}</w:tc>')
            rows.append(f"<w:tr>{tr_pr}{''.join(tcs)}</w:tr>")
        grid_xml = "".join('<w:gridCol w:w="%d"/>' % g for g in grid)
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles["Table Grid"]}"/>'
                f'<w:tblW w:w="{sum(grid)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
                '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
                'w:noHBand="0" w:noVBand="1"/></w:tblPr>'
                f"<w:tblGrid>{grid_xml}</w:tblGrid>"
                f'{"".join(rows)}</w:tbl>')

    def _box(self, callout: b.Callout, width: int) -> str:
        self._gap_next = False
        inner = []
        for kind, xml in self._blocks(callout.blocks, width - 400, callout.kind):
            inner.append(xml)
        if not inner:
            inner.append(self._p(_TEXT_STYLE[callout.kind], ""))
        return (f'<w:tbl><w:tblPr><w:tblStyle w:val="{self.styles[_BOX_STYLE[callout.kind]]}"/>'
                f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
                f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid>'
                f'<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                f'{"".join(inner)}</w:tc></w:tr></w:tbl>')
