"""Inline text (blocks.Run) -> w:r and w:hyperlink elements."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT

from generator.docx.meta import xml_safe
from generator.docx.xml import sub
from generator.render.blocks import Run

# Only these become clickable; anything else is shown as plain text, so a
# stray "javascript:" or "file:" value can never become a live link.
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")

_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def add_runs(p, runs: tuple[Run, ...], part, link_style: str, bold: bool = False) -> None:
    """Append ``runs`` to paragraph element ``p``.

    ``part`` is the story part holding the paragraph (for link relationships);
    ``bold`` forces bold, e.g. in a table's header row.
    """
    for run in runs:
        link = run.link
        if link and link.lower().startswith(LINK_SCHEMES):
            hyperlink = sub(p, "w:hyperlink", r_id=part.relate_to(link, RT.HYPERLINK, is_external=True),
                            history=1)
            add_text(hyperlink, run.text, bold or run.bold, run.italic, style=link_style)
        else:
            add_text(p, run.text, bold or run.bold, run.italic)


def add_text(parent, text: str, bold: bool = False, italic: bool = False, style: str | None = None) -> None:
    """One w:r in ``parent``; tabs and newlines become w:tab and w:br."""
    r = sub(parent, "w:r")
    if bold or italic or style:
        rpr = sub(r, "w:rPr")
        if style:
            sub(rpr, "w:rStyle", val=style)
        if bold:
            sub(rpr, "w:b")
            sub(rpr, "w:bCs")
        if italic:
            sub(rpr, "w:i")
            sub(rpr, "w:iCs")
    for number, line in enumerate(xml_safe(text).split("\n")):
        if number:
            sub(r, "w:br")
        for index, piece in enumerate(line.split("\t")):
            if index:
                sub(r, "w:tab")
            if piece:
                t = sub(r, "w:t")
                t.text = piece
                if piece != piece.strip():
                    t.set(_SPACE, "preserve")
