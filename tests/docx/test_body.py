"""Blocks -> body: styles, lists, tables, boxes, markers, in the reopened DOCX."""

from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx_kit import NS, R, W, make_doc, make_meta, para

from generator.render import blocks as b


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _body_after_title(rendered):
    """Body paragraphs after the master's title and subtitle."""
    return rendered.body_paragraphs()[2:]


def test_headings_use_heading_styles_in_order(render):
    doc = make_doc(
        b.Heading(1, (R("Purpose"),)), para("Why."),
        b.Heading(2, (R("Scope"),)), b.Heading(3, (R("Who"),)), b.Heading(1, (R("Roles"),)),
    )
    assert _body_after_title(render(doc)) == [
        ("Heading 1", "Purpose"), ("Normal", "Why."), ("Heading 2", "Scope"),
        ("Heading 3", "Who"), ("Heading 1", "Roles"),
    ]


def test_master_heading_styles_have_outline_levels(render):
    styles = render(make_doc()).xml("word/styles.xml")
    for level in (1, 2, 3):
        style = styles.find(f"w:style[@w:styleId='Heading{level}']", NS)
        assert style.find("w:pPr/w:outlineLvl", NS).get(_q("w:val")) == str(level - 1)


def test_heading_numbering_can_be_switched_off(render):
    doc = make_doc(b.Heading(1, (R("Flow"),)))
    numbered = render(doc).doc.paragraphs[2]._p
    plain = render(doc, make_meta(numbered_headings=False)).doc.paragraphs[2]._p
    assert numbered.find("w:pPr/w:numPr", NS) is None  # numbering comes from the style
    assert plain.find("w:pPr/w:numPr/w:numId", NS).get(_q("w:val")) == "0"


def test_runs_keep_bold_italic_and_links_are_real_hyperlinks(render):
    doc = make_doc(b.Paragraph((
        R("Ring "), R("999", bold=True), R(" or see "), R("the partnership", italic=True, link="https://example.org/p?a=1&b=2"),
        R(" and "), R("a script", link="javascript:alert(1)"),
    )))
    rendered = render(doc)
    p = rendered.doc.paragraphs[2]
    assert p.text == "Ring 999 or see the partnership and a script"
    runs = {r.text: r for r in p.runs}
    assert runs["999"].bold and not runs["Ring "].bold
    links = p._p.findall("w:hyperlink", NS)
    assert len(links) == 1, "only http(s)/mailto/tel become links"
    rel = rendered.doc.part.rels[links[0].get(_q("r:id"))]
    assert rel.reltype == RT.HYPERLINK and rel.is_external
    assert rel.target_ref == "https://example.org/p?a=1&b=2"
    link_run = links[0].find("w:r", NS)
    assert link_run.find("w:rPr/w:rStyle", NS).get(_q("w:val")) == "Hyperlink"
    assert link_run.find("w:rPr/w:i", NS) is not None


def test_tabs_and_newlines_in_run_text(render):
    p = render(make_doc(para("a\tb\nc  "))).doc.paragraphs[2]._p
    r = p.find("w:r", NS)
    assert [child.tag.split("}")[1] for child in r] == ["t", "tab", "t", "br", "t"]
    assert r.findall("w:t", NS)[-1].text == "c  "


def _item(text, *children):
    return b.ListItem((R(text),), tuple(children))


def test_list_styles_and_nesting(render):
    doc = make_doc(
        b.BulletList((_item("one", b.BulletList((_item("one a"),))), _item("two"))),
        b.NumberedList((_item("first", b.NumberedList((_item("first a"),))), _item("second"))),
    )
    assert _body_after_title(render(doc)) == [
        ("List Bullet", "one"), ("List Bullet 2", "one a"), ("List Bullet", "two"),
        ("List Number", "first"), ("List Number 2", "first a"), ("List Number", "second"),
    ]


def _num_id(p) -> str:
    return p._p.find("w:pPr/w:numPr/w:numId", NS).get(_q("w:val"))


def test_each_numbered_list_restarts_at_one(render):
    doc = make_doc(
        b.NumberedList((_item("a1"), _item("a2"))), para("between"), b.NumberedList((_item("b1"),)),
    )
    rendered = render(doc)
    a1, a2, _, b1 = rendered.doc.paragraphs[2:]
    assert _num_id(a1) == _num_id(a2) != _num_id(b1)
    numbering = rendered.xml("word/numbering.xml")
    style = rendered.xml("word/styles.xml").find("w:style[@w:styleId='ListNumber']", NS)
    style_num = style.find("w:pPr/w:numPr/w:numId", NS).get(_q("w:val"))
    abstract_of = {n.get(_q("w:numId")): n.find("w:abstractNumId", NS).get(_q("w:val"))
                   for n in numbering.findall("w:num", NS)}
    for p in (a1, b1):
        num = numbering.find(f"w:num[@w:numId='{_num_id(p)}']", NS)
        assert abstract_of[_num_id(p)] == abstract_of[style_num], "same look as the List Number style"
        assert num.find("w:lvlOverride/w:startOverride", NS).get(_q("w:val")) == "1"


def test_table_header_repeats_and_rows_do_not_split(render):
    table = b.Table(
        header=((R("Role"),), (R("Name"),), (R("Phone"),)),
        rows=(((R("DSL"),), (R("Sam Sample"),), (R("0116 496 0001"),)),
              ((R("Deputy"),), (R("Alex Other"),))),  # a short row is padded
        widths=(2, 2, 1),
    )
    rendered = render(make_doc(table))
    (t,) = rendered.doc.tables
    assert t.style.name == "Table Grid"
    assert [c.text for c in t.rows[0].cells] == ["Role", "Name", "Phone"]
    assert [c.text for c in t.rows[2].cells] == ["Deputy", "Alex Other", ""]
    rows = t._tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:tblHeader", NS) is None for r in rows[1:])
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    assert all(run.bold for cell in t.rows[0].cells for run in cell.paragraphs[0].runs)
    assert not any(run.bold for cell in t.rows[1].cells for run in cell.paragraphs[0].runs)
    assert t.rows[1].cells[0].paragraphs[0].style.name == "Table Text"
    widths = [int(g.get(_q("w:w"))) for g in t._tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert widths[0] == widths[1] and abs(widths[0] - 2 * widths[2]) <= 2  # 2 : 2 : 1
    assert abs(sum(widths) - 9638) <= 1  # A4 minus 2 cm margins, in twips


def test_form_rows_have_a_minimum_height(render):
    table = b.Table(header=((R("Date"),), (R("Signature"),)), rows=(((), ()),) * 3, row_height_cm=1.5)
    (t,) = render(make_doc(table), master="form").doc.tables
    rows = t._tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:trHeight", NS) is None
    for row in rows[1:]:
        height = row.find("w:trPr/w:trHeight", NS)
        assert (height.get(_q("w:val")), height.get(_q("w:hRule"))) == ("850", "atLeast")


def test_callouts_are_boxes_with_their_blocks(render):
    doc = make_doc(
        b.Callout("note", (para("Key message."), b.BulletList((_item("point"),)))),
        b.Callout("warning", (para("Ring 999 now."),)),
    )
    rendered = render(doc)
    note, warning = rendered.doc.tables
    assert note.style.name == "Note Box" and warning.style.name == "Warning Box"
    assert len(note.rows) == 1 and len(note.columns) == 1
    cell = note.cell(0, 0)
    assert [(p.style.name, p.text) for p in cell.paragraphs] == [("Note", "Key message."), ("List Bullet", "point")]
    assert [(p.style.name, p.text) for p in warning.cell(0, 0).paragraphs] == [("Warning", "Ring 999 now.")]


def test_adjacent_tables_are_kept_apart(render):
    # Word merges tables that touch; a paragraph must separate them.
    doc = make_doc(b.Callout("note", (para("One"),)), b.Callout("warning", (para("Two"),)))
    body = render(doc).body
    children = [c.tag.split("}")[1] for c in body if c.tag != f"{{{W}}}sectPr"]
    assert children[-3:] == ["tbl", "p", "tbl"]


def test_missing_prompt_is_a_visible_marker_and_makes_a_draft(render):
    missing = b.Prompt("dsl-cover", "Who covers when the DSL is away?", "roles")
    answered = b.Prompt("records", "Where are records kept?", "records", (para("In CPOMS."),))
    rendered = render(make_doc(answered, missing), make_meta(draft=False))
    assert _body_after_title(rendered) == [
        ("Normal", "In CPOMS."),
        ("To Complete", "TO COMPLETE: Who covers when the DSL is away? (prompt dsl-cover)"),
    ]
    assert rendered.doc.core_properties.title.startswith("DRAFT \u2013 ")
    assert "DRAFT" in rendered.header_texts()[0]


def test_to_complete_style_is_bold_highlighted_and_bordered(render):
    styles = render(make_doc()).xml("word/styles.xml")
    (style,) = styles.xpath("w:style[w:name/@w:val='To Complete']", namespaces=NS)
    assert style.find("w:rPr/w:b", NS) is not None
    assert style.find("w:rPr/w:highlight", NS) is not None
    assert len(style.find("w:pPr/w:pBdr", NS)) == 4


def test_page_break_goes_on_the_next_paragraph(render):
    doc = make_doc(para("before"), b.PageBreak(), b.Heading(1, (R("after"),)))
    rendered = render(doc)
    before, after = rendered.doc.paragraphs[2:]
    assert after._p.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert before._p.find("w:pPr/w:pageBreakBefore", NS) is None


def test_no_empty_paragraphs_in_the_body(render):
    doc = make_doc(
        b.Heading(1, (R("H"),)), para("p"), b.BulletList((_item("x"),)), b.PageBreak(),
        b.Table(header=((R("a"),),), rows=(((R("b"),),),)), para("after table"),
        b.Prompt("q", "Q?", "s"),
    )
    body = render(doc).body
    for p in body.findall("w:p", NS):
        assert "".join(t.text for t in p.iter(f"{{{W}}}t")).strip(), "an empty paragraph used as spacing"


def test_landscape_documents_turn_the_page(render):
    section = render(make_doc(para("wide"), landscape=True)).doc.sections[0]
    assert section.page_width > section.page_height
    assert section.orientation == 1  # WD_ORIENT.LANDSCAPE


def test_a_table_without_rows_is_left_out(render):
    # Word reports a w:tbl without w:tr as corrupt.
    assert render(make_doc(b.Table(header=(), rows=()), para("x"))).doc.tables == []


def test_heading_bookmarks_do_not_reuse_the_masters_ids(render, tmp_path, env):
    from docx_kit import Rendered, patched_master

    from generator.docx import render_docx

    go_back = '<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>'
    path = patched_master(tmp_path, "word/document.xml",
                          lambda xml: xml.replace("<w:sectPr>", f"<w:p>{go_back}<w:r><w:t>end</w:t></w:r></w:p><w:sectPr>"))
    rendered = Rendered(render_docx(make_doc(b.Heading(1, (R("A"),)), b.Heading(1, (R("B"),))), make_meta(), path, env))
    ids = [m.get(_q("w:id")) for m in rendered.body.iter(_q("w:bookmarkStart"))]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_an_answer_holding_a_table_is_spaced_once(render):
    table = b.Table(header=((R("a"),),), rows=(((R("b"),),),))
    answer = b.Prompt("q", "Q?", "s", (table, para("after"), table, table))
    body = render(make_doc(answer)).body
    after = next(p for p in body.iter(_q("w:p")) if "".join(t.text for t in p.iter(_q("w:t"))) == "after")
    assert len(after.findall("w:pPr/w:spacing", NS)) == 1  # a second w:spacing makes Word refuse the file
    children = [c.tag.split("}")[1] for c in body if c.tag != _q("w:sectPr")]
    assert children[-5:] == ["tbl", "p", "tbl", "p", "tbl"]


def test_a_lead_in_paragraph_keeps_with_its_list(render):
    doc = make_doc(
        para("We will:"), b.BulletList((_item("act"),)), b.PageBreak(),
        para("Not a lead-in."), b.BulletList((_item("x"),)), para("Ends with a colon:"),
    )
    lead_in, _, plain, _, last = render(doc).doc.paragraphs[2:]
    assert lead_in._p.find("w:pPr/w:keepNext", NS) is not None
    assert plain._p.find("w:pPr/w:keepNext", NS) is None
    assert last._p.find("w:pPr/w:keepNext", NS) is None  # nothing follows it
    flags = [c.tag.split("}")[1] for c in plain._p.find("w:pPr", NS)]
    assert flags[:2] == ["pStyle", "pageBreakBefore"]
