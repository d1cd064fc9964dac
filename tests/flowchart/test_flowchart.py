"""Flowcharts: the right names and numbers in the right boxes, one A4 page,
an accessible SVG, a text version, escaping, and closure switched off."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET

import docx
import pypdf
import pytest
from docx.oxml.ns import qn
from helpers import ROOT, require_tool

from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.flowchart import produce as producer
from generator.profile.load import load_profile

TODAY = dt.date(2026, 11, 23)
PROFILES = ("example.yaml", "riverside-school.yaml")
SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Smith & Jones <Learning> "Centre" {{ 7*7 }}'


def build(path):
    profile = load_profile(str(path), TODAY).profile
    return profile, producer.documents(BuildInputs.create(profile, TODAY))


def by_path(items) -> dict[str, Output]:
    return {item.path: item for item in items if isinstance(item, Output)}


def boxes(docx_bytes: bytes) -> list[str]:
    """The text of every cell of the flowchart table, paragraphs joined by newlines."""
    document = docx.Document(io.BytesIO(docx_bytes))
    assert len(document.tables) == 1
    out = []
    for tc in document.tables[0]._tbl.iter(qn("w:tc")):
        text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))).strip()
        if text:
            out.append(text)
    return out


def box(texts: list[str], title: str) -> str:
    found = [t for t in texts if t.startswith(title)]
    assert len(found) == 1, f"no single box starting {title!r} in {texts}"
    return found[0]


def hostile_profile(tmp_path, closure: str | None = None):
    folder = tmp_path / "profiles"
    if not folder.exists():
        shutil.copytree(ROOT / "profiles", folder)
    path = folder / "example.yaml"
    text = path.read_text(encoding="utf-8").replace("name: Oakfield Learning Centre", "name: '" + HOSTILE + "'")
    if closure is not None:
        text = re.sub(r"^closure:\n(?:[ \t]+.*\n|\n)*", closure + "\n\n", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built():
    return {name: build(ROOT / "profiles" / name) for name in PROFILES}


MORE_DEPUTIES = """\
    - name: Taylor Longername-Example
      job_title: Assistant Headteacher for Inclusion and Personal Development
      phone: "0116 496 0125"
      email: taylor.longername-example@oakfield.example
    - name: Jordan Placeholder
      job_title: Head of Key Stage 4 and Careers Lead
      phone: "0116 496 0126"
      email: jordan.placeholder@oakfield.example
  coordinator:"""


def crowded_profile(folder):
    """The example with four deputy DSLs with long job titles: the most a box must hold."""
    shutil.copytree(ROOT / "profiles", folder)
    path = folder / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  coordinator:", MORE_DEPUTIES, 1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pdf_pages(built, tmp_path_factory):
    """Page counts of every flowchart DOCX, converted in one LibreOffice call."""
    require_tool("soffice")
    from generator.docx.pdf import convert

    folder = tmp_path_factory.mktemp("flowchart-pdf")
    paths = []
    crowded = build(crowded_profile(tmp_path_factory.mktemp("crowded") / "profiles"))
    assert len(crowded[0].people.deputy_dsls) == 4
    for name, (profile, items) in [*built.items(), ("crowded", (crowded[0], crowded[1]))]:
        if name == "crowded":
            items = [i for i in items if isinstance(i, Output) and i.path == "worried-about-a-child.docx"]
        for output in items:
            if isinstance(output, Output) and output.path.endswith(".docx"):
                path = folder / f"{name.removesuffix('.yaml')}-{output.path}"
                path.write_bytes(output.data)
                paths.append(str(path))
    return {pdf.rsplit("/", 1)[-1]: len(pypdf.PdfReader(pdf).pages) for pdf in convert(paths)}


@pytest.mark.parametrize("name", PROFILES)
def test_every_box_carries_the_profiles_names_and_numbers(built, name):
    profile, items = built[name]
    texts = boxes(by_path(items)["worried-about-a-child.docx"].data)
    people, contacts = profile.people, profile.contacts

    dsl = box(texts, "Tell the Designated Safeguarding Lead")
    assert people.dsl.name in dsl and people.dsl.phone.display in dsl
    for deputy in people.deputy_dsls:  # staff document: private numbers too
        assert deputy.name in dsl
        assert deputy.phone.display in dsl
    assert contacts.police.emergency.display in box(texts, "Ring the police on")
    assert profile.systems.concern_recording in box(texts, "Write it down on")
    referral = box(texts, "Referral to children's social care")
    assert contacts.front_door.name in referral and contacts.front_door.phone.display in referral
    assert contacts.front_door.referral_form in referral
    if contacts.consultation_line:
        assert contacts.consultation_line.phone.display in referral
    night = box(texts, "Out of hours")
    assert contacts.out_of_hours.name in night and contacts.out_of_hours.phone.display in night
    adult = box(texts, "Worried about an adult")
    assert contacts.lado.phone.display in adult and contacts.lado.email in adult and contacts.lado.hours in adult
    boss = people.headteacher or people.coordinator
    assert boss.name in adult
    assert contacts.nspcc_whistleblowing.phone.display in box(texts, "Worried that a concern")
    # A number never lands in the wrong box.
    assert contacts.lado.phone.display not in dsl and people.dsl.phone.display not in adult


def test_the_two_example_profiles_give_their_own_contacts(built):
    oakfield = "\n".join(boxes(by_path(built["example.yaml"][1])["worried-about-a-child.docx"].data))
    riverside = "\n".join(boxes(by_path(built["riverside-school.yaml"][1])["worried-about-a-child.docx"].data))
    assert "Jo Example" in oakfield and "0116 305 4141" in oakfield and "CPOMS" in oakfield
    assert "Morgan Example" in riverside and "0115 876 4800" in riverside and "MyConcern" in riverside
    assert "Jo Example" not in riverside and "0116 305 4141" not in riverside


@pytest.mark.parametrize("name", PROFILES)
def test_closure_chart_uses_the_profiles_timescales(built, name):
    profile, items = built[name]
    texts = boxes(by_path(items)["closure-escalation.docx"].data)
    text = "\n".join(texts)
    closure = profile.closure
    # The chart is about vulnerable children: the timescales for other
    # families (missing after N school days, the LA after M) are not theirs
    # (issue 14 point 5); a missed contact at their level goes to the DSL the same day.
    assert f"{closure.missing_after_school_days} school days" not in text
    assert f"after {closure.inform_la_after_school_days} school days" not in text
    assert "tell the DSL the same day" in box(texts, "Are concerns rising")
    assert f"meets {closure.escalation_meeting}" in text
    assert closure.recording_tag in text and closure.home_visit_authorised_by in text
    assert profile.contacts.front_door.phone.display in box(texts, "Not seen and at risk?")
    plan = box(texts, "Agree a coordinated contact plan")  # the scheme's levels and how often
    labels = ("Category 1", "Category 2", "Category 3") if closure.scheme == "categories" else ("Red", "Amber", "Blue", "Yellow")
    assert all(f"{label}: " in plan for label in labels)
    assert ("Every day" in plan) and ("Once a week" in plan)


@pytest.mark.parametrize("name", PROFILES)
def test_flowchart_is_an_editable_table_with_alt_text(built, name):
    profile, items = built[name]
    document = docx.Document(io.BytesIO(by_path(items)["worried-about-a-child.docx"].data))
    assert not document.inline_shapes  # no picture: text in table cells
    tbl_pr = document.tables[0]._tbl.tblPr
    caption = tbl_pr.find(qn("w:tblCaption")).get(qn("w:val"))
    description = tbl_pr.find(qn("w:tblDescription")).get(qn("w:val"))
    assert caption == "What to do if you are worried about a child"
    assert "Step 1:" in description and "Step 13:" in description
    assert profile.people.dsl.phone.display in description
    shading = [s.get(qn("w:fill")) for s in document.tables[0]._tbl.iter(qn("w:shd"))]
    assert len(set(shading)) >= 4  # boxes are coloured by meaning
    assert "\u2193" in "".join(boxes(by_path(items)["worried-about-a-child.docx"].data))


def test_every_flowchart_pdf_is_exactly_one_page(pdf_pages):
    assert len(pdf_pages) == 5  # both charts of both profiles, and a crowded DSL box
    assert all(count == 1 for count in pdf_pages.values()), pdf_pages


@pytest.mark.parametrize("name", PROFILES)
def test_svg_is_accessible_xml_with_the_dsls_number(built, name):
    profile, items = built[name]
    root = ET.fromstring(by_path(items)["worried-about-a-child.svg"].data)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert profile.organisation.name in title.text
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert any(profile.people.dsl.phone.display in t for t in texts)
    assert profile.people.dsl.phone.display in desc.text and "Step 13:" in desc.text


@pytest.mark.parametrize("name", PROFILES)
def test_text_version_lists_every_step_and_branch(built, name):
    profile, items = built[name]
    text = by_path(items)["worried-about-a-child-text.md"].data.decode("utf-8")
    steps = re.findall(r"^(\d+)\. ", text, flags=re.M)
    assert steps == [str(n) for n in range(1, 14)]
    assert "Yes\\: go to step 3" in text and "No\\: go to step 4" in text
    assert "Then one of steps 7\\, 8\\, 9 or 10" in text


def test_hostile_organisation_name_comes_out_exactly(tmp_path):
    profile, items = build(hostile_profile(tmp_path))
    outputs = by_path(items)
    root = ET.fromstring(outputs["worried-about-a-child.svg"].data)
    assert root.find(f"{SVG}title").text.endswith(f"({HOSTILE})")
    assert HOSTILE in root.find(f"{SVG}desc").text
    document = docx.Document(io.BytesIO(outputs["worried-about-a-child.docx"].data))
    assert HOSTILE in [p.text for p in document.sections[0].header.paragraphs]
    assert any(HOSTILE in p.text for p in document.paragraphs)  # the intro line
    assert "49" not in document.paragraphs[1].text
    assert HOSTILE in outputs["worried-about-a-child-text.md"].data.decode("utf-8").replace("\\", "")


def test_closure_switched_off_skips_the_escalation_chart_and_says_so(tmp_path, monkeypatch):
    path = hostile_profile(tmp_path, closure="closure:\n  enabled: false")
    profile, items = build(path)
    assert profile.closure.enabled is False
    assert "closure-escalation.docx" not in by_path(items)
    assert "worried-about-a-child.docx" in by_path(items)
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert len(skipped) == 1 and skipped[0].kind == "flowchart" and "closure.enabled is false" in skipped[0].reason

    # Through the real build: the manifest lists it as skipped.
    from generator.documents import registry
    from generator.pack import build as build_module

    monkeypatch.setattr(registry, "PRODUCERS", (registry.flowchart,))
    report = build_module.build_pack(str(path), str(tmp_path / "out"), handbook=False, today=TODAY)
    manifest = json.loads((tmp_path / "out" / profile.organisation.id / "manifest.json").read_text(encoding="utf-8"))
    assert any(s["kind"] == "flowchart" and "Closure" in s["reason"] for s in manifest["skipped"])
    assert {d["kind"] for d in report.documents} == {"flowchart"}


def test_flowcharts_reproduce_byte_for_byte():
    first = by_path(build(ROOT / "profiles" / "example.yaml")[1])
    second = by_path(build(ROOT / "profiles" / "example.yaml")[1])
    assert first.keys() == second.keys()
    assert all(first[k].data == second[k].data for k in first)


MINIMAL = """\
schema_version: 1
organisation: {id: tiny, name: Tiny Tutors, kind: alternative_provision, local_authority: Exampleshire}
people:
  dsl: {name: Pat Example}
contacts:
  front_door: {name: Exampleshire Front Door, url: "https://front.example"}
  out_of_hours: {name: Exampleshire Emergency Duty Team, email: edt@exampleshire.example}
  lado: {name: Exampleshire LADO, url: "https://lado.example"}
  police: {emergency: "999", non_emergency: "101"}
  nspcc_whistleblowing: {phone: "0800 028 0285"}
systems: {concern_recording: paper files}
guidance: {kcsie: 2025, working_together: 2023}
review: {last_reviewed: 2026-09-01, next_review: 2027-09-01}
"""


def test_a_minimal_profile_shows_whatever_way_to_reach_each_contact_it_has(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    _, items = build(path)
    texts = boxes(by_path(items)["worried-about-a-child.docx"].data)
    assert "https://front.example" in box(texts, "Referral to children's social care")
    assert "edt@exampleshire.example" in box(texts, "Out of hours")
    assert "https://lado.example" in box(texts, "Worried about an adult")
    dsl = box(texts, "Tell the Designated Safeguarding Lead")
    assert "Pat Example" in dsl and "deputy" not in dsl  # no deputies: no empty list
