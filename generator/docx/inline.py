"""Inline text (blocks.Run) -> w:r and w:hyperlink elements."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.blocks import Run
from generator.docx.meta import xml_safe

# Only these become clickable; anything else is shown as plain text, so a
# stray "javascript:" or "file:" value can never become a live link.
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")


def add_runs(p, runs: tuple[Run, ...], part, link_style: str, bold: bool = False) -> None:
    """Append ``runs`` to paragraph element ``p``.

    ``part`` is the story part holding the paragraph (for link relationships);
    ``bold`` forces bold, e.g. in a table's header row.
    """
    for run in runs:
        r = _run(run.text, bold or run.bold, run.italic)
        link = run.link
        if link and link.lower().startswith(LINK_SCHEMES):
            r.get_or_add_rPr().style = link_style
            hyperlink = OxmlElement("w:hyperlink")
            hyperlink.set(qn("r:id"), part.relate_to(link, RT.HYPERLINK, is_external=True))
            hyperlink.set(qn("w:history"), "1")
            hyperlink.append(r)
            p.append(hyperlink)
        else:
            p.append(r)


def add_text(p, text: str, bold: bool = False) -> None:
    p.append(_run(text, bold, False))


def _run(text: str, bold: bool, italic: bool):
    r = OxmlElement("w:r")
    if bold or italic:
        rpr = r.get_or_add_rPr()
        if bold:
            rpr.get_or_add_b()
        if italic:
            rpr.get_or_add_i()
    # CT_R.text handles "\t" -> w:tab and "\n" -> w:br.
    r.text = xml_safe(text)
    return r

