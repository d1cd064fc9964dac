"""Review states from dates: pure functions, ``today`` always passed in."""

from __future__ import annotations

import calendar
import datetime as dt
from enum import Enum

DEFAULT_WITHIN_DAYS = 60


class State(str, Enum):
    """Where an organisation stands in its review cycle (worst first)."""

    OVERDUE = "overdue"
    DUE_SOON = "due soon"
    NEVER_RECORDED = "never recorded"
    OK = "ok"
    INVALID = "invalid"  # the profile could not be loaded

    @property
    def rank(self) -> int:
        return list(State).index(self)


def default_today() -> dt.date:
    """The project clock (honours SOURCE_DATE_EPOCH)."""
    from generator.clock import today

    return today()


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end.

    29 February 2024 + 12 months is 28 February 2025.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def days_left(next_review: dt.date, today: dt.date) -> int:
    """Days until the next review; negative when it is overdue."""
    return (next_review - today).days


def review_state(
    next_review: dt.date | None,
    *,
    recorded: bool,
    today: dt.date,
    within: int = DEFAULT_WITHIN_DAYS,
) -> State:
    """The state of one organisation.

    Overdue and due soon come from the profile's ``next_review`` and win over
    everything else; a profile whose dates were never backed by a recorded
    review (no history entry) is "never recorded" rather than "ok".
    """
    if within < 0:
        raise ValueError("within must be zero or more days")
    if next_review is None:
        return State.NEVER_RECORDED
    left = days_left(next_review, today)
    if left < 0:
        return State.OVERDUE
    if left <= within:
        return State.DUE_SOON
    if not recorded:
        return State.NEVER_RECORDED
    return State.OK
