"""Twenty `review record` processes at once: twenty rows and a valid profile."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from generator.profile.load import load_profile
from generator.store.reviews import read_history

ROOT = Path(__file__).resolve().parents[2]
RUNS = 20


def test_twenty_concurrent_records_all_land(setting, tmp_path, today):
    db = tmp_path / "shared.sqlite"
    original = setting.read_text(encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "generator.cli.review", "record", str(setting), "--without-pack", "--on", "2026-03-01",
             "--approved-by", "Local Board", "--minute", f"LB {n:02d}", "--db", str(db)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        for n in range(RUNS)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    assert [code for code, _, _ in results] == [0] * RUNS, [err for _, _, err in results if err]

    entries = read_history(db, "brookside-ap")
    assert len(entries) == RUNS
    assert sorted(e.minute_ref for e in entries) == [f"LB {n:02d}" for n in range(RUNS)]
    assert len({e.id for e in entries}) == RUNS

    text = setting.read_text(encoding="utf-8")
    assert text == original.replace("2025-09-01   # board", "2026-03-01   # board").replace(
        "next_review:   2026-09-01", "next_review:   2027-03-01")
    profile = load_profile(str(setting), today=today, check_prompts=False).profile
    assert (profile.review.last_reviewed, profile.review.next_review) == (dt.date(2026, 3, 1), dt.date(2027, 3, 1))
    leftovers = [p.name for p in setting.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_concurrent_records_of_different_dates_never_move_the_profile_backwards(setting, tmp_path, today):
    """Under the profile lock each run sees the last run's dates: the history's
    dates only grow in commit order, the profile ends at the newest, and every
    refused run was refused for the right reason."""
    db = tmp_path / "shared.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    days = [dt.date(2026, 2, 1) + dt.timedelta(days=n) for n in range(12)]
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "generator.cli.review", "record", str(setting), "--without-pack", "--on", day.isoformat(),
             "--approved-by", "Local Board", "--db", str(db)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8"
        )
        for day in reversed(days)
    ]
    results = [(p.wait(timeout=120), *p.communicate()) for p in processes]
    landed = [code for code, _, _ in results if code == 0]
    refused = [err for code, _, err in results if code != 0]
    assert all("cannot move the dates backwards" in err for err in refused), refused
    entries = read_history(db, "brookside-ap")
    by_id = [e.reviewed_on for e in sorted(entries, key=lambda e: e.id)]
    assert len(entries) == len(landed) >= 1
    assert by_id == sorted(by_id)
    profile = load_profile(str(setting), today=today, check_prompts=False).profile
    assert profile.review.last_reviewed == by_id[-1]
