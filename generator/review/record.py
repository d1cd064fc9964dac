"""``review record``: one approved review, written to the profile and the history.

Order of work, so that nothing is half done:

1. take the profile's lock, then load and validate the profile under it
   (an invalid profile stops here: no database is created);
2. open the history (create / check / migrate it): a damaged or newer
   database stops here, before the profile is touched;
3. in one ``BEGIN IMMEDIATE`` transaction: insert the entry, then edit the
   profile's two dates in place; if the insert, the edit or the ``COMMIT``
   fails, the profile's old text is put back.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import UserError
from generator.review.dates import add_months, default_today
from generator.review.manifest import read_pack
from generator.review.snapshot import normalise, tool_version
from generator.review.yamledit import (
    profile_lock,
    read_text,
    update_review_dates,
    write_atomic,
)
from generator.store.reviews import (
    DEFAULT_BUSY_TIMEOUT,
    HistoryStore,
    NewReview,
    default_db_path,
)


@dataclass(frozen=True)
class Recorded:
    review_id: int
    organisation_id: str
    organisation_name: str
    profile_path: Path
    db_path: Path
    reviewed_on: dt.date
    next_review: dt.date
    build_found: bool
    documents: int
    documents_changed: int  # built files whose bytes no longer match the manifest


def _account() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a container
        return None


def load(path: Path, today: dt.date):
    """The typed profile (the tracker does not need the prompt catalogue)."""
    from generator.profile.load import load_profile

    return load_profile(str(path), today=today, check_prompts=False).profile


def record_review(
    profile_path: str | Path,
    *,
    on: dt.date,
    approved_by: str,
    minute: str | None = None,
    note: str | None = None,
    db: str | Path | None = None,
    out: str | Path = "out",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
) -> Recorded:
    today = today or default_today()
    path = Path(profile_path)
    if not path.is_file():
        raise UserError(f"The profile {path} does not exist.", "check the path of the profile")
    approved_by = (approved_by or "").strip()
    if not approved_by:
        raise UserError("--approved-by is empty.", "name the body that approved the review, e.g. 'Local Board'")
    if on > today:
        raise UserError(
            f"The review date {on.isoformat()} is in the future (today is {today.isoformat()}).",
            "record a review after the meeting that approved it",
        )
    recorded_at = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    db_path = default_db_path(path, db)

    with profile_lock(path):
        profile = load(path, today)
        current = profile.review
        if on < current.last_reviewed:
            raise UserError(
                f"{path} already says it was last reviewed on {current.last_reviewed.isoformat()}, "
                f"after {on.isoformat()}.",
                "check the date of the meeting; a review cannot move the dates backwards",
            )
        next_review = add_months(on, current.cycle_months)
        pack = read_pack(Path(out), profile.organisation.id)
        approved = replace(profile, review=replace(current, last_reviewed=on, next_review=next_review))
        entry = NewReview(
            organisation_id=profile.organisation.id,
            profile_path=str(path),
            reviewed_on=on,
            next_review=next_review,
            approved_by=approved_by,
            minute_ref=(minute or "").strip() or None,
            note=(note or "").strip() or None,
            reviewed_by=profile.review_owner.name,
            recorded_by=_account(),
            recorded_at=recorded_at,
            tool_version=tool_version(),
            snapshot=normalise(approved),
            build_found=pack.found,
            manifest_path=str(pack.manifest_path) if pack.manifest_path else None,
            documents=pack.documents,
        )
        original = read_text(path)
        edited = False
        with HistoryStore.open(db_path, busy_timeout=busy_timeout) as store:
            try:
                with store.transaction() as connection:
                    review_id = store.add_in(connection, entry)
                    _, new_text = update_review_dates(path, on, next_review)
                    edited = new_text != original
            except BaseException:
                if edited:  # the COMMIT failed after the edit: put the old text back
                    write_atomic(path, original.encode("utf-8"))
                raise
    return Recorded(
        review_id=review_id,
        organisation_id=profile.organisation.id,
        organisation_name=profile.organisation.name,
        profile_path=path,
        db_path=db_path,
        reviewed_on=on,
        next_review=next_review,
        build_found=pack.found,
        documents=len(pack.documents),
        documents_changed=sum(1 for d in pack.documents if d.on_disk != "same"),
    )
