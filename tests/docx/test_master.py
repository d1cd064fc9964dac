"""The master's tags, page setup and core properties in the rendered DOCX."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from docx.shared import Cm
from docx_kit import CREATED, HOSTILE, NS, make_doc, make_meta, para, tiny_png

from generator.errors import UserError
from generator.render import blocks as b

W_VAL = f"{{{NS['w']}}}val"


def _no_tags_left(text: str) -> None:
    # The organisation's name legitimately contains "{{ 7*7 }}"; nothing else may.
    rest = text.replace(HOSTILE, "")
    for tag in ("{{", "}}", "{%", "%}"):
        assert tag not in rest, f"unrendered {tag!r} in {text!r}"


@pytest.mark.parametrize("master", ["document", "form", "letter"])
def test_hostile_name_comes_out_exactly_and_no_tag_survives(render, master):
    doc = make_doc(
        para("Body text"),
        b.Table(header=((b.Run("h"),),), rows=(((b.Run("c"),),),)),
    )
    rendered = render(doc, make_meta(org_address="1 High Street\nLeicester", org_phone="0116 496 0001",
                                     footer_note="Form F1 version 2"), master=master)
    headers = "\n".join(rendered.header_texts())
    assert HOSTILE in headers
    assert rendered.doc.core_properties.title == "Safeguarding policy"
    assert rendered.doc.core_properties.author == HOSTILE
    if master == "document":  # only this master repeats the name under the title
        assert HOSTILE in [p.text for p in rendered.doc.paragraphs]
    for text in [*rendered.header_texts(), *rendered.footer_texts(),
                 *(p.text for p in rendered.doc.paragraphs),
                 *(c.text for t in rendered.doc.tables for c in t._cells)]:
        _no_tags_left(text)
    assert '"Centre" 49' not in headers  # {{ 7*7 }} in data is never evaluated


def test_document_body_starts_with_title_and_organisation(render):
    paragraphs = render(make_doc(para("x"))).body_paragraphs()
    assert paragraphs[:2] == [("Title", "Safeguarding policy"), ("Subtitle", HOSTILE)]


def test_draft_banner_and_title_prefix(render):
    draft = render(make_doc(para("x")), make_meta(draft=True))
    final = render(make_doc(para("x")), make_meta(draft=False))
    assert "DRAFT" in draft.header_texts()[0].splitlines()
    assert "DRAFT" not in final.header_texts()[0]
    assert draft.doc.core_properties.title == "DRAFT \u2013 Safeguarding policy"
    assert final.doc.core_properties.title == "Safeguarding policy"
    assert [p.style.name for p in draft.doc.sections[0].header.paragraphs][-1] == "Draft Banner"


def test_document_footer_has_review_dates_and_page_x_of_y(render):
    rendered = render(make_doc(para("x")))
    (footer,) = rendered.footer_texts()
    assert "Reviewed 1 September 2025 \u00b7 Next review 1 September 2026" in footer
    instructions = [t.text.strip() for t in rendered.xml("word/footer_default.xml").iter(f"{{{NS['w']}}}instrText")]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert re.search(r"Page \d+ of \d+", footer)


def test_form_header_says_confidential_only_when_asked(render):
    doc = make_doc(para("x"))
    confidential = render(doc, make_meta(confidential=True, footer_note="Concern form v3"), master="form")
    open_form = render(doc, make_meta(confidential=False, footer_note="Concern form v3"), master="form")
    assert "CONFIDENTIAL" in confidential.header_texts()[0]
    assert "CONFIDENTIAL" not in open_form.header_texts()[0]
    assert "Concern form v3" in confidential.footer_texts()[0]
    section = confidential.doc.sections[0]
    assert abs(section.left_margin - Cm(1.5)) < Cm(0.01) and abs(section.top_margin - Cm(1.5)) < Cm(0.01)


def test_letterhead_on_the_first_page_without_review_line(render):
    meta = make_meta(org_address="1 High Street\nLeicester LE1 1AA", org_phone="0116 496 0001",
                     org_email="office@example.org", org_website="https://example.org")
    rendered = render(make_doc(para("Dear parent")), meta, master="letter")
    section = rendered.doc.sections[0]
    assert section.different_first_page_header_footer
    first = "\n".join(p.text for t in section.first_page_header.tables for c in t._cells for p in c.paragraphs)
    first += "\n" + "\n".join(p.text for p in section.first_page_header.paragraphs)
    assert HOSTILE in first
    assert "1 High Street\nLeicester LE1 1AA" in first  # the newline became a line break
    assert "0116 496 0001  \u00b7  office@example.org  \u00b7  https://example.org" in first
    assert not any("Reviewed" in text for text in rendered.footer_texts())
    assert rendered.body_paragraphs() == [("Normal", "Dear parent")]


def test_letterhead_leaves_out_missing_details(render):
    rendered = render(make_doc(para("x")), make_meta(), master="letter")
    first = rendered.doc.sections[0].first_page_header
    texts = [p.text for t in first.tables for c in t._cells for p in c.paragraphs]
    assert texts == ["", HOSTILE]  # logo cell empty, no address paragraph


@pytest.mark.parametrize("master,margin", [("document", 2.0), ("form", 1.5), ("letter", 2.0)])
def test_a4_with_margins(render, master, margin):
    section = render(make_doc(para("x")), master=master).doc.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # A4
    assert abs(section.left_margin - Cm(margin)) < Cm(0.01)
    assert abs(section.right_margin - Cm(margin)) < Cm(0.01)


@pytest.mark.parametrize("master", ["document", "form", "letter"])
def test_en_gb_in_the_style_defaults(render, master):
    styles = render(make_doc(para("x")), master=master).xml("word/styles.xml")
    (lang,) = styles.findall("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang.get(W_VAL) == "en-GB"


def test_core_properties_are_fixed_by_meta(render):
    props = render(make_doc(para("x")), make_meta(subject="Safeguarding")).doc.core_properties
    assert (props.subject, props.author, props.last_modified_by) == ("Safeguarding", HOSTILE, HOSTILE)
    assert props.language == "en-GB"
    utc = CREATED.replace(tzinfo=dt.UTC)  # naive times are taken as UTC
    assert props.created == utc and props.modified == utc
    assert props.revision == 1
    assert props.comments == "" and props.keywords == ""


def test_table_of_contents_field_and_update_on_open(render):
    doc = make_doc(b.Heading(1, (b.Run("Purpose"),)), b.Heading(2, (b.Run("Scope"),)), b.Heading(1, (b.Run("Roles"),)))
    with_toc = render(doc, make_meta(toc=True))
    without = render(doc, make_meta(toc=False))
    instr = " ".join(t.text for t in with_toc.body.iter(f"{{{NS['w']}}}instrText"))
    assert 'TOC \\o "1-2" \\h \\z \\u' in instr  # levels 1-2 only (issue 14 point 7)
    (update,) = with_toc.xml("word/settings.xml").findall("w:updateFields", NS)
    assert update.get(W_VAL) == "true"
    assert not list(without.body.iter(f"{{{NS['w']}}}instrText"))
    assert without.xml("word/settings.xml").find("w:updateFields", NS) is None


def test_table_of_contents_is_filled_for_readers_that_do_not_update_it(render):
    # LibreOffice (our PDF route) shows the field's stored result as it is.
    doc = make_doc(b.Heading(1, (b.Run("Purpose"),)), b.Heading(2, (b.Run("Scope"),)), b.Heading(1, (b.Run("Roles"),)))
    rendered = render(doc, make_meta(toc=True))
    paragraphs = rendered.doc.paragraphs
    assert [(p.style.name, p.text) for p in paragraphs[2:6]] == [
        ("TOC Heading", "Contents"), ("toc 1", "1\tPurpose"), ("toc 2", "1.1\tScope"), ("toc 1", "2\tRoles"),
    ]
    anchors = [h.get(f"{{{NS['w']}}}anchor") for p in paragraphs[3:6] for h in p._p.findall("w:hyperlink", NS)]
    bookmarks = [m.get(f"{{{NS['w']}}}name") for p in paragraphs[6:] for m in p._p.findall("w:bookmarkStart", NS)]
    assert anchors == bookmarks and len(set(anchors)) == 3
    kinds = [c.get(f"{{{NS['w']}}}fldCharType") for p in paragraphs[3:6] for c in p._p.iter(f"{{{NS['w']}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]  # the field spans the entries


def test_logo_goes_into_the_header_with_alt_text(render, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png(400, 100))
    rendered = render(make_doc(para("x")), make_meta(logo=logo))
    header = rendered.xml("word/header_default.xml")
    (doc_pr,) = header.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    assert doc_pr.get("descr") == f"{HOSTILE} logo"
    assert any(name.startswith("word/media/") for name in rendered.parts)
    (extent,) = header.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent")
    assert int(extent.get("cx")) <= Cm(4.5) and int(extent.get("cy")) <= Cm(1.6)


def test_no_logo_means_no_picture(render):
    rendered = render(make_doc(para("x")))
    assert not any(name.startswith("word/media/") for name in rendered.parts)


def test_a_logo_that_is_not_an_image_is_a_user_error(render, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_text("not a picture", encoding="utf-8")
    with pytest.raises(UserError, match="logo.png"):
        render(make_doc(para("x")), make_meta(logo=logo))


def test_with_a_contents_list_the_text_starts_on_a_new_page(render):
    doc = make_doc(b.Heading(1, (b.Run("Purpose"),)), para("x"))
    with_toc = [p for p in render(doc, make_meta(toc=True)).doc.paragraphs if p.style.name == "Heading 1"]
    without = [p for p in render(doc, make_meta(toc=False)).doc.paragraphs if p.style.name == "Heading 1"]
    assert with_toc[0]._p.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert without[0]._p.find("w:pPr/w:pageBreakBefore", NS) is None


@pytest.mark.parametrize("draft", [False, True])
def test_hostile_text_in_the_title_property_is_not_escaped_twice(render, draft):
    # docxtpl would render core properties through Jinja with autoescape: "&amp;".
    title = f"{HOSTILE} safeguarding policy"
    rendered = render(make_doc(para("x"), title=title), make_meta(title=title, draft=draft))
    expected = ("DRAFT \u2013 " if draft else "") + title
    assert rendered.doc.core_properties.title == expected
    assert title in rendered.header_texts()[0].splitlines()
    assert rendered.body_paragraphs()[0] == ("Title", title)
    core = rendered.parts["docProps/core.xml"].decode("utf-8")
    assert "&amp;amp;" not in core and "{{ 7*7 }}" in core
