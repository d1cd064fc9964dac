"""The addendum as staff get it: built by `policypack build`, reopened with python-docx."""

from __future__ import annotations

import json

import docx
from addendum_kit import TODAY, with_closure
from docx.oxml.ns import qn

from generator.pack.build import build_pack

FILE = "emergency-closure-addendum.docx"


def build(profile, out) -> tuple[dict, object]:
    """Build the pack; return its manifest and the reopened addendum (or None)."""
    report = build_pack(str(profile), str(out), handbook=False, today=TODAY)
    manifest = json.loads((out / report.organisation / "manifest.json").read_text(encoding="utf-8"))
    path = out / report.organisation / FILE
    return manifest, (docx.Document(str(path)) if path.exists() else None)


def paragraphs(document) -> list[str]:
    """The text of every paragraph of the body, in tables and boxes too."""
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


def table(document, first_header: str) -> list[list[str]]:
    found = [t for t in document.tables if t.rows[0].cells[0].text == first_header]
    assert len(found) == 1, first_header
    return [[cell.text for cell in row.cells] for row in found[0].rows]


def test_example_addendum_docx(profiles, tmp_path):
    manifest, document = build(profiles / "example.yaml", tmp_path / "out")
    entry = [d for d in manifest["documents"] if d["kind"] == "addendum"]
    assert entry == [{"kind": "addendum", "title": "Emergency Closure Addendum to the Safeguarding Policy",
                      "path": FILE, "sha256": entry[0]["sha256"], "status": "complete"}]
    assert document.core_properties.title == "Emergency Closure Addendum to the Safeguarding Policy"
    levels = table(document, "Level")
    assert levels[0] == ["Level", "Which children", "How often we make contact"]
    assert [row[0] for row in levels[1:]] == ["Category 1", "Category 2", "Category 3"]
    assert [row[2] for row in levels[1:]] == ["Every day", "Twice a week", "Once a week"]
    assert "refusing to attend, or rarely attending, before the closure" in levels[1][1]
    contacts = {row[0]: row for row in table(document, "Who")}
    assert contacts["Designated safeguarding lead (DSL)"][1:] == ["Jo Example, Centre Manager",
                                                                  "0116 496 0001; jo.example@oakfield.example"]
    assert any(row[1] == "Sam Sample, Lead Tutor" and row[2] == "0116 496 0123" for row in table(document, "Who"))
    text = paragraphs(document)
    assert ("After 5 school days without any acknowledgement from a family, we log the family as missing "
            "on CPOMS under the tag CLOSURE, and tell the DSL.") in text
    assert any(p.startswith("Within 24 hours of that, a member of staff rings the family") for p in text)
    assert any(p.startswith("After 10 school days without contact, the DSL tells the local authority") for p in text)
    assert "Only the DSL (Jo Example) can authorise a home visit. Never visit a family's home without that authority." in text
    checklist = table(document, "Task")
    assert ["Add the tag CLOSURE to CPOMS", "DSL", "Before closing"] in checklist
    forms = [row[0] for row in table(document, "Form")[1:]]
    assert forms == ["Vulnerable children contact register", "Planned social-services meetings", "Phone-call record",
                     "Home-visit record", "Closure task checklist", "Duty-team rota"]


def test_riverside_addendum_docx_uses_rag(profiles, tmp_path):
    _, document = build(profiles / "riverside-school.yaml", tmp_path / "out")
    levels = table(document, "Level")
    assert [row[0] for row in levels[1:]] == ["Red", "Amber", "Blue", "Yellow"]
    assert levels[1][1].startswith("Child protection plan or equivalent: on a child protection plan")
    assert levels[3][2] == "Once a week, a check-in with the family's named worker"
    text = paragraphs(document)
    assert any(p.startswith("After 3 school days without any acknowledgement") for p in text)
    assert any(p.startswith("After 10 school days without contact") for p in text)
    assert any("under the tag CLOSURE 2026 within 24 hours" in p for p in text)
    assert "Only the headteacher (Robin Placeholder) can authorise a home visit. Never visit a family's home without that authority." in text
    contacts = {row[0]: row for row in table(document, "Who")}
    assert contacts["Advice for the DSL when unsure whether to refer"][2] == "07711 189544"


def test_changing_missing_after_school_days_changes_the_docx(profiles, tmp_path):
    _, before = build(profiles / "example.yaml", tmp_path / "before")
    path = profiles / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("missing_after_school_days: 5", "missing_after_school_days: 3"), encoding="utf-8")
    _, after = build(path, tmp_path / "after")
    changed = sorted(set(paragraphs(after)) - set(paragraphs(before)))
    assert changed == [
        "A family we have not heard from for 3 school days is logged as missing and rung within 24 hours; "
        "after 10 school days without contact, the DSL tells the local authority.",
        "After 3 school days without any acknowledgement from a family, we log the family as missing "
        "on CPOMS under the tag CLOSURE, and tell the DSL.",
    ]


def test_closure_disabled_builds_no_addendum_and_says_so(profiles, tmp_path):
    with_closure(profiles / "example.yaml", "closure:\n  enabled: false\n")
    manifest, document = build(profiles / "example.yaml", tmp_path / "out")
    assert document is None
    assert "addendum" not in [d["kind"] for d in manifest["documents"]]
    assert {"kind": "addendum", "reason": "closure.enabled is false in the profile"} in manifest["skipped"]


def test_two_builds_give_the_same_bytes(profiles, tmp_path):
    first, _ = build(profiles / "riverside-school.yaml", tmp_path / "one")
    second, _ = build(profiles / "riverside-school.yaml", tmp_path / "two")
    digest = {d["kind"]: d["sha256"] for d in first["documents"]}["addendum"]
    assert digest == {d["kind"]: d["sha256"] for d in second["documents"]}["addendum"]


def test_pdf_of_the_addendum(profiles, tmp_path):
    from helpers import require_tool
    from pypdf import PdfReader

    require_tool("soffice")
    report = build_pack(str(profiles / "riverside-school.yaml"), str(tmp_path / "out"), pdf=True, handbook=False,
                        today=TODAY)
    (entry,) = [d for d in report.documents if d["kind"] == "addendum"]
    assert entry["pdf"] == "emergency-closure-addendum.pdf"
    reader = PdfReader(str(tmp_path / "out" / report.organisation / entry["pdf"]))
    assert 6 <= len(reader.pages) <= 16
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "After 10 school days without contact" in text
    assert "Yellow" in text and "Once a week, a check-in with the family's named worker" in text
