"""Word refuses a file whose property children are out of schema order, and
LibreOffice does not care; so the XML the flowchart layout and the form
fields add (cell borders and shading, row heights, alt text, content
controls) is checked against ECMA-376 sequences here."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from helpers import ROOT
from lxml import etree
from ooxml_order import W, check_order

from generator.documents import forms
from generator.documents.base import BuildInputs, Output
from generator.documents.docx_output import to_docx
from generator.documents.flowchart import produce as flowchart
from generator.profile.load import load_profile
from generator.render.blocks import Document

TODAY = dt.date(2026, 11, 23)


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
    check_order(root, where)
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
