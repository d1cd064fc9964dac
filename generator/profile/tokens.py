"""Tokens in free-text answers: ``[dsl]``, ``[dsl.phone]``, ``[front_door.phone]``.

An answer that names a profile value through a token stays in step with it:
change the DSL's number once and every answer that says ``[dsl.phone]``
prints the new one.  A token is looked up, never evaluated: it is only a
role or contact key and one field name, and its value is escaped like any
other profile text where it is printed (``generator.render.content``).

This module knows the vocabulary and checks answers against the raw profile
(``validate``); ``value_of`` looks a token up in the render context's
(audience-filtered) people and contacts.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import phonenumbers

TOKEN = re.compile(r"\[([a-z_]+)(?:\.([a-z_]+))?\]")

PERSON_ROLES = ("dsl", "coordinator", "headteacher", "chair", "online_safety_lead")
LIST_ROLES = ("deputy_dsls",)  # names only: "[deputy_dsls]" -> "Sam Sample and Alex Other"
CONTACTS = ("front_door", "out_of_hours", "lado", "la_safeguarding_officer", "consultation_line",
            "nspcc_whistleblowing")
PERSON_FIELDS = ("name", "job_title", "phone", "email")
CONTACT_FIELDS = ("name", "phone", "email", "url", "hours", "referral_form")
ORG_FIELDS = ("name", "phone", "email", "website", "address")
POLICE_FIELDS = ("emergency", "non_emergency")
PRIVATE_FIELDS = ("phone", "email")


@dataclass(frozen=True)
class Token:
    text: str  # as written, e.g. "[dsl.phone]"
    key: str  # "dsl"
    field: str  # "phone" ("name" when none is written)


def tokens_in(text: str) -> list[Token]:
    return [Token(m.group(0), m.group(1), m.group(2) or "name") for m in TOKEN.finditer(text or "")]


def known_tokens() -> list[str]:
    """Every token an answer may use, for `policypack check` and error hints."""
    names = [f"[{role}]" for role in PERSON_ROLES + LIST_ROLES + CONTACTS + ("organisation", "concern_recording")]
    names += [f"[{role}.{field}]" for role in PERSON_ROLES for field in PERSON_FIELDS[1:]]
    names += [f"[{key}.{field}]" for key in CONTACTS for field in CONTACT_FIELDS[1:]]
    names += [f"[organisation.{field}]" for field in ORG_FIELDS[1:]]
    names += [f"[police.{field}]" for field in POLICE_FIELDS]
    return names


def _fields_of(key: str) -> tuple[str, ...] | None:
    if key in PERSON_ROLES:
        return PERSON_FIELDS
    if key in LIST_ROLES or key == "concern_recording":
        return ("name",)
    if key in CONTACTS:
        return CONTACT_FIELDS
    if key == "organisation":
        return ORG_FIELDS
    if key == "police":
        return POLICE_FIELDS
    return None


def _raw_target(data: dict, token: Token):
    """``(mapping holding the value, its path)`` in the raw profile, or ``(None, path)``."""
    if token.key in PERSON_ROLES + LIST_ROLES:
        path = ("people", token.key)
    elif token.key in CONTACTS or token.key == "police":
        path = ("contacts", token.key)
    elif token.key == "organisation":
        path = ("organisation",)
    else:
        path = ("systems", "concern_recording")
    node = data
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    return node, path


def problems(data: dict, answer: str) -> list[tuple[str, str, str]]:
    """``(severity, message, fix)`` for each problem of the tokens and literal
    contact details in one answer (the published policy prints answers)."""
    found = []
    for token in tokens_in(answer):
        fields = _fields_of(token.key)
        if fields is None:
            close = difflib.get_close_matches(token.text, known_tokens(), n=1, cutoff=0.6)
            found.append(("error", f"{token.text} is not a token policypack knows",
                          f"did you mean {close[0]}?" if close else "`policypack check PROFILE` lists the tokens"))
            continue
        if token.field not in fields:
            found.append(("error", f"{token.text}: '{token.field}' is not a field of {token.key}",
                          "use one of: " + ", ".join(f"[{token.key}.{f}]" for f in fields)))
            continue
        node, path = _raw_target(data, token)
        if token.key == "police" or token.key == "concern_recording":
            continue  # always present (defaults)
        value = node.get(token.field) if isinstance(node, dict) else (node if token.key in LIST_ROLES else None)
        if node is None or (isinstance(node, dict) and value in (None, "")) or (token.key in LIST_ROLES and not node):
            where = ".".join(path + ((token.field,) if token.key not in LIST_ROLES else ()))
            found.append(("error", f"{token.text} names {where}, which the profile does not have",
                          f"add {where} to the profile, or write the answer without the token"))
            continue
        if isinstance(node, dict) and node.get("private") and token.field in PRIVATE_FIELDS:
            found.append(("error", f"{token.text} would print a private {token.field} in the published policy",
                          "name a work number instead, or write the answer without it"))
    found += _literal_details(data, answer)
    return found


def _known_values(data: dict) -> dict[str, tuple[str, bool]]:
    """Phone digits and emails of the profile -> (token, private)."""
    values: dict[str, tuple[str, bool]] = {}

    def add(key: str, node) -> None:
        if not isinstance(node, dict):
            return
        private = bool(node.get("private"))
        if isinstance(node.get("phone"), str):
            values[_digits(node["phone"])] = (f"[{key}.phone]", private)
        if isinstance(node.get("email"), str):
            values[node["email"].lower()] = (f"[{key}.email]", private)

    people = data.get("people") if isinstance(data.get("people"), dict) else {}
    contacts = data.get("contacts") if isinstance(data.get("contacts"), dict) else {}
    for role in PERSON_ROLES:
        add(role, people.get(role))
    for deputy in people.get("deputy_dsls") or ():
        if isinstance(deputy, dict):
            add("deputy_dsls", deputy)
    for key in CONTACTS:
        add(key, contacts.get(key))
    add("organisation", data.get("organisation"))
    return values


def _digits(text: str) -> str:
    digits = re.sub(r"\D", "", text)
    return "0" + digits[2:] if digits.startswith("44") else digits


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _literal_details(data: dict, answer: str) -> list[tuple[str, str, str]]:
    known = _known_values(data)
    found = []
    typed = [(m.raw_string, _digits(m.raw_string)) for m in phonenumbers.PhoneNumberMatcher(answer, "GB")]
    typed += [(m.group(0), m.group(0).lower()) for m in _EMAIL.finditer(answer)]
    for raw, value in typed:
        token, private = known.get(value, (None, False))
        if private:
            found.append(("error", f"'{raw}' is a private number or email: the published policy would print it",
                          "remove it, or name a work number of the organisation instead"))
        elif token and not token.startswith("[deputy_dsls"):
            found.append(("warning", f"'{raw}' is typed out; write {token} so it stays in step with the profile",
                          f"replace it with {token}"))
        else:
            found.append(("warning", f"'{raw}' is typed out in an answer and will not follow changes to the profile",
                          "add it to contacts (or contacts.others) and use its token, e.g. [front_door.phone]"))
    return found


def value_of(token: Token, context: dict) -> str | None:
    """The text a token prints, from the render context (private details are
    already gone for the public audience); None when there is none."""
    people, contacts, org = context["people"], context["contacts"], context["org"]
    if token.key in LIST_ROLES:
        listed = [p.name for p in getattr(people, token.key)]
        return " and ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)
    if token.key == "concern_recording":
        return context["systems"].concern_recording
    if token.key in PERSON_ROLES:
        item = getattr(people, token.key, None)
    elif token.key == "organisation":
        item = org
    else:
        item = getattr(contacts, token.key, None)
    value = getattr(item, token.field, None) if item is not None else None
    if value is None:
        return None
    return getattr(value, "display", None) or str(value)
