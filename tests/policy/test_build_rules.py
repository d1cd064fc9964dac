"""Build rules: escaping, drafts, reproducible bytes, all-or-nothing output."""

from __future__ import annotations

import hashlib
import json
import os

import docx
import pytest
import yaml
from helpers import run_cli

from generator.errors import ProfileInvalid
from generator.pack.build import build_pack

HOSTILE_NAME = 'Smith & Jones <Learning> "Centre" {{ 7*7 }}'


def _set(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _digests(folder) -> dict:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in sorted(os.listdir(folder)) if (folder / name).is_file()}


def test_hostile_organisation_name_comes_out_exactly(profiles_copy, tmp_path):
    example = profiles_copy / "example.yaml"
    _set(example, "name: Oakfield Learning Centre", "name: '" + HOSTILE_NAME.replace("'", "''") + "'")
    build_pack(str(example), str(tmp_path / "out"), handbook=False)
    policy = docx.Document(tmp_path / "out/oakfield-ap/safeguarding-policy.docx")
    body = "\n".join(p.text for p in policy.paragraphs)
    assert HOSTILE_NAME in body
    assert "49" not in body.split(HOSTILE_NAME)[0][-5:]  # {{ 7*7 }} was not evaluated
    header = "\n".join(p.text for s in policy.sections for p in s.header.paragraphs)
    header += "\n".join(c.text for s in policy.sections for t in s.header.tables for r in t.rows for c in r.cells)
    assert HOSTILE_NAME in header
    assert policy.core_properties.author == HOSTILE_NAME


def test_removing_an_answer_makes_a_draft_and_check_names_it(profiles_copy, tmp_path):
    example = profiles_copy / "example.yaml"
    from generator.sources.prompts import catalogue

    prompt = next(iter(catalogue(kind="alternative_provision").values()))  # the example is an AP: its wording
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    del data["policy"]["answers"][prompt.id]
    example.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    report = build_pack(str(example), str(tmp_path / "out"), handbook=False)
    assert [p.id for p in report.missing] == [prompt.id]
    policy = docx.Document(tmp_path / "out/oakfield-ap/safeguarding-policy.docx")
    assert policy.core_properties.title.startswith("DRAFT")
    body = "\n".join(p.text for p in policy.paragraphs)
    assert "TO COMPLETE" in body and prompt.question in body
    header = "\n".join(p.text for s in policy.sections for p in s.header.paragraphs)
    header += "\n".join(c.text for s in policy.sections for t in s.header.tables for r in t.rows for c in r.cells)
    assert "DRAFT" in header
    manifest = json.loads((tmp_path / "out/oakfield-ap/manifest.json").read_text(encoding="utf-8"))
    assert next(d for d in manifest["documents"] if d["kind"] == "policy")["status"] == "draft"
    check = run_cli("check", str(example))
    assert check.returncode == 1 and prompt.id in check.stdout


def test_building_twice_gives_identical_bytes(profiles_copy, tmp_path):
    example = str(profiles_copy / "example.yaml")
    build_pack(example, str(tmp_path / "one"), handbook=False)
    build_pack(example, str(tmp_path / "two"), handbook=False)
    one, two = _digests(tmp_path / "one/oakfield-ap"), _digests(tmp_path / "two/oakfield-ap")
    assert len(one) >= 2 and one == two


def test_source_date_epoch_sets_the_document_dates(profiles_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build_pack(str(profiles_copy / "example.yaml"), str(tmp_path / "out"), handbook=False)
    props = docx.Document(tmp_path / "out/oakfield-ap/safeguarding-policy.docx").core_properties
    assert props.created.year == 2026 and props.created.month == 1 and props.modified == props.created


def test_a_failing_build_leaves_the_previous_pack_untouched(profiles_copy, tmp_path):
    example = profiles_copy / "example.yaml"
    out = tmp_path / "out"
    build_pack(str(example), str(out), handbook=False)
    before = _digests(out / "oakfield-ap")
    _set(example, 'phone: "0116 496 0001"', "phone: 01163050005")
    with pytest.raises(ProfileInvalid):
        build_pack(str(example), str(out), handbook=False)
    assert _digests(out / "oakfield-ap") == before
    assert sorted(os.listdir(out)) == ["oakfield-ap"]  # no temporary folder left behind


def test_a_template_error_midway_leaves_nothing_new(profiles_copy, tmp_path):
    override = profiles_copy / "overrides" / "policy"
    override.mkdir(parents=True)
    (override / "02-scope.md").write_text("# Scope\n\n{{ people.dsl.shoe_size }}\n", encoding="utf-8")
    example = profiles_copy / "example.yaml"
    _set(example, "policy:\n", "templates:\n  dir: overrides\n\npolicy:\n")
    result = run_cli("build", str(example), "-o", str(tmp_path / "out"), "--no-handbook")
    assert result.returncode == 1
    assert "02-scope.md" in result.stderr and "shoe_size" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # rendering failed before anything was written


def test_a_setting_can_override_one_section(profiles_copy, tmp_path):
    override = profiles_copy / "overrides" / "policy"
    override.mkdir(parents=True)
    (override / "02-scope.md").write_text("# Who this policy applies to\n\nEveryone at {{ org.name }}, always.\n", encoding="utf-8")
    example = profiles_copy / "example.yaml"
    _set(example, "policy:\n", "templates:\n  dir: overrides\n\npolicy:\n")
    build_pack(str(example), str(tmp_path / "out"), handbook=False)
    body = "\n".join(p.text for p in docx.Document(tmp_path / "out/oakfield-ap/safeguarding-policy.docx").paragraphs)
    assert "Everyone at Oakfield Learning Centre, always." in body
