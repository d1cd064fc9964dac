"""closure.active: a closure in force (dates and reason), separate from closure.enabled (readiness)."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys

import pytest
from helpers import run_cli

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from test_validation import VALID, problems, write  # noqa: E402

from generator.profile.load import load_profile

ACTIVE = "closure:\n  active:\n    from: 2026-11-20\n    until: 2026-11-27\n    reason: flooding in the main building\n"


def test_a_closure_in_force_loads_with_its_dates_and_reason(tmp_path):
    profile = load_profile(str(write(tmp_path, VALID + ACTIVE))).profile
    active = profile.closure.active
    assert (active.start, active.until, active.reason) == (dt.date(2026, 11, 20), dt.date(2026, 11, 27),
                                                           "flooding in the main building")
    assert [profile.closure.in_force(dt.date(2026, 11, d)) for d in (19, 20, 23, 27, 28)] == [
        False, True, True, True, False]


def test_no_active_key_means_ready_but_never_in_force(tmp_path):
    closure = load_profile(str(write(tmp_path, VALID))).profile.closure
    assert closure.enabled and closure.active is None and not closure.in_force(dt.date(2026, 11, 23))


def test_without_until_the_closure_stays_in_force(tmp_path):
    text = VALID + ACTIVE.replace("    until: 2026-11-27\n", "")
    closure = load_profile(str(write(tmp_path, text))).profile.closure
    assert closure.active.until is None and closure.in_force(dt.date(2030, 1, 1))


@pytest.mark.parametrize(("change", "key", "words"), [
    (("until: 2026-11-27", "until: 2026-11-19"), "closure.active.until", "before the closure's first day"),
    (("    reason: flooding in the main building\n", ""), "closure.active.reason", "required"),
    (("    from: 2026-11-20\n", ""), "closure.active.from", "required"),
    (("from: 2026-11-20", "from: next Monday"), "closure.active.from", "not a date"),
    (("closure:\n", "closure:\n  enabled: false\n"), "closure.active", "enabled: false"),
])
def test_mistakes_in_closure_active_are_errors_with_a_fix(tmp_path, change, key, words):
    old, new = change
    text = VALID + ACTIVE
    assert old in text
    found = problems(write(tmp_path, text.replace(old, new)))
    assert any(p.key == key and words in p.message for p in found), [p.format() for p in found]


def test_the_cli_names_file_line_and_key(tmp_path):
    path = write(tmp_path, VALID + ACTIVE.replace("until: 2026-11-27", "until: 2026-11-01"))
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert "closure.active.until: 2026-11-01 is before the closure's first day (2026-11-20)" in result.stderr
    assert "Traceback" not in result.stderr
