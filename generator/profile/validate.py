"""Validate a merged profile: cerberus for shape, code for the rest.

Returns every problem of the file in one list (errors and warnings), each
placed at the file and line that hold the value, with a fix.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from functools import lru_cache
from typing import Iterable
from urllib.parse import urlparse

import cerberus
from cerberus import errors as cerrors
from email_validator import EmailNotValidError, validate_email

from generator.errors import Problem
from generator.filenames import is_device_name
from generator.profile.inherit import Merged
from generator.profile.phones import is_drama_mobile, parse_phone
from generator.profile.placeholders import MARKER, is_placeholder
from generator.profile.schema import SCHEMA
from generator.profile.section_checks import (_check_answers, _check_closure, _check_guidance,
                                              _get)
from generator.yamlload import dotted

VERIFIED_MAX_AGE_DAYS = 366
# Characters a Word document (XML 1.0) cannot hold, or that are invisible
# terminal controls: refused rather than silently dropped, so that what the
# profile says is exactly what the documents print. Tab and newline are fine.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def validate(merged: Merged, today: dt.date, known_prompts: dict[str, object] | None = None,
             scheme_keys: dict[str, tuple[str, ...]] | None = None, allow_placeholders: bool = False,
             partial: bool = False) -> list[Problem]:
    """Every problem of ``merged``.

    ``allow_placeholders`` lets the starter's ``REPLACE ...`` values pass (only
    `policypack new` uses it, to check the rest of what it writes);
    ``partial`` checks a shared (LA) file on its own: keys it may leave to
    the settings that extend it are not required.
    """
    problems: list[Problem] = []
    report = _Reporter(merged, problems)
    validator = _validator()
    # normalize=False: the schema has no normalisation rules (no default,
    # coerce or rename), and Cerberus copies and re-checks the whole schema
    # to normalise each document: 6x the time of the validation itself.
    if not validator.validate(merged.data, normalize=False):
        for error in _leaves(validator._errors):
            if not (partial and error.code == cerrors.REQUIRED_FIELD.code):
                _explain(error, report)
    shape_errors = {tuple(p.key.split(".")) for p in problems}
    shape_errors |= _check_placeholders(merged.data, report, allow_placeholders)
    _check_fields(merged.data, SCHEMA, (), report, shape_errors)
    _check_cross(merged.data, report, today)
    if known_prompts is not None:
        _check_answers(merged.data, report, known_prompts)
    _check_closure(merged.data, report, scheme_keys or {})
    _check_characters(merged.data, (), report)
    return problems


@lru_cache(maxsize=1)
def _validator() -> cerberus.Validator:
    # Building a Validator normalises the whole schema (~30 ms); one instance
    # validates any number of documents (it resets its state per call).
    # Patterns match the whole value ("oakfield-ap\n" is not an id).
    from generator.sources.data_schemas import Validator

    return Validator(SCHEMA)


class _Reporter:
    def __init__(self, merged: Merged, problems: list[Problem]):
        self.merged = merged
        self.problems = problems

    def __call__(self, path, message: str, fix: str = "", severity: str = "error") -> None:
        file, line = self.merged.place(path)
        self.problems.append(Problem(file, line, dotted(path), message, fix, severity))

    def scalar(self, path):
        for loaded_path in (self.merged.origin.get(tuple(path[:i])) for i in range(len(path), 0, -1)):
            if loaded_path is not None:
                return loaded_path.scalars.get(tuple(path))
        return None


def _leaves(errors: Iterable) -> Iterable:
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


def _schema_at(path: tuple) -> dict | None:
    """The mapping schema that holds the keys at ``path`` (for hints)."""
    schema: dict = SCHEMA
    for part in path:
        if isinstance(part, int):
            continue
        rule = schema.get(part)
        if rule is None:
            return None
        inner = rule.get("schema")
        if rule.get("type") == "list" and isinstance(inner, dict):
            inner = inner.get("schema")
        if not isinstance(inner, dict):
            return None
        schema = inner
    return schema


def _rule_at(path: tuple) -> dict:
    parent = _schema_at(tuple(path[:-1])) or {}
    return parent.get(path[-1], {}) if path and not isinstance(path[-1], int) else {}


def _explain(error, report: _Reporter) -> None:
    path = tuple(error.document_path)
    code = error.code
    rule = _rule_at(path)
    description = rule.get("meta", {}).get("description", "")
    if code == cerrors.UNKNOWN_FIELD.code:
        allowed = list((_schema_at(path[:-1]) or {}).keys())
        close = difflib.get_close_matches(str(path[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else "allowed here: " + ", ".join(allowed)
        report(path, f"unknown key '{path[-1]}'; {hint}",
               f"rename it to {close[0]}" if close else "remove it or fix its spelling")
    elif code == cerrors.REQUIRED_FIELD.code:
        report(path, "is required but missing", f"add `{path[-1]}:` here" + (f" ({description})" if description else ""))
    elif code in (cerrors.BAD_TYPE.code, cerrors.NOT_NULLABLE.code):
        _explain_type(path, error, rule, report)
    elif code == cerrors.EMPTY_NOT_ALLOWED.code:
        report(path, "is empty", "write a value or delete the key")
    elif code == cerrors.REGEX_MISMATCH.code:
        if path[:2] == ("policy", "answers"):
            report(path, f"'{error.value}' is not a prompt id", "prompt ids are lower-case words joined by hyphens; `policypack check` lists them")
        else:
            report(path, f"{error.value!r} is not a valid id", "use 2 to 64 lower-case letters, digits and hyphens, e.g. oakfield-ap")
    elif code == cerrors.UNALLOWED_VALUE.code:
        allowed = [str(a) for a in error.constraint]
        close = difflib.get_close_matches(str(error.value), allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        report(path, f"'{error.value}' is not allowed{hint}", "use one of: " + ", ".join(allowed))
    elif code == cerrors.MAX_LENGTH.code:
        report(path, f"is {len(error.value):,} characters long; at most {error.constraint:,} are allowed here",
               "shorten it")
    elif code in (cerrors.MIN_VALUE.code, cerrors.MAX_VALUE.code) and isinstance(error.constraint, dt.date):
        side = "on or after" if code == cerrors.MIN_VALUE.code else "on or before"
        report(path, f"{error.value} is out of range: a date must be {side} {error.constraint}", "check the year")
    elif code == cerrors.MIN_VALUE.code:
        report(path, f"must be at least {error.constraint}", f"use a number from {error.constraint}")
    elif code == cerrors.MAX_VALUE.code:
        report(path, f"must be at most {error.constraint}", f"use a number up to {error.constraint}")
    else:
        report(path, f"is not valid ({error.rule})", description or "check the value")


_TYPE_WORDS = {"string": "text", "dict": "a mapping of keys", "list": "a list", "integer": "a whole number",
               "date": "a date (YYYY-MM-DD)", "boolean": "true or false"}


def _explain_type(path: tuple, error, rule: dict, report: _Reporter) -> None:
    expected = rule.get("type", error.constraint if error.code == cerrors.BAD_TYPE.code else "")
    want = _TYPE_WORDS.get(expected, str(expected))
    value = error.value
    raw = report.scalar(path)
    if value is None:
        report(path, f"has no value; it must be {want}", "write a value after the colon, or delete the key")
    elif expected == "string" and isinstance(value, bool):
        word = raw.text if raw else str(value)
        report(path, f"YAML reads the unquoted word {word} as {str(value).lower()}, not as text",
               f'put it in quotes: {path[-1]}: "{word}"')
    elif expected == "string" and isinstance(value, (int, float)):
        word = raw.text if raw else str(value)
        lost = " and drops the leading 0" if word.lstrip("+").startswith("0") else ""
        report(path, f"YAML reads the unquoted {word} as a number{lost}",
               f'put it in quotes: {path[-1]}: "{word}"')
    elif expected == "date" and isinstance(value, str):
        report(path, f"'{value}' is not a date", "write it as YYYY-MM-DD without quotes, e.g. 2025-09-01")
    elif expected == "string" and isinstance(value, dt.date):
        report(path, "YAML reads this unquoted value as a date, not as text", f'put it in quotes: {path[-1]}: "{raw.text if raw else value}"')
    else:
        report(path, f"must be {want}", "see `policypack schema` or docs/profile.md for this key")


def _check_fields(data, schema: dict, prefix: tuple, report: _Reporter, skip: set) -> None:
    """Run each field's ``meta.check`` on values of the right type."""
    if not isinstance(data, dict):
        return
    for key, rule in schema.items():
        if key not in data:
            continue
        value, path = data[key], prefix + (key,)
        check = rule.get("meta", {}).get("check")
        if path in skip:
            continue
        if check in _DICT_CHECKS and isinstance(value, dict) or check in _CHECKS and isinstance(value, str):
            {**_CHECKS, **_DICT_CHECKS}[check](value, path, report)
        inner = rule.get("schema")
        if rule.get("type") == "dict" and isinstance(inner, dict):
            _check_fields(value, inner, path, report, skip)
        elif rule.get("type") == "list" and isinstance(value, list) and isinstance(inner, dict):
            for index, item in enumerate(value):
                item_check = inner.get("meta", {}).get("check")
                if item_check in _DICT_CHECKS and isinstance(item, dict):
                    _DICT_CHECKS[item_check](item, path + (index,), report)
                _check_fields(item, inner.get("schema", {}), path + (index,), report, skip)


def _check_placeholders(data: dict, report: _Reporter, allowed: bool) -> set[tuple]:
    """Report each value still holding the starter's placeholder; return their paths.

    The other checks skip these paths: "REPLACE 0116 496 0001" is one problem
    (fill it in), not also a malformed phone number.
    """
    found = {path for path, node in _nodes(data, ()) if path and is_placeholder(node)}
    if not allowed:
        for path in sorted(found, key=lambda p: report.merged.place(p)[1]):
            report(path, f"still holds the starter's placeholder '{data_at(data, path)}'",
                   f"write the real value in place of the {MARKER} text (policypack edit PROFILE guides you)")
    return found


def data_at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def _check_phone(value: str, path, report) -> None:
    try:
        parse_phone(value)
    except ValueError as exc:
        report(path, f"'{value}' {exc}", 'write a UK number in quotes, e.g. "0116 496 0001"')
        return
    if is_drama_mobile(value):
        report(path, f"'{value}' is in Ofcom's drama range (07700 900000 to 900999): a fictional number that rings no one",
               "fine for an example or training profile; write the real number before the pack is used",
               severity="warning")


def _check_email(value: str, path, report) -> None:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        report(path, f"'{value}' is not a valid email address: {exc}", "write it as name@domain, e.g. office@school.example")


def _check_url(value: str, path, report) -> None:
    parts = urlparse(value)
    if parts.scheme not in ("https", "http") or not parts.netloc or " " in value:
        report(path, f"'{value}' is not a web address", "write the full address starting with https://")


def _check_reachable(value: dict, path, report) -> None:
    if not any(value.get(k) for k in ("phone", "email", "url")):
        report(path, "gives no way to reach this contact", "add at least one of phone, email or url")


# Checks of text values, and of whole mappings; each runs only on its type
# (cerberus has already reported a value of the wrong type).
_CHECKS = {"phone": _check_phone, "email": _check_email, "url": _check_url}
_DICT_CHECKS = {"reachable": _check_reachable}


def _check_cross(data: dict, report: _Reporter, today: dt.date) -> None:
    last, nxt = _get(data, "review", "last_reviewed"), _get(data, "review", "next_review")
    if isinstance(last, dt.date) and isinstance(nxt, dt.date):
        if nxt <= last:
            report(("review", "next_review"), f"{nxt} is not after last_reviewed ({last})",
                   "set next_review to a date after the last review, usually a year later")
        elif nxt < today:
            report(("review", "next_review"), f"the policy was due for review on {nxt}", "review it and run `policypack review record`",
                   severity="warning")
    org_id = _get(data, "organisation", "id")
    if isinstance(org_id, str) and is_device_name(org_id):
        report(("organisation", "id"), f"'{org_id}' is a name Windows keeps for a device, so its output folder "
               "could not be opened there", f"choose another id, e.g. {org_id}-school")
    people = _get(data, "people") or {}
    for key_path, role in ((("review", "owner"), _get(data, "review", "owner")),
                           (("letters", "signatory"), _get(data, "letters", "signatory"))):
        if isinstance(role, str) and isinstance(people, dict) and not people.get(role):
            report(key_path, f"names '{role}', but people.{role} is not filled in", f"add people.{role} or choose another person")
    _check_guidance(data, report, today)
    _check_verified(data.get("contacts"), ("contacts",), report, today)


def _check_verified(value, path, report, today) -> None:
    for where, node in _nodes(value, path):
        verified = node.get("verified") if isinstance(node, dict) else None
        if isinstance(verified, dt.date) and (today - verified).days > VERIFIED_MAX_AGE_DAYS:
            report(where + ("verified",), f"these details were last checked on {verified}, over 12 months ago",
                   "ring or email the service to check the details, then update verified:", severity="warning")


def _nodes(value, path: tuple):
    """Every value inside ``value`` (itself included), with its key path."""
    yield path, value
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _nodes(inner, path + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _nodes(inner, path + (index,))


def _check_characters(value, path: tuple, report: _Reporter) -> None:
    for where, node in _nodes(value, path):
        found = _CONTROL.search(node) if isinstance(node, str) else None
        if found:
            report(where, f"contains an invisible control character (U+{ord(found.group()):04X}) that documents cannot hold",
                   "retype the value; such characters usually come from pasting out of another program")
