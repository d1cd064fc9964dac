"""``review record``: one approved review, written to the profile, the history and the pack.

Order of work, so that nothing is half done:

1. take the profile's lock, then load and validate the profile under it
   (an invalid profile stops here: no database is created);
2. check the pack in ``--out`` (see ``approvable_pack``): it must exist, be
   built from this very version of the profile, and be complete (or
   ``--allow-draft``); read the history (a damaged or newer database stops
   here).  Every refusal comes before anything is written;
3. edit the profile's two dates in place, then rebuild the pack from it with
   the new approval, so that the published documents print it (document
   control, footers, handbook).  Just before the new pack is swapped in, one
   ``BEGIN IMMEDIATE`` transaction inserts the entry with the sha256 of those
   published files.  If the build or the ``COMMIT`` fails, the profile's old
   text is put back and the old pack stays.  If only the final swap fails,
   the approval stands: rebuilding gives the same bytes (builds reproduce).

``without_pack`` records the profile's approval alone (the history says that
no documents were recorded), for settings that publish no pack.
"""

from __future__ import annotations

import datetime as dt
import getpass
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import UserError
from generator.documents.policy import missing_prompts
from generator.profile.digest import profile_sha256
from generator.review.dates import add_months, default_today
from generator.review.manifest import MANIFEST, BuiltPack, read_pack
from generator.review.snapshot import normalise, tool_version
from generator.review.yamledit import (
    profile_lock,
    read_text,
    update_review_dates,
    write_atomic,
)
from generator.store.reviews import (
    DEFAULT_BUSY_TIMEOUT,
    Approval,
    DocumentHash,
    HistoryStore,
    NewReview,
    approvals,
    default_db_path,
    writer_lock,
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
    prompts_unanswered: int = 0
    pack_folder: str | None = None  # the rebuilt pack


def _account() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError, ImportError):
        # no user name in a container; on Windows without USERNAME, Python
        # before 3.13 falls back to the POSIX-only pwd module and fails to import it
        return None


def load(path: Path, today: dt.date):
    """The typed profile (the tracker does not need the prompt catalogue)."""
    from generator.profile.load import load_profile

    return load_profile(str(path), today=today, check_prompts=False).profile


def approvable_pack(out: Path, profile, digest: str, allow_draft: bool) -> BuiltPack:
    """The pack in ``out``, or a ``UserError`` saying why it cannot be approved."""
    org = profile.organisation
    pack = read_pack(out, org.id)
    build = f"policypack build {profile.source} -o {out}"
    if not pack.found:
        raise UserError(
            f"No pack of {org.name} was found in {out} (looked for {out / org.id / 'manifest.json'}).",
            f"build it first ({build}), or point --out at the folder you built it in",
        )
    if pack.profile_sha256 != digest:
        raise UserError(
            f"The pack in {out / org.id} was built from a different version of {profile.source}: "
            "the approval would not match the documents the board read.",
            f"rebuild first ({build}), check the documents again, then record the review",
        )
    if pack.status == "draft" and not allow_draft:
        raise UserError(
            f"The pack in {out / org.id} is a DRAFT: policy questions are still unanswered.",
            f"answer them (policypack check {profile.source} lists them) and rebuild, or add --allow-draft "
            "if the board approved the policy as it is",
        )
    return pack


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
    allow_draft: bool = False,
    without_pack: bool = False,
) -> Recorded:
    today = today or default_today()
    path = Path(profile_path)
    out = Path(out)
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
        pack = None if without_pack else approvable_pack(out, profile, profile_sha256(str(path)), allow_draft)
        earlier = approvals(db_path, profile.organisation.id)  # a damaged database stops here
        unanswered = len(missing_prompts(profile)) if pack is not None else 0
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
            prompts_unanswered=unanswered,
        )
        original = read_text(path)
        state = {"edited": False, "committed": False, "review_id": 0, "documents": ()}

        def commit(final: NewReview) -> None:
            with writer_lock(db_path, busy_timeout), HistoryStore.open(db_path, busy_timeout=busy_timeout) as store:
                with store.transaction() as connection:
                    state["review_id"] = store.add_in(connection, final)
            state["committed"] = True

        try:
            _, new_text = update_review_dates(path, on, next_review)
            state["edited"] = new_text != original
            entry = replace(entry, profile_sha256=profile_sha256(str(path)))
            if pack is None:
                commit(entry)
                folder = None
            else:
                folder = _rebuild(path, out, pack, entry, earlier, commit, state)
        except BaseException as exc:
            if state["edited"] and not state["committed"]:  # put the old text back
                write_atomic(path, original.encode("utf-8"))
            if isinstance(exc, OSError):  # a full disk or a size limit: the transaction was rolled back
                from generator.writer import disk_fix

                raise UserError(f"cannot write {exc.filename or path}: {exc.strerror or exc}; nothing was recorded",
                                disk_fix(exc)) from None
            raise
    return Recorded(
        review_id=state["review_id"],
        organisation_id=profile.organisation.id,
        organisation_name=profile.organisation.name,
        profile_path=path,
        db_path=db_path,
        reviewed_on=on,
        next_review=next_review,
        build_found=pack is not None,
        documents=len(state["documents"]),
        documents_changed=0,
        prompts_unanswered=unanswered,
        pack_folder=folder,
    )


def _rebuild(path: Path, out: Path, pack: BuiltPack, entry: NewReview, earlier: tuple[Approval, ...],
             commit, state: dict) -> str:
    """Build the pack again with the new approval; commit the entry, with the
    hashes of the files about to be published, before they are swapped in."""
    from generator.pack.build import build_pack

    history = earlier + (Approval.of(entry, len(earlier) + 1),)

    def before_swap(report) -> None:
        documents = tuple(
            DocumentHash(path=d["path"], sha256=d["sha256"], kind=d.get("kind"), title=d.get("title"),
                         status=d.get("status"))
            for d in report.documents
        )
        state["documents"] = documents
        commit(replace(entry, build_found=True, documents=documents,
                       manifest_path=str(Path(report.folder) / MANIFEST)))

    report = build_pack(str(path), str(out), pdf=pack.with_pdf, handbook=pack.with_handbook,
                        history=history, before_swap=before_swap)
    return report.folder
