"""``review verify``: is the pack on disk the one a recorded review approved?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError
from generator.review.manifest import MANIFEST, locate, sha256_of
from generator.store.reviews import DocumentHash, ReviewEntry


@dataclass(frozen=True)
class Checked:
    document: DocumentHash
    state: str  # "same" | "changed" | "missing"


def verify_pack(entry: ReviewEntry, out_dir: Path) -> list[Checked]:
    """Compare every document recorded with ``entry`` with the file in ``out_dir`` now."""
    if not entry.build_found:
        raise UserError(
            f"The review of {entry.reviewed_on.isoformat()} recorded that no pack had been built, "
            "so there is nothing to compare.",
            "build the pack before recording the next review",
        )
    checked = []
    for document in entry.documents:
        file = locate(Path(out_dir), entry.organisation_id, document.path)
        if file is None:
            state = "missing"
        else:
            state = "same" if sha256_of(file) == document.sha256 else "changed"
        checked.append(Checked(document, state))
    return checked


def pick_entry(entries: list[ReviewEntry], entry_id: int | None) -> ReviewEntry:
    if not entries:
        raise UserError("No review has been recorded for this organisation yet.",
                        "record one with: policypack review record PROFILE --on DATE --approved-by NAME")
    if entry_id is None:
        return entries[-1]
    for entry in entries:
        if entry.id == entry_id:
            return entry
    raise UserError(f"There is no review entry {entry_id} for this organisation.",
                    "see the entries with: policypack review history PROFILE --json")


__all__ = ["Checked", "MANIFEST", "pick_entry", "verify_pack"]
