"""`policypack new`: a commented starter profile that validates as written."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re

from generator import clock
from generator.errors import ProfileInvalid, UserError
from generator.profile import guidance
from generator.render.filters import YamlText
from generator.render.jinja_env import yaml_env
from generator.sources.templates import TemplateSet

# Placeholders are fictional (Ofcom drama numbers, example domains) and
# valid, so the starter validates before anyone has edited it.
PLACEHOLDERS = {
    "org_name": "REPLACE Example Learning Centre",
    "kind": "alternative_provision",
    "local_authority": "REPLACE Local Authority",
    "dsl_name": "REPLACE Designated Safeguarding Lead",
    "dsl_job_title": "Centre Manager",
    "dsl_phone": "0116 496 0001",
    "dsl_email": "dsl@your-setting.example",
    "front_door_name": "REPLACE Children's Social Care Front Door",
    "front_door_phone": "0116 496 0002",
    "out_of_hours_name": "REPLACE Emergency Duty Team",
    "out_of_hours_phone": "0116 496 0003",
    "lado_phone": "0116 496 0004",
    "concern_recording": "CPOMS",
    "approved_by": "REPLACE Management Committee",
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


def ask(prompt) -> dict:
    """Ask the key questions with ``prompt(text, default=...)`` (click.prompt)."""
    return {key: prompt(text, default=PLACEHOLDERS[key]) for key, text in QUESTIONS}


def render_starter(path: str, answers: dict, today: dt.date) -> str:
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
    }
    return template.render({**values, **raw})


def write_starter(path: str, answers: dict, force: bool = False) -> None:
    if os.path.exists(path) and not force:
        raise UserError(f"{path} already exists", "choose another path, or add --force to overwrite it")
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
        from generator.profile.load import load_profile

        load_profile(temp, check_prompts=False)
        os.replace(temp, path)
    except ProfileInvalid as exc:
        os.unlink(temp)
        raise ProfileInvalid([dataclasses.replace(p, file=path) for p in exc.problems]) from None
    except BaseException:
        os.unlink(temp)
        raise
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror}", "check the folder exists and you may write to it") from None
