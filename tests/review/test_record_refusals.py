"""Issue 17, point 1: `review record` refuses a pack it cannot vouch for.

Each refusal: exit 1, a message saying what to do, and the profile and the
review database exactly as they were (the database not even created).
"""

from __future__ import annotations

import json

import pytest
from evidence_kit import DAY, copy_profiles, policypack, snapshot

from generator.store.reviews import read_history


@pytest.fixture
def example(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYPACK_TODAY", DAY)
    return copy_profiles(tmp_path)


def record(profile, out, db, *extra, code=0):
    return policypack("review", "record", profile, "--on", "2026-11-20", "--approved-by", "Local Board",
                      "--minute", "LB 26/11", "--out", out, "--db", db, "--today", DAY, *extra, code=code)


def test_no_pack_in_out_is_refused(example, tmp_path):
    db = tmp_path / "history.sqlite3"
    before = snapshot(example, db)
    output = record(example, tmp_path / "elsewhere", db, code=1)
    assert "No pack of Oakfield Learning Centre was found in" in output
    assert "build it first (policypack build" in output and "Traceback" not in output
    assert snapshot(example, db) == before and not db.exists()


def test_a_pack_of_another_version_of_the_profile_is_refused_rebuild_first(example, tmp_path):
    out, db = tmp_path / "out", tmp_path / "history.sqlite3"
    policypack("build", example, "-o", out, "--no-handbook")
    # The board read this pack; then someone changed the profile.
    example.write_text(example.read_text(encoding="utf-8").replace("Jo Example", "Ruth Placeholder"),
                       encoding="utf-8")
    before, pack_before = snapshot(example, db), (out / "oakfield-ap" / "manifest.json").read_bytes()
    output = record(example, out, db, code=1)
    assert "was built from a different version of" in output and "rebuild first" in output
    assert snapshot(example, db) == before and not db.exists()
    assert (out / "oakfield-ap" / "manifest.json").read_bytes() == pack_before


def test_a_change_to_the_la_file_it_extends_also_needs_a_rebuild(example, tmp_path):
    out, db = tmp_path / "out", tmp_path / "history.sqlite3"
    policypack("build", example, "-o", out, "--no-handbook")
    la = example.parent / "la" / "leicestershire.yaml"
    la.write_text(la.read_text(encoding="utf-8") + "\n# a comment is a change too\n", encoding="utf-8")
    before = snapshot(example, db)
    assert "rebuild first" in record(example, out, db, code=1)
    assert snapshot(example, db) == before


def test_a_manifest_without_the_profile_hash_is_refused(example, tmp_path):
    """A pack from before issue 17 cannot show which profile it came from."""
    out, db = tmp_path / "out", tmp_path / "history.sqlite3"
    policypack("build", example, "-o", out, "--no-handbook")
    manifest = out / "oakfield-ap" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert len(data.pop("profile_sha256")) == 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    before = snapshot(example, db)
    assert "rebuild first" in record(example, out, db, code=1)
    assert snapshot(example, db) == before


def test_a_draft_pack_is_refused_unless_allow_draft(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYPACK_TODAY", DAY)
    from helpers import profile_variant

    profile = profile_variant(tmp_path, remove=("policy.answers.review-arrangements",))
    out, db = tmp_path / "out", tmp_path / "history.sqlite3"
    policypack("build", profile, "-o", out, "--no-handbook")
    assert json.loads((out / "oakfield-ap" / "manifest.json").read_text(encoding="utf-8"))["status"] == "draft"
    before = snapshot(profile, db)
    output = record(profile, out, db, code=1)
    assert "is a DRAFT" in output and "--allow-draft" in output
    assert snapshot(profile, db) == before and not db.exists()

    # With --allow-draft the approval is recorded, and the history says what was missing.
    output = record(profile, out, db, "--allow-draft")
    assert "Approved with 1 prompt(s) unanswered" in output
    [entry] = read_history(db, "oakfield-ap")
    assert entry.prompts_unanswered == 1 and entry.build_found
    history = policypack("review", "history", profile, "--db", db)
    assert "approved with 1 prompt unanswered" in history
    listed = json.loads(policypack("review", "history", profile, "--db", db, "--json"))
    assert listed["reviews"][0]["prompts_unanswered"] == 1

    import docx
    table = docx.Document(str(out / "oakfield-ap" / "safeguarding-policy.docx")).tables[0]
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert cells["Status"] == "Approved with 1 question still to complete"
