"""A master that policypack did not make (here: python-docx's default
template, as a stand-in for one a local authority made in Word)."""

from __future__ import annotations

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx_kit import HOSTILE, NS, Rendered, make_doc, make_meta, para

from generator.docx import render_docx
from generator.errors import TemplateProblem
from generator.render import blocks as b

OURS = {
    "Table Text": WD_STYLE_TYPE.PARAGRAPH, "Note": WD_STYLE_TYPE.PARAGRAPH, "Warning": WD_STYLE_TYPE.PARAGRAPH,
    "To Complete": WD_STYLE_TYPE.PARAGRAPH, "Note Box": WD_STYLE_TYPE.TABLE, "Warning Box": WD_STYLE_TYPE.TABLE,
    "Hyperlink": WD_STYLE_TYPE.CHARACTER,
}


def _foreign_master(path, add_styles: bool):
    document = docx.Document()
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ body }}")
    document.sections[0].header.paragraphs[0].text = "{{ org_name }}"
    if add_styles:
        for name, kind in OURS.items():
            document.styles.add_style(name, kind)
    document.save(path)
    return path


def test_missing_styles_are_all_named(tmp_path, env):
    path = _foreign_master(tmp_path / "la.docx", add_styles=False)
    with pytest.raises(TemplateProblem) as caught:
        render_docx(make_doc(para("x")), make_meta(), path, env)
    for name in OURS:
        assert f'"{name}"' in caught.value.message


def test_a_foreign_master_with_the_styles_renders_in_its_own_styles(tmp_path, env):
    path = _foreign_master(tmp_path / "la.docx", add_styles=True)
    doc = make_doc(
        b.Heading(1, (b.Run("Purpose"),)),
        b.NumberedList((b.ListItem((b.Run("one"),)),)), para("between"), b.NumberedList((b.ListItem((b.Run("again"),)),)),
        b.Callout("note", (para("Key"),)),
    )
    rendered = Rendered(render_docx(doc, make_meta(), path, env))
    assert [(p.style.name, p.text) for p in rendered.doc.paragraphs] == [
        ("Title", "Safeguarding policy"), ("Heading 1", "Purpose"), ("List Number", "one"),
        ("Normal", "between"), ("List Number", "again"),
    ]
    assert rendered.doc.sections[0].header.paragraphs[0].text == HOSTILE
    first, second = (p._p.find("w:pPr/w:numPr/w:numId", NS) for p in rendered.doc.paragraphs[2:5:2])
    assert first.get(f"{{{NS['w']}}}val") != second.get(f"{{{NS['w']}}}val")  # restarted
    assert rendered.doc.tables[0].style.name == "Note Box"


def test_a_foreign_master_in_us_english_comes_out_en_gb(tmp_path, env):
    path = _foreign_master(tmp_path / "la.docx", add_styles=True)
    rendered = Rendered(render_docx(make_doc(para("x")), make_meta(), path, env))
    (lang,) = rendered.xml("word/styles.xml").findall("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(f"{{{NS['w']}}}val") == "en-GB"
