"""The records of the review history: what ``review record`` writes and what the pack prints.

``ReviewEntry`` is one row of the history with its document hashes;
``Approval`` is the part of it a built document shows (who approved the
policy, when, the minute, the next review), numbered so that the policy can
carry a version.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DocumentHash:
    path: str
    sha256: str
    kind: str | None = None
    title: str | None = None
    status: str | None = None
    on_disk: str = "same"  # "same" | "changed" | "missing"


@dataclass(frozen=True)
class NewReview:
    """What ``record`` writes; the store adds the id."""

    organisation_id: str
    profile_path: str
    reviewed_on: dt.date
    next_review: dt.date
    approved_by: str
    recorded_at: str
    tool_version: str
    snapshot: dict[str, Any]
    minute_ref: str | None = None
    note: str | None = None
    reviewed_by: str | None = None
    recorded_by: str | None = None
    build_found: bool = False
    manifest_path: str | None = None
    documents: tuple[DocumentHash, ...] = ()
    # The profile version approved (manifest.json's ``profile_sha256``), and how
    # many policy prompts were still unanswered (``record --allow-draft``).
    profile_sha256: str | None = None
    prompts_unanswered: int = 0


@dataclass(frozen=True)
class ReviewEntry(NewReview):
    id: int = 0
    documents: tuple[DocumentHash, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organisation_id": self.organisation_id,
            "profile_path": self.profile_path,
            "reviewed_on": self.reviewed_on.isoformat(),
            "next_review": self.next_review.isoformat(),
            "approved_by": self.approved_by,
            "minute_ref": self.minute_ref,
            "note": self.note,
            "reviewed_by": self.reviewed_by,
            "recorded_by": self.recorded_by,
            "recorded_at": self.recorded_at,
            "tool_version": self.tool_version,
            "build_found": self.build_found,
            "manifest_path": self.manifest_path,
            "profile_sha256": self.profile_sha256,
            "prompts_unanswered": self.prompts_unanswered,
            "documents": [
                {
                    "kind": d.kind,
                    "title": d.title,
                    "path": d.path,
                    "sha256": d.sha256,
                    "status": d.status,
                    "on_disk": d.on_disk,
                }
                for d in self.documents
            ],
        }


@dataclass(frozen=True)
class Approval:
    """One recorded approval, as the documents print it.

    ``number`` counts the organisation's approvals (1 for the first): the
    policy's version.  ``profile_sha256`` is the profile version approved:
    a document built from another version is not the approved one.
    """

    number: int
    approved_by: str
    approved_on: dt.date
    next_review: dt.date
    minute_ref: str | None = None
    reviewed_by: str | None = None
    profile_sha256: str | None = None
    prompts_unanswered: int = 0

    @property
    def reviewed_on(self) -> dt.date:
        """The history's name for the approval date (``ReviewEntry.reviewed_on``)."""
        return self.approved_on

    def covers(self, profile_sha256: str | None) -> bool:
        """Was this approval given to the profile version with this hash?"""
        return bool(profile_sha256) and self.profile_sha256 == profile_sha256

    @classmethod
    def of(cls, entry: NewReview, number: int) -> "Approval":
        return cls(number=number, approved_by=entry.approved_by, approved_on=entry.reviewed_on,
                   next_review=entry.next_review, minute_ref=entry.minute_ref, reviewed_by=entry.reviewed_by,
                   profile_sha256=entry.profile_sha256, prompts_unanswered=entry.prompts_unanswered)
