"""The review page's history (read-only from the review tracker) and the live preview's wiring."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from handbook_kit import build, profile_copy
from helpers import ROOT

from generator.handbook import pages
from generator.handbook.serve import watched_paths


def test_review_page_lists_recorded_reviews(tmp_path, monkeypatch):
    from generator.store import reviews as store
    db = tmp_path / "reviews.sqlite3"
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(db))
    with store.HistoryStore.open(db) as history:
        history.add(store.NewReview(
            organisation_id="oakfield-ap", profile_path="profiles/example.yaml", reviewed_on=dt.date(2025, 9, 3),
            next_review=dt.date(2026, 9, 1), approved_by="Local Board <b>", recorded_at="2025-09-03T10:00:00Z",
            tool_version="test", snapshot={}, minute_ref="LB/25/7", note="a private note about a family"))
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    html = (folder / "review.html").read_text(encoding="utf-8")
    assert "3 September 2025" in html and "LB/25/7" in html and "Local Board &lt;b&gt;" in html
    assert "private note" not in html  # notes stay in the tracker
    # The footer of every page takes the approval from the newest recorded review (dates: the profile's).
    for page in (folder / "index.html", folder / "policy" / "02-scope.html"):
        footer = page.read_text(encoding="utf-8").split('<dl class="pp-footer">', 1)[1].split("</dl>", 1)[0]
        assert "<dt>Approved</dt><dd>by Local Board &lt;b&gt; on 3 September 2025 (minute LB/25/7)</dd>" in footer
        assert "<dt>Last reviewed</dt><dd>1 September 2026</dd>" in footer
        assert "<dt>Next review</dt><dd>1 September 2027</dd>" in footer
        assert "<dt>Handbook built</dt><dd>23 November 2026</dd>" in footer


def test_review_page_without_history_shows_the_profile_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(tmp_path / "none.sqlite3"))
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    html = (folder / "review.html").read_text(encoding="utf-8")
    assert "1 September 2027" in html and "Review history" not in html
    footer = (folder / "index.html").read_text(encoding="utf-8").split('<dl class="pp-footer">', 1)[1]
    assert "<dt>Approved</dt><dd>Local Board</dd>" in footer and "<dd>1 September 2027</dd>" in footer


def test_a_damaged_history_does_not_stop_the_handbook(tmp_path, monkeypatch):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database at all" * 10)
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(bad))
    path = profile_copy(tmp_path)
    from generator.profile.load import load_profile

    assert pages.review_history(load_profile(str(path), dt.date(2026, 11, 23)).profile) == []


def test_live_preview_watches_the_profile_folder_templates_and_site(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    extra = tmp_path / "setting-templates"
    extra.mkdir()
    watched = watched_paths(str(profiles / "example.yaml"), (str(extra),))
    assert str(profiles) in watched and str(extra) in watched
    assert str(pages.SITE_DIR) in watched and str(ROOT / "templates") in watched


def test_live_preview_refuses_a_site_folder_inside_a_watched_folder(tmp_path):
    from generator.errors import UserError
    from generator.handbook.serve import check_not_watched

    watched = [str(tmp_path / "profiles")]
    with pytest.raises(UserError, match="--serve watches"):
        check_not_watched(str(tmp_path / "profiles" / "site"), watched)
    check_not_watched(str(tmp_path / "site"), watched)  # outside: fine
