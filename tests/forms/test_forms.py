"""Blank forms: built from their data files, tables and rows as declared,
fillable on screen, CONFIDENTIAL header and versioned footer, the declared
number of printed pages, and closure forms only when closure is on."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import shutil

import docx
import pypdf
import pytest
import yaml
from docx.oxml.ns import qn
from helpers import ROOT, require_tool

from generator.documents import forms as producer
from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.docx_output import to_docx
from generator.profile.load import load_profile
from generator.render.blocks import Document

TODAY = dt.date(2026, 11, 23)
PROFILES = ("example.yaml", "riverside-school.yaml")
FORMS_DIR = ROOT / "templates" / "forms"
FORM_FILES = sorted(p for p in FORMS_DIR.glob("*.yaml") if not p.name.startswith("_"))
CLOSURE_FORMS = {"vulnerable-pupil-register", "social-care-meetings", "home-visit-record", "phone-call-record",
                 "closure-checklist", "duty-rota"}
HOSTILE = 'Smith & Jones <Learning> "Centre" {{ 7*7 }}'


def spec(slug: str) -> dict:
    for path in FORM_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if data["slug"] == slug:
            return data
    raise KeyError(slug)


def build(path):
    profile = load_profile(str(path), TODAY).profile
    inputs = BuildInputs.create(profile, TODAY)
    # As `policypack build` does: Documents become DOCX files on their master.
    return profile, [to_docx(item, inputs) if isinstance(item, Document) else item for item in producer.documents(inputs)]


def outputs(items) -> dict[str, Output]:
    return {item.path.removeprefix("forms/").removesuffix(".docx"): item for item in items if isinstance(item, Output)}


def cell_text(tc) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def edited_profile(tmp_path, name=None, closure=None):
    folder = tmp_path / "profiles"
    if not folder.exists():
        shutil.copytree(ROOT / "profiles", folder)
    path = folder / "example.yaml"
    text = path.read_text(encoding="utf-8")
    if name:
        text = text.replace("name: Oakfield Learning Centre", "name: '" + name + "'")
    if closure is not None:
        text = re.sub(r"^closure:\n(?:[ \t]+.*\n|\n)*", closure + "\n\n", text, flags=re.M)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built():
    return {name: build(ROOT / "profiles" / name) for name in PROFILES}


@pytest.fixture(scope="module")
def pdf_pages(built, tmp_path_factory):
    """Page counts of every form of both profiles: one LibreOffice call."""
    require_tool("soffice")
    from generator.docx.pdf import convert

    folder = tmp_path_factory.mktemp("forms-pdf")
    paths = []
    for name, (profile, items) in built.items():
        for slug, output in outputs(items).items():
            path = folder / f"{profile.organisation.id}--{slug}.docx"
            path.write_bytes(output.data)
            paths.append(str(path))
    counts = {}
    for pdf in convert(paths):
        org, slug = pdf.rsplit("/", 1)[-1].removesuffix(".pdf").split("--")
        counts[(org, slug)] = len(pypdf.PdfReader(pdf).pages)
    return counts


def test_every_data_file_is_a_form_of_both_profiles(built):
    slugs = {yaml.safe_load(p.read_text(encoding="utf-8"))["slug"] for p in FORM_FILES}
    assert slugs >= {"logging-a-concern", "case-record"} | CLOSURE_FORMS
    for name, (profile, items) in built.items():
        assert set(outputs(items)) == slugs
        assert all(item.kind == "form" for item in items)


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.stem)
def test_tables_headers_and_rows_match_the_data_file(built, name, path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    profile, items = built[name]
    document = docx.Document(io.BytesIO(outputs(items)[data["slug"]].data))
    sections = [s for s in data["sections"] if "fields" in s or "table" in s]
    tables = document.tables
    assert len(tables) == len(sections)
    controls = 0
    for table, section in zip(tables, sections):
        rows = table._tbl.findall(qn("w:tr"))
        if "table" in section:
            declared = section["table"]
            header = [cell_text(tc) for tc in rows[0].findall(qn("w:tc"))]
            assert len(header) == len(declared["columns"])
            for got, column in zip(header, declared["columns"]):
                if "{%" not in column["header"]:
                    assert got == column["header"]
            assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None  # repeats on every page
            assert len(rows) == 1 + declared["rows"]
            prefill = declared.get("prefill") or ()
            controls += len(declared["columns"]) * declared["rows"] - len(prefill)
            if declared.get("prefill_from"):  # the closure tasks: task and who are printed, not filled in
                controls -= 2 * sum(1 for tr in rows[1:] if cell_text(tr.findall(qn("w:tc"))[0]))
            height = rows[1].find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
            assert int(height.get(qn("w:val"))) == round(declared["row_height_cm"] * 567)
        else:
            declared = section["fields"]
            per_row = declared.get("per_row", 1)
            assert len(rows) == math.ceil(len(declared["items"]) / per_row)
            labels = [cell_text(tc) for tr in rows for tc in tr.findall(qn("w:tc"))[0::2]]
            for item in declared["items"]:
                if "{" not in item["label"]:
                    assert item["label"] in labels
            controls += len(declared["items"])
    sdts = document.element.body.findall(f".//{qn('w:sdt')}")
    assert len(sdts) == controls  # every answer cell can be filled in on screen
    assert all(not "".join(t.text or "" for t in s.iter(qn("w:t"))) for s in sdts)  # and prints blank


@pytest.mark.parametrize("name", PROFILES)
def test_header_says_confidential_and_footer_names_the_form_and_version(built, name):
    profile, items = built[name]
    for slug, output in outputs(items).items():
        data = spec(slug)
        document = docx.Document(io.BytesIO(output.data))
        header = [p.text for p in document.sections[0].header.paragraphs]
        assert profile.organisation.name in header and "CONFIDENTIAL" in header
        footer = " ".join(p.text for p in document.sections[0].footer.paragraphs)
        assert f"{data['title']} · version {data['version']}" in footer
        assert document.paragraphs[0].text == data["title"]
        section = document.sections[0]
        assert (section.page_width > section.page_height) == bool(data.get("landscape"))
        assert round(min(section.page_width, section.page_height).cm, 1) == 21.0  # A4


def test_forms_carry_the_profiles_values(built):
    oak = {slug: docx.Document(io.BytesIO(o.data)) for slug, o in outputs(built["example.yaml"][1]).items()}
    river = {slug: docx.Document(io.BytesIO(o.data)) for slug, o in outputs(built["riverside-school.yaml"][1]).items()}

    def text(document):
        parts = [p.text for p in document.paragraphs]
        parts += [cell_text(tc) for tc in document.element.body.iter(qn("w:tc"))]
        return "\n".join(parts)

    assert "Jo Example" in text(oak["logging-a-concern"]) and "MARF" in text(oak["logging-a-concern"])
    assert "Category (1, 2 or 3)" in text(oak["vulnerable-pupil-register"])
    assert "Rating (red, amber, blue or yellow)" in text(river["vulnerable-pupil-register"])
    assert "the headteacher (Robin Placeholder) has agreed" in text(river["home-visit-record"])
    assert "CLOSURE 2026" in text(river["closure-checklist"]) and "MyConcern" in text(river["phone-call-record"])


def test_each_form_prints_on_its_declared_number_of_pages(built, pdf_pages):
    assert len(pdf_pages) == 2 * len(FORM_FILES)
    for (org, slug), count in pdf_pages.items():
        assert count == spec(slug)["pages"], (org, slug, count)


def test_closure_off_builds_no_closure_forms_and_the_manifest_says_so(tmp_path, monkeypatch):
    path = edited_profile(tmp_path, closure="closure:\n  enabled: false")
    profile, items = build(path)
    assert set(outputs(items)) == {"logging-a-concern", "case-record", "risk-assessment"}
    skipped = [item for item in items if isinstance(item, Skipped)]
    assert len(skipped) == len(CLOSURE_FORMS) and all(s.kind == "form" for s in skipped)

    from generator.documents import registry
    from generator.pack import build as build_module

    monkeypatch.setattr(registry, "PRODUCERS", (registry.forms,))
    build_module.build_pack(str(path), str(tmp_path / "out"), handbook=False, today=TODAY)
    folder = tmp_path / "out" / profile.organisation.id
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert len([s for s in manifest["skipped"] if s["kind"] == "form"]) == len(CLOSURE_FORMS)
    assert sorted(p.name for p in (folder / "forms").iterdir()) == ["case-record.docx", "logging-a-concern.docx", "risk-assessment.docx"]


def test_no_duty_rota_skips_only_the_rota(tmp_path):
    path = edited_profile(tmp_path, closure="closure:\n  enabled: true\n  duty_rota: false")
    _, items = build(path)
    assert "duty-rota" not in outputs(items) and "closure-checklist" in outputs(items)
    assert [s.reason.split(":")[0] for s in items if isinstance(s, Skipped)] == ["Closure"]


def test_hostile_organisation_name_comes_out_exactly(tmp_path):
    _, items = build(edited_profile(tmp_path, name=HOSTILE))
    document = docx.Document(io.BytesIO(outputs(items)["logging-a-concern"].data))
    assert HOSTILE in [p.text for p in document.sections[0].header.paragraphs]
    assert HOSTILE in document.paragraphs[1].text  # the intro names the organisation


def test_a_new_form_is_just_a_new_data_file(built):
    data = {"slug": "visitor-log", "title": "Visitor log", "version": "2", "requires": "closure.enabled",
            "sections": [{"heading": "Visitors to {{ org.name }}",
                          "table": {"columns": [{"header": "Name", "width": 2}, {"header": "Date", "type": "date"}],
                                    "rows": 3, "row_height_cm": 1.5}}]}
    profile = built["example.yaml"][0]
    inputs = BuildInputs.create(profile, TODAY)
    form = producer.build_form(data, {}, inputs.context("staff"), "visitor-log.yaml")
    table = [b for b in form.blocks if b.__class__.__name__ == "Table"][0]
    assert [r[0].text for r in table.header] == ["Name", "Date"] and len(table.rows) == 3
    assert form.blocks[0].text == "Visitors to Oakfield Learning Centre"
    assert [c.kind for c in form.tables[0].rows[1].cells] == ["text", "date"]


def test_forms_reproduce_byte_for_byte():
    first = outputs(build(ROOT / "profiles" / "example.yaml")[1])
    second = outputs(build(ROOT / "profiles" / "example.yaml")[1])
    assert all(first[k].data == second[k].data for k in first)
