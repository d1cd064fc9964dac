"""The order OOXML's schema gives the children of Word elements.

Word refuses a file whose properties are out of order or repeated, and
LibreOffice and python-docx do not notice: tests of everything we write into
DOCX files check it with :func:`check_order`.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "style": "name aliases basedOn next link autoRedefine hidden uiPriority semiHidden unhideWhenUsed qFormat locked personal personalCompose personalReply rsid pPr rPr tblPr trPr tcPr tblStylePr",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid",
    "lvl": "start numFmt lvlRestart pStyle isLgl suff lvlText lvlPicBulletId legacy lvlJc pPr rPr",
    "tbl": "tblPr tblGrid tr",
    "tc": "tcPr p tbl",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcBorders": "top start left bottom end right insideH insideV tl2br tr2bl",
    "tcMar": "top start left bottom end right",
    "tblCellMar": "top start left bottom end right",
    "tblBorders": "top start left bottom end right insideH insideV",
    "sdtPr": "rPr alias tag id lock placeholder temporary showingPlcHdr dataBinding label tabIndex equation comboBox date docPartObj docPartList dropDownList picture richText text citation group bibliography",
    "date": "dateFormat lid storeMappedDataAs calendar",
    "sdt": "sdtPr sdtEndPr sdtContent",
    "tr": "tblPrEx trPr tc",
}
SEQUENCES = {f"{{{W}}}{name}": order.split() for name, order in ORDER.items()}
# Elements whose children may repeat (rows, cells, references, levels).
REPEATABLE = {"tbl", "tr", "sectPr"}
# headerReference and footerReference may interleave.
SAME_RANK = {"footerReference": "headerReference"}


def check_order(root, where: str) -> None:
    """Assert every known element's children are in schema order, once each."""
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
