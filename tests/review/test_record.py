"""Acceptance: three recorded reviews, edits between them, history, diff, bytes kept."""

import datetime as dt
import json
import sqlite3

import pytest
from click.testing import CliRunner

from generator.cli.review import review
from generator.errors import ProfileInvalid, UserError
from generator.review.record import record_review
from generator.store.reviews import read_history

D = dt.date


def run(*args, code=0):
    result = CliRunner().invoke(review, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def changed_lines(before: str, after: str) -> list[int]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [i for i, (a, b) in enumerate(zip(old, new)) if a != b]


def test_three_reviews_with_edits_between_them(setting, profiles, tmp_path):
    db = tmp_path / "history.sqlite"
    original = setting.read_text(encoding="utf-8")

    # 1st review: only the two date lines change, every other byte is kept.
    run("record", setting, "--without-pack", "--on", "2025-09-15", "--approved-by", "Local Board", "--minute", "LB 25/09",
        "--db", db, "--today", "2025-09-20")
    first = setting.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    assert [lines[i] for i in changed_lines(original, first)] == [
        "  last_reviewed: 2025-09-01   # board meeting\n",
        "  next_review:   2026-09-01\n",
    ]
    assert first == original.replace("2025-09-01   # board", "2025-09-15   # board").replace(
        "next_review:   2026-09-01", "next_review:   2026-09-15")

    # Edit the profile: a new DSL, a new deputy, a changed answer, an LA contact change.
    edited = (first.replace("Jo Example        # the DSL", "Ruth Placeholder  # the DSL")
              .replace("      private: true\n", "      private: true\n    - name: Alex Other\n"
                       "      phone: \"0116 496 0124\"\n")
              .replace("by 10am on the first day", "by 9.30am on the first day"))
    setting.write_text(edited, encoding="utf-8")
    la = profiles / "la" / "exampleshire.yaml"
    la_before = la.read_bytes()
    la.write_text(la.read_text(encoding="utf-8").replace('phone: "0116 496 0502"', 'phone: "0116 496 0599"'), encoding="utf-8")

    diff_text = run("diff", setting, "--db", db, "--today", "2026-03-01")
    assert diff_text.splitlines() == [
        "What changed since the review of 15 September 2025:",
        "- The DSL changed from Jo Example to Ruth Placeholder.",
        "- Deputy DSL added: Alex Other.",
        "- LADO phone changed from 0116 496 0502 to 0116 496 0599.",
        "- Answer to prompt attendance changed.",
    ]

    # 2nd review.
    run("record", setting, "--without-pack", "--on", "2026-03-01", "--approved-by", "Local Board", "--minute", "LB 26/03",
        "--note", "New DSL", "--db", db, "--today", "2026-03-02")
    second = setting.read_text(encoding="utf-8")
    assert [edited.splitlines()[i] for i in changed_lines(edited, second)] == [
        "  last_reviewed: 2025-09-15   # board meeting",
        "  next_review:   2026-09-15",
    ]
    assert second.replace("2026-03-01   # board", "2025-09-15   # board").replace(
        "next_review:   2027-03-01", "next_review:   2026-09-15") == edited
    assert "Nothing has changed since the review of 1 March 2026." in run("diff", setting, "--db", db)

    # Edit again: the deputy leaves, the KCSIE edition cited changes.
    third_edit = second.replace("    - name: Alex Other\n      phone: \"0116 496 0124\"\n", "").replace(
        "kind: alternative_provision\n", "kind: alternative_provision\n\nguidance:\n  kcsie: 2027\n  editions:\n"
        "    - {series: kcsie, edition: 2027, in_force: 2027-09-01}\n")  # published ahead: the documents cite it
    setting.write_text(third_edit, encoding="utf-8")
    assert run("diff", setting, "--db", db).splitlines()[1:] == [
        "- Deputy DSL removed: Alex Other.",
        "- The edition of Keeping Children Safe in Education cited changed from 2025 to 2027.",  # 2025 was in force at the last review
    ]

    # 3rd review.
    run("record", setting, "--without-pack", "--on", "2026-03-02", "--approved-by", "Governing Body", "--db", db)
    third = setting.read_text(encoding="utf-8")
    assert len(changed_lines(third_edit, third)) == 2
    assert "# Brookside Learning Centre: fictional.\n" in third and "# the AP's board\n" in third

    # The history: three entries, in order, with their snapshots and details.
    entries = read_history(db, "brookside-ap")
    assert [(e.reviewed_on, e.next_review, e.approved_by, e.minute_ref) for e in entries] == [
        (D(2025, 9, 15), D(2026, 9, 15), "Local Board", "LB 25/09"),
        (D(2026, 3, 1), D(2027, 3, 1), "Local Board", "LB 26/03"),
        (D(2026, 3, 2), D(2027, 3, 2), "Governing Body", None),
    ]
    assert [e.snapshot["people"]["dsl"]["name"] for e in entries] == ["Jo Example", "Ruth Placeholder",
                                                                      "Ruth Placeholder"]
    assert [len(e.snapshot["people"]["deputy_dsls"]) for e in entries] == [1, 2, 1]
    assert entries[1].note == "New DSL" and entries[0].reviewed_by == "Jo Example"
    assert entries[1].snapshot["review"]["last_reviewed"] == "2026-03-01"
    assert all(e.tool_version and not e.build_found for e in entries)

    listed = json.loads(run("history", setting, "--db", db, "--json"))
    assert [r["reviewed_on"] for r in listed["reviews"]] == ["2025-09-15", "2026-03-01", "2026-03-02"]
    table = run("history", setting, "--db", db)
    assert "LB 26/03" in table and "Governing Body" in table
    assert la.read_bytes() != la_before and b"last_reviewed: 2025-01-01" in la.read_bytes()  # parent untouched


def test_keys_only_in_the_la_parent_are_added_to_the_childs_review_mapping(profiles, tmp_path, today):
    path = profiles / "child.yaml"
    text = (
        "# child\nschema_version: 1\nextends: la/exampleshire.yaml\n"
        "organisation:\n  id: child-ap\n  name: Child AP\n  kind: alternative_provision\n"
        "people:\n  dsl:\n    name: Jo Example\n"
        "review:\n  approved_by: Local Board  # keep\n"
    )
    path.write_text(text, encoding="utf-8")
    la_before = (profiles / "la" / "exampleshire.yaml").read_bytes()
    record_review(path, without_pack=True, on=D(2026, 2, 1), approved_by="Local Board", db=tmp_path / "h.sqlite", today=today)
    assert path.read_text(encoding="utf-8") == text + "  last_reviewed: 2026-02-01\n  next_review: 2027-02-01\n"
    assert (profiles / "la" / "exampleshire.yaml").read_bytes() == la_before


def test_cycle_months_sets_the_next_review(profiles, tmp_path, today, make_setting):
    path = make_setting(profiles)
    path.write_text(path.read_text(encoding="utf-8").replace("  owner: dsl\n", "  owner: dsl\n  cycle_months: 6\n"), encoding="utf-8")
    done = record_review(path, without_pack=True, on=D(2026, 2, 28), approved_by="Local Board", db=tmp_path / "h.sqlite",
                         today=today)
    assert done.next_review == D(2026, 8, 28)
    assert "next_review:   2026-08-28\n" in path.read_text(encoding="utf-8")


# The recording of a real pack's sha256 (files and the handbook folder), and
# `verify` against it, are in tests/review/test_evidence_cycle.py: `record`
# now refuses the hand-made manifests these tests used (issue 17).


def test_no_build_is_recorded_as_none_found(setting, tmp_path):
    output = run("record", setting, "--without-pack", "--on", "2026-03-01", "--approved-by", "Local Board",
                 "--db", tmp_path / "h.sqlite", "--out", tmp_path / "nothing-here")
    assert "No documents were recorded (--without-pack)." in output
    [entry] = read_history(tmp_path / "h.sqlite", "brookside-ap")
    assert entry.build_found is False and entry.documents == () and entry.manifest_path is None


def test_a_broken_manifest_is_a_user_error_and_nothing_changes(setting, tmp_path, today):
    pack = tmp_path / "out" / "brookside-ap"
    pack.mkdir(parents=True)
    (pack / "manifest.json").write_text("{not json", encoding="utf-8")
    before = setting.read_bytes()
    with pytest.raises(UserError, match="manifest"):
        record_review(setting, on=D(2026, 3, 1), approved_by="Local Board", out=tmp_path / "out",
                      db=tmp_path / "h.sqlite", today=today)
    assert setting.read_bytes() == before
    assert read_history(tmp_path / "h.sqlite", "brookside-ap") == []


@pytest.mark.parametrize(
    "on, approved_by, words",
    [
        (D(2026, 3, 3), "Local Board", "in the future"),
        (D(2025, 8, 1), "Local Board", "cannot move the dates backwards"),
        (D(2026, 3, 1), "  ", "--approved-by is empty"),
    ],
)
def test_impossible_reviews_are_refused_and_nothing_is_written(setting, tmp_path, today, on, approved_by, words):
    before = setting.read_bytes()
    with pytest.raises(UserError) as caught:
        record_review(setting, without_pack=True, on=on, approved_by=approved_by, db=tmp_path / "h.sqlite", today=today)
    assert words in str(caught.value)
    assert setting.read_bytes() == before
    assert read_history(tmp_path / "h.sqlite", "brookside-ap") == []


def test_an_invalid_profile_is_refused_before_anything_is_written(setting, tmp_path, today):
    setting.write_text(setting.read_text(encoding="utf-8").replace("kind: alternative_provision", "kind: spaceship"), encoding="utf-8")
    before = setting.read_bytes()
    with pytest.raises(ProfileInvalid):
        record_review(setting, without_pack=True, on=D(2026, 3, 1), approved_by="Local Board", db=tmp_path / "h.sqlite",
                      today=today)
    assert setting.read_bytes() == before
    assert not (tmp_path / "h.sqlite").exists()


def test_a_corrupt_database_stops_the_record_and_the_profile_is_unchanged(setting, tmp_path):
    db = tmp_path / "h.sqlite"
    db.write_bytes(b"garbage" * 100)
    before = setting.read_bytes()
    result = CliRunner().invoke(review, ["record", str(setting), "--without-pack", "--on", "2026-03-01", "--approved-by", "LB",
                                         "--db", str(db)])
    assert result.exit_code == 1
    assert "not a SQLite database" in result.output and "fix:" in result.output
    assert "Traceback" not in result.output
    assert setting.read_bytes() == before and db.read_bytes() == b"garbage" * 100


def test_the_environment_variable_chooses_the_database(setting, tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(tmp_path / "env.sqlite"))
    run("record", setting, "--without-pack", "--on", "2026-03-01", "--approved-by", "Local Board")
    assert len(read_history(tmp_path / "env.sqlite", "brookside-ap")) == 1
    assert not (setting.parent / "reviews.sqlite3").exists()


def test_the_default_database_sits_beside_the_profile(setting):
    run("record", setting, "--without-pack", "--on", "2026-03-01", "--approved-by", "Local Board")
    assert len(read_history(setting.parent / "reviews.sqlite3", "brookside-ap")) == 1


def test_diff_without_a_recorded_review_says_how_to_record_one(setting, tmp_path):
    result = CliRunner().invoke(review, ["diff", str(setting), "--db", str(tmp_path / "h.sqlite")])
    assert result.exit_code == 1
    assert "No review of Brookside Learning Centre has been recorded yet" in result.output
    assert "policypack review record" in result.output


def test_a_commit_that_fails_after_the_edit_puts_the_profile_back(setting, tmp_path, today):
    """A deferred foreign key makes SQLite refuse the COMMIT itself, after the
    profile was already edited: the old text must come back, and no row stays."""
    db = tmp_path / "h.sqlite"
    record_review(setting, without_pack=True, on=D(2026, 1, 5), approved_by="Local Board", db=db, today=today)
    with sqlite3.connect(db) as raw:
        raw.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
        raw.execute("CREATE TABLE guard (ref INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
        raw.execute("CREATE TRIGGER trip AFTER INSERT ON reviews BEGIN INSERT INTO guard VALUES (42); END")
    raw.close()
    before = setting.read_bytes()
    with pytest.raises(UserError, match="refused the entry"):
        record_review(setting, without_pack=True, on=today, approved_by="Local Board", db=db, today=today)
    assert setting.read_bytes() == before
    assert [e.reviewed_on for e in read_history(db, "brookside-ap")] == [D(2026, 1, 5)]
