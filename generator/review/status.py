"""``review status``: one row per organisation, from profiles on disk."""

from __future__ import annotations

import datetime as dt
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from generator.errors import ProfileInvalid, UserError
from generator.profile.discover import find_profiles
from generator.profile.model import Profile
from generator.review.dates import DEFAULT_WITHIN_DAYS, State, days_left, review_state
from generator.store.reviews import HistoryStore, ReviewEntry, default_db_path

SORT_KEYS = ("state", "next-review", "last-reviewed", "days-left", "name", "id")


@dataclass(frozen=True)
class StatusRow:
    path: str
    state: State
    organisation_id: str | None = None
    name: str | None = None
    last_reviewed: dt.date | None = None
    next_review: dt.date | None = None
    days_left: int | None = None
    approved_by: str | None = None  # the last recorded approver, else the profile's approving body
    owner: str | None = None
    last_recorded: dt.date | None = None  # the last review in the history
    reviews_recorded: int = 0
    problems: tuple[str, ...] = ()
    profile: Profile | None = field(default=None, compare=False, repr=False)
    history: tuple[ReviewEntry, ...] = field(default=(), compare=False, repr=False)

    def as_json(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return day.isoformat() if day else None

        return {
            "organisation_id": self.organisation_id,
            "name": self.name,
            "profile": self.path,
            "state": self.state.value,
            "last_reviewed": iso(self.last_reviewed),
            "next_review": iso(self.next_review),
            "days_left": self.days_left,
            "approved_by": self.approved_by,
            "owner": self.owner,
            "last_recorded": iso(self.last_recorded),
            "reviews_recorded": self.reviews_recorded,
            "problems": list(self.problems),
        }


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Profile files named, or found in folders (see ``generator.profile.discover``)."""
    return find_profiles(paths)


def load_row(path: Path, today: dt.date) -> Profile | tuple[str, ...]:
    """The profile, or the problems that stop it loading."""
    from generator.review.record import load

    try:
        return load(path, today)
    except ProfileInvalid as invalid:
        return tuple(p.format() for p in invalid.problems if p.severity == "error")
    except UserError as error:
        return (str(error),)


def status_rows(
    paths: Iterable[str | Path],
    *,
    today: dt.date,
    within: int = DEFAULT_WITHIN_DAYS,
    db: str | Path | None = None,
) -> list[StatusRow]:
    """One row per profile found under ``paths`` (unsorted: see ``sort_rows``)."""
    rows = []
    with ExitStack() as stack:
        stores: dict[Path, HistoryStore | None] = {}

        def history(profile_path: Path, organisation_id: str) -> tuple[ReviewEntry, ...]:
            db_path = default_db_path(profile_path, db)
            if db_path not in stores:
                try:
                    stores[db_path] = stack.enter_context(HistoryStore.open(db_path, create=False))
                except FileNotFoundError:
                    stores[db_path] = None
            store = stores[db_path]
            return tuple(store.history(organisation_id)) if store else ()

        for path in discover(paths):
            loaded = load_row(path, today)
            if not isinstance(loaded, Profile):
                rows.append(StatusRow(path=str(path), state=State.INVALID, problems=loaded))
                continue
            review = loaded.review
            entries = history(path, loaded.organisation.id)
            last = entries[-1] if entries else None
            rows.append(
                StatusRow(
                    path=str(path),
                    state=review_state(review.next_review, recorded=bool(entries), today=today, within=within),
                    organisation_id=loaded.organisation.id,
                    name=loaded.organisation.name,
                    last_reviewed=review.last_reviewed,
                    next_review=review.next_review,
                    days_left=days_left(review.next_review, today),
                    approved_by=last.approved_by if last else review.approved_by,
                    owner=loaded.review_owner.name,
                    last_recorded=last.reviewed_on if last else None,
                    reviews_recorded=len(entries),
                    profile=loaded,
                    history=entries,
                )
            )
    return rows


def _missing_last(value: Any) -> tuple[bool, Any]:
    return (value is None, value if value is not None else 0)


def sort_rows(rows: list[StatusRow], key: str = "state", reverse: bool = False) -> list[StatusRow]:
    """Sort by one of ``SORT_KEYS``; ties fall back to the organisation's name."""
    def name(row: StatusRow) -> str:
        return (row.name or row.path).casefold()

    keys = {
        "state": lambda r: (r.state.rank, _missing_last(r.days_left), name(r)),
        "next-review": lambda r: (_missing_last(r.next_review and r.next_review.toordinal()), name(r)),
        "last-reviewed": lambda r: (_missing_last(r.last_reviewed and r.last_reviewed.toordinal()), name(r)),
        "days-left": lambda r: (_missing_last(r.days_left), name(r)),
        "name": lambda r: (name(r),),
        "id": lambda r: ((r.organisation_id or "~" + r.path).casefold(),),
    }
    if key not in keys:
        raise UserError(f"Cannot sort by {key!r}.", f"use one of: {', '.join(SORT_KEYS)}")
    return sorted(rows, key=keys[key], reverse=reverse)


def exit_code(rows: list[StatusRow]) -> int:
    """3 when something is overdue; else 1 when a profile could not be read; else 0."""
    if any(r.state is State.OVERDUE for r in rows):
        return 3
    if any(r.state is State.INVALID for r in rows):
        return 1
    return 0
