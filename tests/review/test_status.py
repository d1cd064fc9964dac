"""`review status` over folders of real profiles: rows, sorting, JSON, CSV, exit codes."""

import csv
import io
import json

from click.testing import CliRunner

from generator.cli.review import review
from generator.review.record import record_review
from generator.review.status import discover


def invoke(*args):
    return CliRunner().invoke(review, ["status", *map(str, args)], catch_exceptions=False)


def folder_with_one_overdue(profiles, make_setting):
    make_setting(profiles, org_id="brookside-ap", name="Brookside Learning Centre",
                 last="2025-09-01", next="2026-09-01")
    make_setting(profiles, org_id="old-mill-school", name="Old Mill School",
                 last="2024-09-01", next="2025-09-01")
    make_setting(profiles, org_id="soon-ap", name="Soon AP", last="2025-04-01", next="2026-04-01")
    return profiles


def test_one_overdue_profile_exits_3_and_is_listed_first(profiles, make_setting):
    folder_with_one_overdue(profiles, make_setting)
    result = invoke(profiles)
    assert result.exit_code == 3
    lines = [line.split() for line in result.output.splitlines() if "20" in line and "overview" not in line]
    assert lines == [  # COLUMNS=200: every column shows
        ["Old", "Mill", "School", "overdue", "2024-09-01", "2025-09-01", "-182", "Local", "Board", "Jo", "Example"],
        ["Soon", "AP", "due", "soon", "2025-04-01", "2026-04-01", "30", "Local", "Board", "Jo", "Example"],
        ["Brookside", "Learning", "Centre", "never", "recorded", "2025-09-01", "2026-09-01", "183", "Local",
         "Board", "Jo", "Example"],
    ]  # and the LA parent file is not a row


def test_a_narrow_terminal_keeps_the_essential_columns(profiles, make_setting, monkeypatch):
    folder_with_one_overdue(profiles, make_setting)
    monkeypatch.setenv("COLUMNS", "80")
    result = invoke(profiles)
    assert max(len(line) for line in result.output.splitlines()) <= 80
    assert ["Old", "Mill", "School", "overdue", "2025-09-01", "-182"] in [l.split() for l in result.output.splitlines()]
    assert "Owner" not in result.output


def test_json_parses_and_carries_every_column(profiles, make_setting):
    folder_with_one_overdue(profiles, make_setting)
    result = invoke(profiles, "--json", "--sort", "name")
    assert result.exit_code == 3
    data = json.loads(result.output)
    assert data["today"] == "2026-03-02" and data["within_days"] == 60
    rows = data["organisations"]
    assert [r["organisation_id"] for r in rows] == ["brookside-ap", "old-mill-school", "soon-ap"]
    old = rows[1]
    assert old == {
        "organisation_id": "old-mill-school", "name": "Old Mill School",
        "profile": str(profiles / "old-mill-school.yaml"), "state": "overdue",
        "last_reviewed": "2024-09-01", "next_review": "2025-09-01", "days_left": -182,
        "approved_by": "Local Board", "owner": "Jo Example", "last_recorded": None,
        "reviews_recorded": 0, "problems": [],
    }


def test_nothing_overdue_exits_0_and_recorded_reviews_are_ok(profiles, make_setting, today, tmp_path):
    path = make_setting(profiles)
    record_review(path, without_pack=True, on=today, approved_by="Trust Board", minute="TB 1", today=today)
    result = invoke(profiles, "--json")
    assert result.exit_code == 0
    [row] = json.loads(result.output)["organisations"]
    assert (row["state"], row["approved_by"], row["last_recorded"], row["reviews_recorded"]) == (
        "ok", "Trust Board", "2026-03-02", 1)


def test_within_moves_the_due_soon_line(profiles, make_setting):
    make_setting(profiles, last="2025-04-20", next="2026-04-20")  # 49 days away
    assert json.loads(invoke(profiles, "--json").output)["organisations"][0]["state"] == "due soon"
    assert json.loads(invoke(profiles, "--json", "--within", "30").output)["organisations"][0]["state"] == (
        "never recorded")


def test_csv_has_a_header_and_one_row_per_organisation(profiles, make_setting):
    folder_with_one_overdue(profiles, make_setting)
    result = invoke(profiles, "--csv", "--sort", "days-left", "--reverse")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["organisation_id"] for r in rows] == ["brookside-ap", "soon-ap", "old-mill-school"]
    assert rows[2]["state"] == "overdue" and rows[2]["days_left"] == "-182"


def test_an_invalid_profile_is_a_row_and_exits_1_when_nothing_is_overdue(profiles, make_setting):
    make_setting(profiles)
    bad = make_setting(profiles, org_id="broken-ap")
    bad.write_text(bad.read_text(encoding="utf-8").replace("kind: alternative_provision", "kind: spaceship"), encoding="utf-8")
    result = CliRunner().invoke(review, ["status", str(profiles), "--json"])
    assert result.exit_code == 1
    rows = json.loads(result.stdout)["organisations"]
    broken = [r for r in rows if r["state"] == "invalid"]
    assert len(broken) == 1 and broken[0]["profile"].endswith("broken-ap.yaml")
    assert any("organisation.kind" in p for p in broken[0]["problems"])


def test_overdue_wins_over_an_invalid_profile_for_the_exit_code(profiles, make_setting):
    folder_with_one_overdue(profiles, make_setting)
    (profiles / "broken.yaml").write_text("organisation: {id: broken}\n", encoding="utf-8")
    assert invoke(profiles).exit_code == 3


def test_named_files_and_default_folder(profiles, make_setting, monkeypatch):
    path = make_setting(profiles, org_id="old-mill-school", last="2024-09-01", next="2025-09-01")
    assert invoke(path).exit_code == 3
    monkeypatch.chdir(profiles.parent)
    assert "old-mill-school" in invoke("--json").output  # default: profiles/


def test_a_missing_path_is_a_user_error(tmp_path):
    result = CliRunner().invoke(review, ["status", str(tmp_path / "nowhere")])
    assert result.exit_code == 1 and "does not exist" in result.output


def test_discover_skips_hidden_files_and_la_parents(profiles, make_setting):
    make_setting(profiles)
    (profiles / ".brookside-ap.yaml.lock").write_text("", encoding="utf-8")
    (profiles / ".hidden").mkdir()
    make_setting(profiles / ".hidden", org_id="ghost-ap")
    assert [p.name for p in discover([profiles])] == ["brookside-ap.yaml"]


def test_a_corrupt_history_is_a_clear_error_and_left_alone(profiles, make_setting):
    make_setting(profiles)
    db = profiles / "reviews.sqlite3"
    db.write_bytes(b"not a database" * 50)
    result = CliRunner().invoke(review, ["status", str(profiles)])
    assert result.exit_code == 1
    assert "not a SQLite database" in result.output and "Traceback" not in result.output
    assert db.read_bytes() == b"not a database" * 50
