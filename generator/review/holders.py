"""Answers that still name a former role holder.

When a review has been recorded and a role (the DSL, a deputy, the head,
the chair ...) later changes hands, an answer that still names the person who
held it at that review is probably out of date: `policypack check` says so.
Answers that use a token (``[dsl]``) follow the change by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.profile.model import PEOPLE_KEYS, Profile
from generator.store.reviews import default_db_path, read_history


@dataclass(frozen=True)
class StaleName:
    prompt_id: str
    role: str  # a key of people
    former: str  # the name at the last recorded review
    current: str  # the name now ("" when nobody holds the role)


def _names(people: dict, role: str) -> list[str]:
    held = people.get(role)
    if isinstance(held, dict):
        return [held.get("name") or ""]
    if isinstance(held, list):
        return [p.get("name") or "" for p in held if isinstance(p, dict)]
    return []


def stale_names(profile: Profile, db: str | None = None) -> list[StaleName]:
    """Former holders named in answers, since the latest recorded review."""
    try:
        history = read_history(default_db_path(Path(profile.source), db), profile.organisation.id)
    except Exception:  # noqa: BLE001 - no or unreadable history: nothing to compare with
        return []
    if not history:
        return []
    latest = max(history, key=lambda entry: (entry.reviewed_on, entry.id))
    then = latest.snapshot.get("people") or {}
    now = {role: getattr(profile.people, role) for role in PEOPLE_KEYS}
    found = []
    for role in PEOPLE_KEYS:
        current = now[role]
        current_names = [p.name for p in current] if isinstance(current, tuple) else ([current.name] if current else [])
        for former in _names(then, role):
            if not former or former in current_names:
                continue
            for prompt_id, text in profile.answers.items():
                if former in text:
                    found.append(StaleName(prompt_id, role, former, ", ".join(current_names)))
    return found
