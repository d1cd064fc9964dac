"""The built policy, reopened: contacts, sections, guidance, no template code."""

from __future__ import annotations

import json
import re
import zipfile

import docx
import pytest
from helpers import ROOT, docx_text
from pypdf import PdfReader

from generator.documents.base import BuildInputs
from generator.profile.load import load_profile
from generator.sources.prompts import section_files


@pytest.fixture(scope="module")
def policy(example_pack):
    return docx.Document(example_pack / "safeguarding-policy.docx")


@pytest.fixture(scope="module")
def profile():
    return load_profile(str(ROOT / "profiles/example.yaml")).profile


def test_every_contact_from_the_profile_is_in_the_policy(policy, profile):
    text = docx_text(policy)
    assert profile.people.dsl.name in text and "0116 496 0001" in text
    for deputy in profile.people.deputy_dsls:
        assert deputy.name in text
    assert "0116 496 0124" in text  # a deputy's work number
    assert "0116 305 4141" in text and "CFS-LADO@leics.gov.uk" in text  # LADO
    assert "0116 305 0005" in text  # front door
    assert "Leicestershire" in text
    assert "Keeping Children Safe in Education 2026" in text  # in force since 1 September 2026
    assert "Working Together to Safeguard Children 2023" in text


def test_a_private_number_stays_out_of_the_published_policy(example_pack):
    data = b"".join(zipfile.ZipFile(example_pack / "safeguarding-policy.docx").read(n)
                    for n in zipfile.ZipFile(example_pack / "safeguarding-policy.docx").namelist())
    assert b"496 0123" not in data and b"4960123" not in data


def test_the_key_roles_table_is_built_from_the_profile(policy):
    rows = [[c.text for c in row.cells] for table in policy.tables for row in table.rows if len(row.cells) > 1]
    # (the document-control block at the front names Jo Example too, as the owner, without a phone)
    dsl_rows = [r for r in rows if any("Jo Example" in c for c in r) and r[0] != "Owner"]
    assert dsl_rows and any("0116 496 0001" in c for c in dsl_rows[0])
    lado_rows = [r for r in rows if any("LADO" in c for c in r)]
    assert lado_rows and any("0116 305 4141" in c for c in lado_rows[0])


def test_every_section_heading_is_there_in_order(policy, profile):
    inputs = BuildInputs.create(profile, __import__("datetime").date(2026, 11, 23))
    expected = []
    for name in section_files(inputs.templates, profile.organisation.kind):  # the sections of its kind
        blocks = inputs.blocks(name, "public")
        expected.append(next(b.text for b in blocks if getattr(b, "level", 0) == 1))
    assert len(expected) >= 20
    found = [p.text for p in policy.paragraphs if p.style.name == "Heading 1"]
    # Headings may carry their number in the text ("1 Purpose and aims") or in the style.
    found = [re.sub(r"^\d+\.?\s+", "", h) for h in found]
    assert [h for h in found if h in expected] == expected


def test_no_template_code_is_left_anywhere(example_pack):
    with zipfile.ZipFile(example_pack / "safeguarding-policy.docx") as package:
        for name in package.namelist():
            if name.endswith(".xml"):
                xml = package.read(name).decode("utf-8")
                text = re.sub(r"<[^>]+>", "", xml)
                for marker in ("{{", "{%", "}}", "%}"):
                    assert marker not in text, (name, marker)


def test_word_quality(policy, example_pack):
    styles = zipfile.ZipFile(example_pack / "safeguarding-policy.docx").read("word/styles.xml").decode()
    assert re.search(r'<w:docDefaults>.*w:lang w:val="en-GB"', styles, re.S)
    settings = zipfile.ZipFile(example_pack / "safeguarding-policy.docx").read("word/settings.xml").decode()
    assert "updateFields" in settings
    section = policy.sections[0]
    assert abs(section.page_width.cm - 21.0) < 0.1 and abs(section.page_height.cm - 29.7) < 0.1
    props = policy.core_properties
    assert props.title == "Safeguarding and Child Protection Policy"
    assert props.author == "Oakfield Learning Centre" and props.language == "en-GB" and props.subject
    body = policy.element.body.xml
    assert "TOC \\o" in body
    data_tables = [t for t in policy.tables if len(t.columns) > 1]  # one-cell tables are callout boxes
    assert data_tables and all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in data_tables)
    empty = [p for p in policy.paragraphs if not p.text.strip() and not p._p.xpath(".//w:drawing|.//w:br|.//w:fldChar|.//w:instrText")]
    assert len(empty) <= 1, f"{len(empty)} empty paragraphs used as spacing"


def test_the_pdf_has_the_same_contacts(example_pack):
    pdf = example_pack / "safeguarding-policy.pdf"
    if not pdf.exists():
        pytest.skip("built without LibreOffice")
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("Jo Example", "0116 496 0001", "0116 305 4141", "0116 305 0005"):
        assert expected in text
    manifest = json.loads((example_pack / "manifest.json").read_text(encoding="utf-8"))
    policy_entry = next(d for d in manifest["documents"] if d["kind"] == "policy")
    assert policy_entry["pdf"] == "safeguarding-policy.pdf" and policy_entry["status"] == "complete"
