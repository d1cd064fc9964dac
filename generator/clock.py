"""The one clock of policypack.

Every "today" and every timestamp written into a document comes from here,
so that builds are reproducible (``SOURCE_DATE_EPOCH``) and tests can pin
the date (``POLICYPACK_TODAY`` or :func:`set_today`).
"""

from __future__ import annotations

import datetime as dt
import os

_pinned: dt.date | None = None


def set_today(day: dt.date | None) -> None:
    """Pin today's date for this process (tests); ``None`` unpins it."""
    global _pinned
    _pinned = day


def today() -> dt.date:
    if _pinned is not None:
        return _pinned
    pinned = os.environ.get("POLICYPACK_TODAY")
    if pinned:
        return dt.date.fromisoformat(pinned)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def build_datetime(fallback: dt.date) -> dt.datetime:
    """The timestamp written into documents' core properties.

    ``SOURCE_DATE_EPOCH`` wins; otherwise midnight UTC of ``fallback`` (the
    profile's review date), never the wall clock, so that two builds of the
    same profile are byte-identical.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(fallback.year, fallback.month, fallback.day)
