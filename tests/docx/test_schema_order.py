"""Children of the property elements we write come in OOXML schema order.

Word refuses ("unreadable content") a file whose w:pPr, w:rPr, w:tblPr ...
children are out of order; LibreOffice and python-docx do not care, so only a
check like this one catches it.  The sequences are from ECMA-376 part 1
(transitional), cut to what policypack can write.
"""

from __future__ import annotations

import pytest
from docx_kit import W, make_doc, make_meta, para, tiny_png

from generator import blocks as b

ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
           "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
           "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
           "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
           "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
             "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat "
             "locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
              "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid",
    "lvl": "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr",
    "tbl": "tblPr tblGrid tr",
    "tc": "tcPr p tbl",
}
SEQUENCES = {f"{{{W}}}{name}": order.split() for name, order in ORDER.items()}
# Elements whose children may repeat (rows, references, levels).
REPEATABLE = {"tbl", "sectPr"}
# headerReference and footerReference may interleave.
SAME_RANK = {"footerReference": "headerReference"}


def _check(root, where: str) -> None:
    for element in root.iter(*SEQUENCES):
        sequence = SEQUENCES[element.tag]
        ranks = []
        for child in element:
            local = child.tag.split("}")[1]
            local = SAME_RANK.get(local, local) if element.tag.endswith("sectPr") else local
            assert local in sequence, f"{where}: unexpected w:{local} in {element.tag}"
            ranks.append(sequence.index(local))
        local_name = element.tag.split("}")[1]
        if local_name == "tc":
            continue  # p and tbl mix freely after tcPr
        assert ranks == sorted(ranks), f"{where}: children of {element.tag} out of order: {[c.tag for c in element]}"
        if local_name in REPEATABLE:
            continue
        # Each property may appear once (two w:spacing in a pPr: Word refuses the file).
        assert len(ranks) == len(set(ranks)), f"{where}: a child repeats in {element.tag}: {[c.tag for c in element]}"


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
            _check(rendered.xml(name), name)
