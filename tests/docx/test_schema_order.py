"""Children of the property elements we write come in OOXML schema order.

Word refuses ("unreadable content") a file whose w:pPr, w:rPr, w:tblPr ...
children are out of order; LibreOffice and python-docx do not care, so only a
check like this one catches it.  The sequences are from ECMA-376 part 1
(transitional), cut to what policypack can write.
"""

from __future__ import annotations

import pytest
from docx_kit import make_doc, make_meta, para, tiny_png
from ooxml_order import check_order

from generator.render import blocks as b


@pytest.mark.parametrize("master", ["document", "form", "letter"])
def test_everything_we_write_is_in_schema_order(render, master, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    doc = make_doc(
        b.Heading(1, (b.Run("H"),)), b.PageBreak(), para("p"), b.PageBreak(), para("Lead-in:"),
        b.BulletList((b.ListItem((b.Run("item"),)),)),
        b.Paragraph((b.Run("bold link", bold=True, italic=True, link="https://example.org"),)),
        b.NumberedList((b.ListItem((b.Run("x"),), (b.BulletList((b.ListItem((b.Run("y"),)),)),)),)),
        b.Table(header=((b.Run("a"),),), rows=(((b.Run("b"),),),), row_height_cm=1.0),
        para("after"),
        b.Callout("note", (para("n"),)), b.Callout("warning", (para("w"),)),
        b.Prompt("q", "Q?", "s"),
        b.Prompt("a", "A?", "s", (b.Table(header=((b.Run("a"),),), rows=()), para("in the answer"))),
        landscape=True,
    )
    rendered = render(doc, make_meta(toc=True, draft=True, logo=logo, numbered_headings=False), master=master)
    for name in rendered.parts:
        if name.startswith("word/") and name.endswith(".xml"):
            check_order(rendered.xml(name), name)
