"""The click layer: help is fast and light, profile text is never markup, errors are clean."""

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.review import review
from generator.errors import UserError
from generator.review.record import record_review
from generator.store.reviews import read_history

ROOT = Path(__file__).resolve().parents[2]


def test_help_lists_every_command_without_heavy_imports():
    code = (
        "import sys, generator.cli.review as c; from click.testing import CliRunner; "
        "r = CliRunner().invoke(c.review, ['--help']); print(r.output); "
        "print(sorted(m for m in ('docx', 'icalendar', 'rich', 'jinja2', 'sqlite3', 'yaml') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, encoding="utf-8").stdout
    for command in ("calendar", "diff", "evidence", "history", "record", "report", "status", "verify"):
        assert f"  {command} " in out
    assert out.strip().splitlines()[-1] == "[]"


def test_rich_markup_in_profile_text_is_printed_as_written(profiles, make_setting, today):
    path = make_setting(profiles, name="[/bold] Brackets [red]AP[/red]")
    record_review(path, without_pack=True, on=today, approved_by="[b]Board[/]", minute="[/]", today=today)
    status = CliRunner().invoke(review, ["status", str(profiles)], catch_exceptions=False)
    assert status.exit_code == 0, status.output
    assert "[/bold] Brackets [red]AP[/red]" in status.output and "[b]Board[/]" in status.output
    history = CliRunner().invoke(review, ["history", str(path)], catch_exceptions=False)
    assert history.exit_code == 0
    assert "Reviews of [/bold] Brackets [red]AP[/red]" in history.output and "[/]" in history.output


def test_history_without_entries_says_so(setting):
    result = CliRunner().invoke(review, ["history", str(setting)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == "No review of Brookside Learning Centre has been recorded yet.\n"
    listed = CliRunner().invoke(review, ["history", str(setting), "--json"], catch_exceptions=False)
    assert json.loads(listed.output) == {"organisation": "brookside-ap", "reviews": []}


def test_a_bad_date_is_a_usage_error(setting):
    result = CliRunner().invoke(review, ["record", str(setting), "--on", "1/9/2025", "--approved-by", "LB"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_an_invalid_profile_lists_its_problems_without_a_traceback(setting):
    setting.write_text(setting.read_text(encoding="utf-8").replace("kind: alternative_provision", "kind: spaceship"), encoding="utf-8")
    result = CliRunner().invoke(review, ["history", str(setting)])
    assert result.exit_code == 1
    assert "organisation.kind" in result.output and "Traceback" not in result.output


def test_a_locked_history_stops_the_record_and_keeps_profile_and_rows(setting, tmp_path, today):
    db = tmp_path / "h.sqlite"
    record_review(setting, without_pack=True, on=dt.date(2026, 1, 5), approved_by="Local Board", db=db, today=today)
    before = setting.read_bytes()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError, match="locked by another program"):
            record_review(setting, without_pack=True, on=today, approved_by="Local Board", db=db, today=today, busy_timeout=0.2)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert setting.read_bytes() == before
    assert [e.reviewed_on for e in read_history(db, "brookside-ap")] == [dt.date(2026, 1, 5)]


def test_the_main_cli_has_the_review_group():
    from generator.cli.main import cli

    result = CliRunner().invoke(cli, ["review", "--help"])
    assert result.exit_code == 0 and "record" in result.output
