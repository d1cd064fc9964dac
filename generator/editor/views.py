"""What each page shows: its fields with their values, messages and, for
contacts, where an inherited value comes from.  Plain data for the templates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.editor import fields
from generator.editor.session import Session
from generator.errors import Problem

PERSON_KEYS = ("name", "job_title", "phone", "email", "private")
CONTACT_KEYS = ("name", "phone", "email", "url", "hours", "referral_form", "notes", "verified", "private")


@dataclass(frozen=True)
class Inherited:
    file: str  # the LA file, as the profile names it
    verified: dt.date | None


@dataclass(frozen=True)
class FieldView:
    field: fields.Field
    value: str
    problems: tuple[Problem, ...]
    inherited: Inherited | None = None


@dataclass(frozen=True)
class Group:
    heading: str
    fields: tuple[FieldView, ...]
    anchor: str = ""
    index: int | None = None  # a deputy's place in the list
    last: bool = False


def field_view(session: Session, key: str, merged=None) -> FieldView:
    path = fields.split(key)
    spec = fields.field(key)
    problems = tuple(session.problems_at(key))
    if merged is not None and not session.doc.has(path):
        value = _get(merged.data, path)
        if value is not None:
            file = merged.place(path)[0]
            verified = _get(merged.data, path[:-1] + ("verified",))
            return FieldView(spec, fields.shown(value), problems,
                             Inherited(_relative(file, session.path), verified if isinstance(verified, dt.date) else None))
    return FieldView(spec, fields.shown(session.doc.get(path)), problems)


def groups(session: Session, page: dict) -> list[Group]:
    words = fields.wording()
    out: list[Group] = []
    for group in page.get("groups") or ():
        out.append(Group(group["heading"], tuple(field_view(session, key) for key in group["fields"])))
    for role in page.get("people") or ():
        keys = [f"people.{role}.{k}" for k in PERSON_KEYS]
        out.append(Group(words["people"][role], tuple(field_view(session, k) for k in keys), anchor=f"people-{role}"))
    if page.get("people"):
        deputies = session.doc.get(("people", "deputy_dsls")) or []
        for index in range(len(deputies)):
            keys = [f"people.deputy_dsls.{index}.{k}" for k in PERSON_KEYS]
            out.append(Group(f"{words['people']['deputy_dsls']}: {index + 1}", tuple(field_view(session, k) for k in keys),
                             anchor=f"deputy-{index}", index=index, last=index == len(deputies) - 1))
    if page.get("contacts"):
        merged = session.merged()
        for key in page["contacts"]:
            names = [k for k in CONTACT_KEYS if k != "referral_form" or key == "front_door"]
            out.append(Group(words["contacts"][key],
                             tuple(field_view(session, f"contacts.{key}.{k}", merged) for k in names),
                             anchor=f"contacts-{key}"))
        if page.get("partnership"):
            out.append(Group(words["contacts"]["partnership"],
                             tuple(field_view(session, f"contacts.partnership.{k}", merged)
                                   for k in ("name", "procedures_url", "verified")), anchor="contacts-partnership"))
    return out


def answers(session: Session) -> tuple[list[dict], int]:
    """The policy's prompts with their answers, in document order; and how many are answered."""
    from generator.profile.load import template_dirs
    from generator.sources.prompts import catalogue

    merged = session.merged()
    dirs = tuple(template_dirs(merged)) if merged is not None else ()
    data = merged.data if merged is not None else session.doc.root
    given = _get(data, ("policy", "answers")) or {}
    kind = _get(data, ("organisation", "kind"))
    items = []
    # Only the prompts of sections this kind of setting has (as the policy and `check` count them).
    for prompt in catalogue(dirs, kind=kind if isinstance(kind, str) else None).values():
        key = f"policy.answers.{prompt.id}"
        items.append({"prompt": prompt, "view": FieldView(fields.field(key, prompt.question),
                                                          fields.shown(given.get(prompt.id)),
                                                          tuple(session.problems_at(key)))})
    answered = sum(1 for item in items if item["view"].value.strip())
    return items, answered


def _get(data, path: tuple):
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _relative(file: str, profile: str) -> str:
    import os

    try:
        return os.path.relpath(file, os.path.dirname(os.path.abspath(profile))).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return file
