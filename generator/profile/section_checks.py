"""Checks of particular parts of a profile: the guidance editions it names,
its policy answers (prompt ids, kinds, tokens and typed-out details) and its
emergency-closure settings.  Called by ``validate``; each reports through
the same reporter, at the value's file and line."""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Callable

from generator.profile import guidance, tokens

Report = Callable[..., None]  # validate._Reporter: (path, message, fix, severity)

# School Attendance (Pupil Registration) (England) Regulations 2024 and the
# children missing education guidance: the local authority is told after this
# many school days of continuous unexplained absence (docs/content-sources.md).
CME_SCHOOL_DAYS = 10


def _get(data, *path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _check_guidance(data: dict, report: Report, today: dt.date) -> None:
    entries = _get(data, "guidance", "editions")
    entries = entries if isinstance(entries, list) else []
    extra = guidance.from_profile([e for e in entries if isinstance(e, dict) and isinstance(e.get("series"), str)
                                   and isinstance(e.get("edition"), int)])
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("series"), str) \
                and entry["series"] not in guidance.series_ids() and not entry.get("title"):
            report(("guidance", "editions", index, "series"), f"'{entry['series']}' is not a series policypack knows",
                   "add title: for a new series, or use one of: " + ", ".join(guidance.series_ids()))
    for series in ("kcsie", "working_together"):
        cited = _get(data, "guidance", series)
        editions = guidance.known(series, extra)
        newest = guidance.newest_in_force(series, today, extra)
        if isinstance(cited, int) and newest and cited < newest:
            report(("guidance", series), f"names the {cited} edition of {guidance.title(series)}, but the {newest} edition "
                   f"is in force; the documents cite the {newest} edition",
                   f"set {series}: {newest} (or delete the key to follow the newest edition)", severity="warning")
        elif isinstance(cited, int) and cited not in editions:
            report(("guidance", series), f"{cited} is not an edition of {guidance.title(series)} that policypack knows",
                   "use one of: " + ", ".join(str(y) for y in editions)
                   + ", or add it under guidance: editions: with its in_force date")
    for series in guidance.series_ids():
        newest = guidance.newest_in_force(series, today, extra)
        written = guidance.written_for(series)
        if newest and written and newest > written:
            report(("guidance",), f"the {newest} edition of {guidance.title(series)} is in force, but the policy "
                   f"templates were written for the {written} edition",
                   "read what the new edition changed and update the templates (or ask your local authority "
                   "whether an updated pack is available)", severity="warning")


def _check_answers(data: dict, report: Report, known: dict) -> None:
    answers = _get(data, "policy", "answers")
    if not isinstance(answers, dict):
        return
    for key in answers:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]}?" if close else ""
            report(("policy", "answers", key), f"'{key}' is not a prompt of the policy{hint}",
                   f"rename it to {close[0]}" if close else "`policypack check PROFILE` lists the prompt ids")
            continue
        if isinstance(answers[key], str):
            for severity, message, fix in tokens.problems(data, answers[key]):
                report(("policy", "answers", key), message, fix, severity)
        kinds = getattr(known[key], "kinds", None)
        kind = _get(data, "organisation", "kind")
        if kinds is not None and isinstance(kind, str) and kind not in kinds:
            report(("policy", "answers", key), f"'{key}' is asked only of {', '.join(kinds)}, not of {kind}: "
                   "this answer is not printed", "delete it, or check organisation.kind", severity="warning")


def _check_closure(data: dict, report: Report, scheme_keys: dict) -> None:
    closure = data.get("closure")
    if not isinstance(closure, dict):
        return
    missing = closure.get("missing_after_school_days", 5)
    inform = closure.get("inform_la_after_school_days", 10)
    if isinstance(missing, int) and isinstance(inform, int) and inform <= missing:
        report(("closure", "inform_la_after_school_days"),
               f"{inform} is not more than missing_after_school_days ({missing}): a family is logged as missing first, "
               "and the local authority is told later if contact is still not made",
               "raise inform_la_after_school_days (the usual values are 5 and 10 school days)")
    elif isinstance(inform, int) and inform > CME_SCHOOL_DAYS:
        report(("closure", "inform_la_after_school_days"),
               f"{inform} school days is longer than the children missing education rules allow: the local authority "
               f"must be told once a child has been absent without explanation for {CME_SCHOOL_DAYS} school days in a row",
               f"set inform_la_after_school_days: {CME_SCHOOL_DAYS} or fewer", severity="warning")
    _check_closure_active(closure, report)
    levels = closure.get("levels")
    scheme = closure.get("scheme", "categories")
    known = scheme_keys.get(scheme, ()) if isinstance(scheme, str) else ()
    if not isinstance(levels, list):
        return
    seen: set[str] = set()
    for index, level in enumerate(levels):
        if not isinstance(level, dict) or not isinstance(level.get("key"), str):
            continue
        key = level["key"].strip().lower()
        path = ("closure", "levels", index, "key")
        if key in seen:
            report(path, f"the level '{level['key']}' is listed twice", "keep one entry per key and put all its changes in it")
        seen.add(key)
        if known and key not in known:
            if not level.get("contact"):
                report(path, f"'{level['key']}' is not a level of the {scheme} scheme, and a new level needs contact:",
                       "add contact: (e.g. \"once a week\") or use one of the scheme's keys: " + ", ".join(known))
            else:
                report(path, f"'{level['key']}' is not a level of the {scheme} scheme; it is added as an extra level",
                       "if you meant to change a level, use one of: " + ", ".join(known), severity="warning")


def _check_closure_active(closure: dict, report: Report) -> None:
    active = closure.get("active")
    if not isinstance(active, dict):
        return
    start, until = active.get("from"), active.get("until")
    if isinstance(start, dt.date) and isinstance(until, dt.date) and until < start:
        report(("closure", "active", "until"), f"{until} is before the closure's first day ({start})",
               "set until: to the closure's last day, or leave it out while the end is not known")
    if closure.get("enabled") is False:
        report(("closure", "active"), "a closure is in force but enabled: false means no addendum is built",
               "set closure.enabled: true, or remove closure.active when the closure is over")
