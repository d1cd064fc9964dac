"""What changed between two profile snapshots, in plain words.

``describe(old, new)`` returns one sentence per change, grouped in the order
a board paper reads them: people, contacts, guidance, answers, the
organisation's other settings, then the tool and its templates.  Private
phone numbers and emails are never quoted, only said to have changed.
"""

from __future__ import annotations

import re
from typing import Any

from generator.review.wording import longdate, phrase, say

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LONG_TEXT = 70  # characters: longer values are said to have changed, not quoted
SINGLE_ROLES = ("dsl", "coordinator", "headteacher", "chair", "online_safety_lead")
PERSON_FIELDS = ("job_title", "phone", "email", "private")
PRIVATE_FIELDS = ("phone", "email")
CONTACT_KEYS = (
    "front_door",
    "out_of_hours",
    "lado",
    "la_safeguarding_officer",
    "consultation_line",
    "nspcc_whistleblowing",
)
SETTINGS_SECTIONS = ("organisation", "systems", "review", "closure", "letters")
SKIP = {("organisation", "id"), ("letters", "signatory")}


def _value(value: Any) -> str:
    if value is None:
        return phrase("diff.values.none")
    if isinstance(value, bool):
        return phrase("diff.values." + str(value).lower())
    if isinstance(value, str) and ISO_DATE.match(value):
        return longdate(value)
    return str(value)


def _field(key: str) -> str:
    return phrase("diff.fields").get(key, key.replace("_", " "))


def _fields(
    subject: str, old: dict, new: dict, keys: tuple[str, ...] | None = None, private: bool = False
) -> list[str]:
    """One sentence per changed scalar field of a mapping."""
    out = []
    for key in keys or tuple(dict.fromkeys([*old, *new])):
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        words = {"subject": subject, "field": _field(key)}
        if private and key in PRIVATE_FIELDS:
            out.append(say("diff.field_private", **words))
        elif isinstance(before, (list, dict)) or isinstance(after, (list, dict)):
            out.append(say("diff.field_changed_quietly", **words))
        elif any(isinstance(v, str) and len(v) > LONG_TEXT for v in (before, after)):
            out.append(say("diff.field_changed_quietly", **words))
        elif before is None:
            out.append(say("diff.field_added", new=_value(after), **words))
        elif after is None:
            out.append(say("diff.field_removed", old=_value(before), **words))
        else:
            out.append(say("diff.field_changed", old=_value(before), new=_value(after), **words))
    return out


def _is_private(*people: dict | None) -> bool:
    return any(p and p.get("private") for p in people)


def _person(role_key: str, old: dict | None, new: dict | None) -> list[str]:
    role = phrase("diff.roles")[role_key]
    if old is None and new is None:
        return []
    if old is None:
        return [say("diff.person_added", role=role, new=new["name"])]
    if new is None:
        return [say("diff.person_removed", role=role, old=old["name"])]
    out = []
    if old["name"] != new["name"]:
        out.append(say("diff.person_changed", role=role, old=old["name"], new=new["name"]))
    subject = phrase("diff.person_subject").format(role=role)
    return out + _fields(subject, old, new, PERSON_FIELDS, private=_is_private(old, new))


def _by_name(items: list[dict]) -> dict[str, dict]:
    return {str(item.get("name") or "").casefold(): item for item in items}


def _deputies(old: list[dict], new: list[dict]) -> list[str]:
    role = phrase("diff.roles")["deputy_dsls"]
    before, after = _by_name(old), _by_name(new)
    out = [say("diff.person_removed", role=role, old=before[k]["name"]) for k in before if k not in after]
    out += [say("diff.person_added", role=role, new=after[k]["name"]) for k in after if k not in before]
    for key in (k for k in after if k in before):
        subject = phrase("diff.deputy_subject").format(name=after[key]["name"])
        out += _fields(subject, before[key], after[key], PERSON_FIELDS, _is_private(before[key], after[key]))
    return out


def _contact_name(contact: dict) -> str:
    for key in ("name", "phone", "email", "url"):
        if contact.get(key):
            return str(contact[key])
    return "?"


def _contact(label: str, old: dict | None, new: dict | None) -> list[str]:
    if old is None and new is None:
        return []
    if old is None:
        return [say("diff.contact_added", label=label, new=_contact_name(new))]
    if new is None:
        return [say("diff.contact_removed", label=label, old=_contact_name(old))]
    return _fields(label, old, new, private=_is_private(old, new))


def _others(old: list[dict], new: list[dict]) -> list[str]:
    label = phrase("diff.contacts")["others"]
    before, after = _by_name(old), _by_name(new)
    out = [say("diff.contact_removed", label=label, old=_contact_name(before[k])) for k in before if k not in after]
    out += [say("diff.contact_added", label=label, new=_contact_name(after[k])) for k in after if k not in before]
    for key in (k for k in after if k in before):
        subject = phrase("diff.other_contact_subject").format(name=_contact_name(after[key]))
        out += _fields(subject, before[key], after[key], private=_is_private(before[key], after[key]))
    return out


def _people(old: dict, new: dict) -> list[str]:
    out: list[str] = []
    for role in SINGLE_ROLES:
        out += _person(role, old.get(role), new.get(role))
    return out + _deputies(old.get("deputy_dsls") or [], new.get("deputy_dsls") or [])


def _contacts(old: dict, new: dict) -> list[str]:
    labels = phrase("diff.contacts")
    out: list[str] = []
    for key in CONTACT_KEYS:
        out += _contact(labels[key], old.get(key), new.get(key))
    for key in ("police", "partnership"):
        out += _contact(labels[key], old.get(key), new.get(key))
    return out + _others(old.get("others") or [], new.get("others") or [])


def _guidance(old: dict, new: dict) -> list[str]:
    titles = phrase("diff.guidance")
    return [
        say("diff.guidance_changed", title=titles.get(key, key), old=old.get(key), new=new.get(key))
        for key in dict.fromkeys([*old, *new])
        if key in titles and old.get(key) != new.get(key)  # the cited editions, not the registry additions
    ]


def _answers(old: dict, new: dict) -> list[str]:
    out = []
    for prompt in sorted(set(old) | set(new)):
        if prompt not in old:
            out.append(say("diff.answer_added", prompt=prompt))
        elif prompt not in new:
            out.append(say("diff.answer_removed", prompt=prompt))
        elif old[prompt] != new[prompt]:
            out.append(say("diff.answer_changed", prompt=prompt))
    return out


def _settings(old: dict, new: dict) -> list[str]:
    out: list[str] = []
    sections = phrase("diff.sections")
    for section in SETTINGS_SECTIONS:
        before, after = old.get(section) or {}, new.get(section) or {}
        keys = tuple(k for k in dict.fromkeys([*before, *after]) if (section, k) not in SKIP)
        out += _fields(sections[section], before, after, keys)
    return out


def _tool(old: dict, new: dict) -> list[str]:
    out = []
    if old.get("version") != new.get("version"):
        out.append(say("diff.version_changed", old=old.get("version"), new=new.get("version")))
    if old.get("templates") != new.get("templates"):
        out.append(say("diff.templates_changed"))
    return out


def describe(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Sentences saying what changed from snapshot ``old`` to snapshot ``new``."""
    return [
        *_people(old.get("people") or {}, new.get("people") or {}),
        *_contacts(old.get("contacts") or {}, new.get("contacts") or {}),
        *_guidance(old.get("guidance") or {}, new.get("guidance") or {}),
        *_answers(old.get("answers") or {}, new.get("answers") or {}),
        *_settings(old, new),
        *_tool(old.get("tool") or {}, new.get("tool") or {}),
    ]
