"""``review calendar``: one all-day event per organisation's next review.

Re-importing the file must update events, not duplicate them, so:

- the UID names the organisation, not the date
  (``<organisation id>-next-review@policypack``): when a review is recorded
  and the date moves, the same event moves instead of a stale reminder
  staying behind at the old date;
- ``SEQUENCE`` grows with the date (days since 2000-01-01), so calendars
  accept the moved event as newer;
- ``DTSTAMP`` is fixed (midnight UTC of the last review), so the same
  profiles always give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from generator.review.status import StatusRow
from generator.review.wording import longdate, phrase

ALARM_DAYS = (60, 30, 7)
PRODID = "-//policypack//review calendar//EN"
SEQUENCE_EPOCH = dt.date(2000, 1, 1)


def uid(organisation_id: str) -> str:
    return f"{organisation_id}-next-review@policypack"


def build_calendar(rows: list[StatusRow]) -> bytes:
    """The iCalendar file for every row that has a next review date."""
    from icalendar import Alarm, Calendar, Event

    seen: dict[str, str] = {}
    for row in rows:
        if row.organisation_id in seen:
            from generator.errors import UserError

            raise UserError(
                f"{seen[row.organisation_id]} and {row.path} both use organisation id "
                f"{row.organisation_id!r}, so their reminders would replace each other.",
                "give each organisation its own organisation.id",
            )
        if row.organisation_id:
            seen[row.organisation_id] = row.path

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", phrase("calendar.name"))
    for row in sorted(rows, key=lambda r: r.organisation_id or ""):
        if row.organisation_id is None or row.next_review is None:
            continue
        day = row.next_review
        words = {
            "organisation": row.name,
            "date": longdate(day),
            "owner": row.owner or "",
            "approver": row.approved_by or "",
            "profile": row.path,
        }
        event = Event()
        event.add("uid", uid(row.organisation_id))
        stamp_day = row.last_reviewed or day
        event.add("dtstamp", dt.datetime(stamp_day.year, stamp_day.month, stamp_day.day, tzinfo=dt.timezone.utc))
        event.add("sequence", max(0, (day - SEQUENCE_EPOCH).days))
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))  # exclusive: one whole day
        event.add("summary", phrase("calendar.summary").format(**words))
        event.add("description", phrase("calendar.description").format(**words))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["Safeguarding"])
        for days in ALARM_DAYS:
            alarm = Alarm()
            alarm.add("uid", f"{row.organisation_id}-next-review-alarm-{days}@policypack")
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-days))
            alarm.add("description", phrase("calendar.alarm").format(days=days, **words))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()
