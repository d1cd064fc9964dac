"""`review calendar`: parses with icalendar, stable UIDs, all-day events, alarms."""

import datetime as dt

import icalendar
from click.testing import CliRunner

from generator.cli.review import review
from generator.review.record import record_review


def write_calendar(*args) -> bytes:
    result = CliRunner().invoke(review, ["calendar", *map(str, args)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_events_parse_with_alarms_and_all_day_dates(profiles, make_setting, tmp_path):
    make_setting(profiles)
    make_setting(profiles, org_id="old-mill-school", name="Old Mill & <Sons> School",
                 last="2024-09-01", next="2025-09-01")
    out = tmp_path / "reviews.ics"
    write_calendar(profiles, "-o", out)
    found = events(out)
    assert sorted(found) == ["brookside-ap-next-review@policypack", "old-mill-school-next-review@policypack"]
    event = found["brookside-ap-next-review@policypack"]
    assert event.decoded("DTSTART") == dt.date(2026, 9, 1)
    assert event.decoded("DTEND") == dt.date(2026, 9, 2)
    assert str(event["SUMMARY"]) == "Safeguarding policy review due: Brookside Learning Centre"
    assert event.decoded("DTSTAMP") == dt.datetime(2025, 9, 1, tzinfo=dt.timezone.utc)
    alarms = event.walk("VALARM")
    assert sorted(a.decoded("TRIGGER") for a in alarms) == [
        dt.timedelta(days=-60), dt.timedelta(days=-30), dt.timedelta(days=-7)]
    assert all(str(a["ACTION"]) == "DISPLAY" for a in alarms)
    assert str(found["old-mill-school-next-review@policypack"]["SUMMARY"]).endswith("Old Mill & <Sons> School")


def test_regenerating_gives_the_same_bytes_and_uids(profiles, make_setting, tmp_path):
    make_setting(profiles)
    write_calendar(profiles, "-o", tmp_path / "a.ics")
    write_calendar(profiles, "-o", tmp_path / "b.ics")
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()


def test_after_a_review_the_same_event_moves_with_a_higher_sequence(profiles, make_setting, tmp_path, today):
    path = make_setting(profiles)
    write_calendar(profiles, "-o", tmp_path / "before.ics")
    record_review(path, without_pack=True, on=today, approved_by="Local Board", today=today)
    write_calendar(profiles, "-o", tmp_path / "after.ics")
    before, after = events(tmp_path / "before.ics"), events(tmp_path / "after.ics")
    assert list(before) == list(after) == ["brookside-ap-next-review@policypack"]
    old, new = before["brookside-ap-next-review@policypack"], after["brookside-ap-next-review@policypack"]
    assert new.decoded("DTSTART") == dt.date(2027, 3, 2)
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])


def test_invalid_profiles_are_skipped_with_a_message(profiles, make_setting, tmp_path):
    make_setting(profiles)
    (profiles / "broken.yaml").write_text("organisation: {id: broken}\n", encoding="utf-8")
    result = write_calendar(profiles, "-o", tmp_path / "r.ics")
    assert "Wrote 1 review date(s)" in result.stdout
    assert "Skipped" in result.stderr and "broken.yaml" in result.stderr
    assert list(events(tmp_path / "r.ics")) == ["brookside-ap-next-review@policypack"]


def test_two_profiles_with_one_organisation_id_are_refused(profiles, make_setting, tmp_path):
    path = make_setting(profiles)
    (profiles / "brookside-copy.yaml").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(review, ["calendar", str(profiles), "-o", str(tmp_path / "r.ics")])
    assert result.exit_code == 1 and "both use organisation id 'brookside-ap'" in result.output
    assert not (tmp_path / "r.ics").exists()
