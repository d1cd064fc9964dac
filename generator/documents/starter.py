"""`policypack new`: a commented starter profile that validates as written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

from generator import clock
from generator.errors import ProfileInvalid, UserError
from generator.profile import guidance
from generator.profile.placeholders import PLACEHOLDERS
from generator.render.filters import YamlText
from generator.render.jinja_env import yaml_env
from generator.sources.templates import TemplateSet

# What each question fills in: a problem found at these keys is the answer's.
ANSWER_KEYS = {
    "org_name": ("organisation.name", "organisation.id"),
    "kind": ("organisation.kind",),
    "local_authority": ("organisation.local_authority",),
    "dsl_name": ("people.dsl.name",),
    "dsl_job_title": ("people.dsl.job_title",),
    "dsl_phone": ("people.dsl.phone",),
    "dsl_email": ("people.dsl.email",),
    "front_door_name": ("contacts.front_door.name",),
    "front_door_phone": ("contacts.front_door.phone",),
    "out_of_hours_name": ("contacts.out_of_hours.name",),
    "out_of_hours_phone": ("contacts.out_of_hours.phone",),
    "lado_phone": ("contacts.lado.phone",),
    "concern_recording": ("systems.concern_recording",),
    "approved_by": ("review.approved_by",),
}

QUESTIONS = (
    ("org_name", "Organisation name"),
    ("kind", "Kind (alternative_provision, school, academy_trust, partnership, college, early_years)"),
    ("local_authority", "Local authority"),
    ("dsl_name", "DSL's name"),
    ("dsl_job_title", "DSL's job title"),
    ("dsl_phone", "DSL's work phone"),
    ("dsl_email", "DSL's work email"),
    ("front_door_name", "Children's social care front door (name)"),
    ("front_door_phone", "Front door phone"),
    ("out_of_hours_name", "Out-of-hours team (name)"),
    ("out_of_hours_phone", "Out-of-hours phone"),
    ("lado_phone", "LADO phone"),
    ("concern_recording", "Where concerns are recorded (CPOMS, MyConcern, paper...)"),
    ("approved_by", "Who approves the policy each year"),
)


def ask(prompt, say, path: str, answers: dict, today: dt.date | None = None) -> dict:
    """Ask the key questions with ``prompt(text, default=...)`` (click.prompt).

    Each answer is checked as soon as it is typed, with the rules and
    messages of ``policypack validate``; a wrong one is asked again (the
    others are kept). Pressing Enter keeps the placeholder, to fill in later.
    ``answers`` is filled in place, so a caller interrupted part-way keeps
    what was typed.
    """
    for key, text in QUESTIONS:
        while True:
            value = prompt(text, default=PLACEHOLDERS[key])
            problems = answer_problems(path, {**answers, key: value}, key, today or clock.today())
            if not problems:
                answers[key] = value
                break
            for problem in problems:
                say(f"  {problem.message}" + (f"\n    fix: {problem.fix}" if problem.fix else ""))
    return answers


def answer_problems(path: str, answers: dict, key: str, today: dt.date) -> list:
    """The errors ``policypack validate`` would give the keys that ``answers[key]`` fills in."""
    from generator.profile.load import problems_of

    text = render_starter(path, answers, today)
    return [p for p in problems_of(path, text, allow_placeholders=True)
            if p.severity == "error" and p.key in ANSWER_KEYS[key]]


def render_starter(path: str, answers: dict, today: dt.date, extends: str | None = None,
                   inherited: frozenset = frozenset()) -> str:
    """The starter's text; with ``extends`` (an LA file), the keys in
    ``inherited`` (``contacts.lado``, ``organisation.local_authority``) are
    left to that file instead of holding placeholders."""
    values = {**PLACEHOLDERS, **{k: v for k, v in answers.items() if v}}
    slug = re.sub(r"[^a-z0-9]+", "-", values["org_name"].lower().replace("replace", "")).strip("-")[:64] or "my-setting"
    template = yaml_env().from_string(TemplateSet.for_dirs().read("profile/starter.yaml"))
    next_year = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) else today + dt.timedelta(days=365)
    raw = {
        "org_id": YamlText(slug if len(slug) >= 2 else "my-setting"),
        "kcsie": YamlText(guidance.newest_in_force("kcsie", today)),
        "working_together": YamlText(guidance.newest_in_force("working_together", today)),
        "last_reviewed": YamlText(today.isoformat()),
        "next_review": YamlText(next_year.isoformat()),
        "kind": YamlText(values["kind"]) if re.fullmatch(r"[a-z_]+", values["kind"]) else values["kind"],
        "path": YamlText(path),
        "extends": extends,
        "inherited": inherited,
    }
    return template.render({**values, **raw})


def refuse_existing(path: str, force: bool) -> None:
    if os.path.exists(path) and not force:
        raise UserError(f"{path} already exists", "choose another path, or add --force to overwrite it")


def write_starter(path: str, answers: dict, force: bool = False) -> None:
    refuse_existing(path, force)
    text = render_starter(path, answers, clock.today())
    folder = os.path.dirname(path) or "."
    try:
        os.makedirs(folder, exist_ok=True)
        temp = os.path.join(folder, f".{os.path.basename(path)}.tmp")
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", "check the folder exists and you may write to it") from None
    try:
        # Answers typed at the prompts may be invalid (a phone number with a
        # typo): check before the file appears, and leave nothing behind.
        from generator.profile.load import problems_of

        problems = problems_of(temp, check_prompts=False, allow_placeholders=True)
        if any(p.severity == "error" for p in problems):
            raise ProfileInvalid(problems)
        os.replace(temp, path)
    except ProfileInvalid as exc:
        os.unlink(temp)
        raise ProfileInvalid([dataclasses.replace(p, file=path) for p in exc.problems]) from None
    except BaseException:
        os.unlink(temp)
        raise
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", "check the folder exists and you may write to it") from None
