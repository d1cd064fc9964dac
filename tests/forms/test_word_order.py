"""Word refuses a file whose property children are out of schema order, and
LibreOffice does not care; so the XML the flowchart layout and the form
fields add (cell borders and shading, row heights, alt text, content
controls) is checked against ECMA-376 sequences here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from lxml import etree

from generator.blocks import Document
from generator.documents import BuildInputs, Output
from generator.documents.docx_output import to_docx
from generator.documents import flowchart, forms
from generator.profile import load_profile
from helpers import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TODAY = dt.date(2026, 11, 23)
ORDER = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
           "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
           "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
           "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof "
           "snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd "
           "fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
             "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark",
    "tcBorders": "top start left bottom end right insideH insideV tl2br tr2bl",
    "tcMar": "top start left bottom end right",
    "tblCellMar": "top start left bottom end right",
    "tblBorders": "top start left bottom end right insideH insideV",
    "sdtPr": "rPr alias tag id lock placeholder temporary showingPlcHdr dataBinding label tabIndex "
             "equation comboBox date docPartObj docPartList dropDownList picture richText text citation group bibliography",
    "date": "dateFormat lid storeMappedDataAs calendar",
    "sdt": "sdtPr sdtEndPr sdtContent",
    "tbl": "tblPr tblGrid tr",
    "tr": "tblPrEx trPr tc",
}
SEQUENCES = {f"{{{W}}}{name}": order.split() for name, order in ORDER.items()}


def documents():
    for name in ("example.yaml", "riverside-school.yaml"):
        profile = load_profile(str(ROOT / "profiles" / name), TODAY).profile
        inputs = BuildInputs.create(profile, TODAY)
        for producer in (flowchart, forms):
            for item in producer.documents(inputs):
                if isinstance(item, Document):  # rendered as `policypack build` does
                    item = to_docx(item, inputs)
                if isinstance(item, Output) and item.path.endswith(".docx"):
                    yield f"{profile.organisation.id}/{item.path}", item.data


@pytest.mark.parametrize("where,data", list(documents()), ids=lambda v: v if isinstance(v, str) else "")
def test_added_xml_is_in_schema_order_and_ids_are_unique(where, data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    for element in root.iter(*SEQUENCES):
        sequence = SEQUENCES[element.tag]
        ranks = []
        for child in element:
            local = etree.QName(child).localname
            assert local in sequence, f"{where}: unexpected w:{local} in {element.tag}"
            ranks.append(sequence.index(local))
        assert ranks == sorted(ranks), f"{where}: children of {etree.QName(element).localname} out of order"
    ids = [e.get(f"{{{W}}}val") for e in root.iter(f"{{{W}}}id")]
    assert len(ids) == len(set(ids))
    # Every cell ends with a paragraph (else Word reports the file as corrupt).
    for tc in root.iter(f"{{{W}}}tc"):
        assert etree.QName(tc[-1]).localname == "p", where
    # Every gridSpan adds up to the grid.
    for tbl in root.iter(f"{{{W}}}tbl"):
        columns = len(tbl.find(f"{{{W}}}tblGrid"))
        for tr in tbl.findall(f"{{{W}}}tr"):
            spans = [int(tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan").get(f"{{{W}}}val"))
                     if tc.find(f"{{{W}}}tcPr/{{{W}}}gridSpan") is not None else 1 for tc in tr.findall(f"{{{W}}}tc")]
            assert sum(spans) == columns, where
