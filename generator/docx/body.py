"""Content blocks -> WordprocessingML elements, in the master's styles.

The builder yields finished ``w:p`` / ``w:tbl`` elements; the caller puts
them where the master's ``{{ body }}`` paragraph was.  Spacing comes from
the styles only: no empty paragraphs are added for looks.
"""

from __future__ import annotations

from generator.docx import tables
from generator.docx.inline import add_runs, add_text
from generator.docx.styles import StyleMap
from generator.docx.toc import TocEntry
from generator.docx.xml import el, sub, tag
from generator.render import blocks as b

_P, _TBL, _PSTYLE, _VAL = tag("w:p"), tag("w:tbl"), tag("w:pStyle"), tag("w:val")
_NUM_ID = tag("w:numId")

# Paragraph style of plain text per container: body, note box, warning box.
_TEXT_STYLE = {None: "Normal", "note": "Note", "warning": "Warning", "addressee": "Normal", "closing": "Normal"}
# A letter's addressee sits where a DL window envelope shows it: a frame
# 20 mm from the left and 45 mm from the top of the page, 90 x 40 mm
# (twips: 1 mm = 56.7).  Consecutive framed paragraphs share one frame.
_ADDRESS_FRAME = {"w": 5103, "h": 2268, "hRule": "exact", "wrap": "notBeside", "hAnchor": "page",
                  "vAnchor": "page", "x": 1134, "y": 2551}
# Twips between a table and a following paragraph (Word tables have no
# spacing of their own).
_GAP_AFTER_TABLE = 160


class BodyBuilder:
    def __init__(self, part, styles: StyleMap, numbering, numbered_headings: bool,
                 new_page: bool = False, first_bookmark_id: int = 0) -> None:
        self.part = part  # the document part (hyperlink relationships live there)
        self.styles = styles
        self.numbering = numbering  # CT_Numbering of the document being built
        self.numbered_headings = numbered_headings
        # new_page: the body starts on a page of its own (after a contents list).
        self._break_before_next = new_page
        self._heading_ids = {styles.id(f"Heading {level}") for level in (1, 2, 3)}
        self._next_num_id: int | None = None
        # Past any bookmark the master has (Word's _GoBack is often id 0).
        self.first_bookmark_id = first_bookmark_id
        self.headings: list[TocEntry] = []  # in document order, for the table of contents

    def insert(self, blocks: tuple, anchor, width: int) -> None:
        """Put the elements for ``blocks`` before ``anchor`` (``width`` in twips)."""
        for element in self.elements(blocks, width):
            anchor.addprevious(element)

    def elements(self, blocks, width: int, box: str | None = None):
        """The elements for ``blocks``, with tables kept apart from what follows."""
        after_table = False
        for element in self._elements(blocks, width, box):
            is_table = element.tag == _TBL
            if after_table and is_table:
                # Word joins adjacent tables into one; only a paragraph keeps
                # them apart.  This one is structural, and as small as Word allows.
                yield self._separator()
            elif after_table and self._style_of(element) not in self._heading_ids:
                # Tables have no "space after"; the next paragraph gets the gap.
                sub(element[0], "w:spacing", before=_GAP_AFTER_TABLE)
            yield element
            after_table = is_table

    def _elements(self, blocks, width: int, box: str | None):
        for index, block in enumerate(blocks):
            if isinstance(block, b.PageBreak):
                # Carried by the next paragraph (w:pageBreakBefore) rather than a
                # paragraph holding a break, which would leave a blank line.
                self._break_before_next = True
                continue
            for element in self._block(block, width, box):
                if self._break_before_next:
                    first = element if element.tag == _P else next(element.iter(_P))
                    _flag(first, "pageBreakBefore")
                    self._break_before_next = False
                yield element
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(following, b.Callout) and following.kind == "closing":
                # The sign-off never starts a page of its own: the last
                # paragraph of the letter (or of its last box) goes with it.
                _flag(element if element.tag == _P else list(element.iter(_P))[-1], "keepNext")
            if _introduces(block, following):
                # "It aims to make sure that:" stays on the page of its list.
                _flag(element, "keepNext")

    def _block(self, block, width: int, box: str | None):
        if isinstance(block, b.Heading):
            yield self._heading(block)
        elif isinstance(block, b.Paragraph):
            yield self.paragraph(_TEXT_STYLE[box], block.runs)
        elif isinstance(block, (b.BulletList, b.NumberedList)):
            yield from self._list(block, 0)
        elif isinstance(block, b.Table):
            if block.header or block.rows:  # a w:tbl without rows is corrupt to Word
                yield tables.table(self, block, width)
        elif isinstance(block, b.Callout) and block.kind in ("addressee", "closing"):
            yield from self._letter_part(block, width)
        elif isinstance(block, b.Callout):
            yield tables.callout(self, block, width)
        elif isinstance(block, b.Prompt):
            if block.answered:
                yield from self._elements(block.blocks, width, box)  # spaced once, by the caller
            else:
                p = self._p("To Complete")
                add_text(p, f"TO COMPLETE: {block.question} (prompt {block.id})")
                yield p
        else:
            raise TypeError(f"the DOCX backend does not know {type(block).__name__} blocks")

    def _letter_part(self, block: b.Callout, width: int):
        frame = block.kind == "addressee"
        parts = list(self.elements(block.blocks, _ADDRESS_FRAME["w"] if frame else width, box=block.kind))
        for number, element in enumerate(parts, start=1):
            if element.tag != _P:
                continue
            if frame:
                _frame(element, _ADDRESS_FRAME)
            else:  # "Yours sincerely", the name and the role stay on one page
                _flag(element, "keepLines")
                if number < len(parts):
                    _flag(element, "keepNext")
            yield element

    # -- paragraphs -----------------------------------------------------------

    def _separator(self):
        p = self._p("Normal")
        sub(p[0], "w:spacing", before=0, after=0, line=120, lineRule="exact")
        return p

    @staticmethod
    def _style_of(p):
        return p[0].find(_PSTYLE).get(_VAL)

    def _p(self, style_name: str):
        """A paragraph in a style.  Every paragraph made here starts with a
        pPr whose first child is pStyle; the code below relies on that."""
        p = el("w:p")
        sub(sub(p, "w:pPr"), "w:pStyle", val=self.styles.id(style_name))
        return p

    def paragraph(self, style_name: str, runs, bold: bool = False):
        p = self._p(style_name)
        add_runs(p, runs, self.part, self.styles.id("Hyperlink"), bold=bold)
        return p

    def _heading(self, block: b.Heading):
        level = min(max(block.level, 1), 3)
        p = self.paragraph(f"Heading {level}", block.runs)
        if not self.numbered_headings:
            _set_numpr(p, 0, 0)  # numId 0 switches off the style's numbering
        # A hidden ("_Toc") bookmark: the table of contents links to it.
        number = len(self.headings)
        name = f"_Toc_{number:04d}"
        bookmark_id = self.first_bookmark_id + number  # ids are unique per document
        p.insert(1, el("w:bookmarkStart", id=bookmark_id, name=name))
        sub(p, "w:bookmarkEnd", id=bookmark_id)
        numbered = self.numbered_headings and f"Heading {level}" in self.styles.numbering
        self.headings.append(TocEntry(level, block.text, name, numbered))
        return p

    # -- lists ----------------------------------------------------------------

    def _new_num(self, abstract_id: int, ilvl: int) -> int:
        """A w:num that restarts ``ilvl`` at 1 (python-docx's add_num rescans
        every w:num per call: quadratic in the number of lists)."""
        if self._next_num_id is None:
            self._next_num_id = _max_num_id(self.numbering) + 1
        num_id, self._next_num_id = self._next_num_id, self._next_num_id + 1
        num = el("w:num", numId=num_id)
        sub(num, "w:abstractNumId", val=abstract_id)
        sub(sub(num, "w:lvlOverride", ilvl=ilvl), "w:startOverride", val=1)
        cleanup = self.numbering.find(tag("w:numIdMacAtCleanup"))  # must stay last
        if cleanup is not None:
            cleanup.addprevious(num)
        else:
            self.numbering.append(num)
        return num_id

    def _list(self, block, depth: int):
        numbered = isinstance(block, b.NumberedList)
        style = ("List Number" if numbered else "List Bullet") + (" 2" if depth else "")
        numbering = self.styles.numbering.get(style)
        num_id = None
        if numbered and numbering is not None:
            # A new w:num per list with a start override: otherwise Word and
            # LibreOffice continue numbering from the previous list.
            num_id = self._new_num(numbering.abstract_id, numbering.ilvl)
        for item in block.items:
            p = self.paragraph(style, item.runs)
            if num_id is not None:
                _set_numpr(p, numbering.ilvl, num_id)
            yield p
            for child in item.children:
                yield from self._list(child, depth + 1)


# The on/off properties that come first in a w:pPr, after w:pStyle, in schema order.
_FLAGS = ("keepNext", "keepLines", "pageBreakBefore")


def _flag(p, name: str) -> None:
    """Switch on ``name`` in paragraph ``p`` (its pPr starts with pStyle)."""
    ppr = p[0]
    position = 1
    for flag in _FLAGS[: _FLAGS.index(name)]:
        if ppr.find(tag(f"w:{flag}")) is not None:
            position += 1
    if ppr.find(tag(f"w:{name}")) is None:
        ppr.insert(position, el(f"w:{name}"))


def _frame(p, attributes: dict) -> None:
    """Put paragraph ``p`` in a positioned frame (framePr follows the flags in pPr)."""
    ppr = p[0]
    position = 1 + sum(ppr.find(tag(f"w:{flag}")) is not None for flag in _FLAGS)
    ppr.insert(position, el("w:framePr", **attributes))


def _introduces(block, following) -> bool:
    return (isinstance(block, b.Paragraph) and block.text.rstrip().endswith(":")
            and isinstance(following, (b.BulletList, b.NumberedList, b.Table)))


def _max_num_id(numbering) -> int:
    return max((int(n.get(_NUM_ID)) for n in numbering.iterfind(tag("w:num"))), default=0)


def _set_numpr(p, ilvl: int, num_id: int) -> None:
    num_pr = sub(p[0], "w:numPr")  # pPr holds only pStyle so far: order is right
    sub(num_pr, "w:ilvl", val=ilvl)
    sub(num_pr, "w:numId", val=num_id)
