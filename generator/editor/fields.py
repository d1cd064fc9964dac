"""What the editor shows for a key path: its rule, label, help and widget,
and how a typed value becomes a YAML value.

The rules are the schema's own (generator/profile/schema.py); the pages and
labels are wording, in templates/editor/pages.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

import yaml

from generator.editor.yamldoc import quoted
from generator.profile.schema import SCHEMA
from generator.sources.templates import builtin_dir


@cache
def wording() -> dict:
    """templates/editor/pages.yaml: the pages, labels and names (shipped, trusted)."""
    with open(f"{builtin_dir()}/editor/pages.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


PAGE_DEFAULTS = {"groups": [], "people": [], "contacts": [], "partnership": False, "answers": False, "build": False}


@cache
def pages() -> list[dict]:
    """The pages in order, each with every part named (absent parts empty)."""
    return [{**PAGE_DEFAULTS, **spec} for spec in wording()["pages"]]


def page(slug: str) -> dict | None:
    return next((p for p in pages() if p["slug"] == slug), None)


def split(key: str) -> tuple:
    """``people.deputy_dsls.0.name`` -> ("people", "deputy_dsls", 0, "name")."""
    return tuple(int(part) if part.isdigit() else part for part in key.split("."))


def join(path: tuple) -> str:
    return ".".join(str(part) for part in path)


def rule_for(path: tuple) -> dict | None:
    """The schema rule of the value at ``path``, or None for an unknown key."""
    rules: dict = SCHEMA
    rule = None
    for part in path:
        if rule is not None:
            if rule.get("type") == "list":
                if not isinstance(part, int):
                    return None
                rule = rule.get("schema")
                continue
            if "valuesrules" in rule:  # policy.answers.<prompt id>
                rule = {**rule["valuesrules"], "meta": {"description": rule["meta"]["description"]}}
                continue
            rules = rule.get("schema") or {}
        if not isinstance(part, str) or part not in rules:
            return None
        rule = rules[part]
    return rule


@dataclass(frozen=True)
class Field:
    key: str  # dotted key path, the field's name everywhere
    label: str
    help: str
    widget: str  # text, textarea, date, number, select
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for select
    phone: bool = False

    @property
    def dom_id(self) -> str:
        return "f-" + re.sub(r"[^a-zA-Z0-9_-]", "-", self.key)


def field(key: str, label: str | None = None) -> Field:
    path = split(key)
    rule = rule_for(path) or {}
    meta = rule.get("meta", {})
    labels = wording()["labels"]
    name = label or labels.get(str(path[-1]), str(path[-1]).replace("_", " ").capitalize())
    kind = rule.get("type")
    widget, options = "text", ()
    if kind == "date":
        widget = "date"
    elif kind == "integer":
        widget = "number"
    elif kind == "boolean":
        widget, options = "select", (("", "(not set: the default)"), ("true", "yes"), ("false", "no"))
    elif "allowed" in rule:
        widget, options = "select", (("", "(not set)"),) + tuple((str(a), str(a)) for a in rule["allowed"])
    elif rule.get("maxlength", 0) > 500 or path[:2] == ("policy", "answers"):
        widget = "textarea"
    return Field(key, name, meta.get("description", ""), widget, options, meta.get("check") == "phone")


def parse(key: str, raw: str):
    """The YAML value for what was typed: None (delete the key) when empty.

    A value of the wrong kind is passed on as text, so that the validator,
    not this function, says what is wrong with it (in its own words).
    """
    path = split(key)
    rule = rule_for(path) or {}
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = raw.strip() if "\n" not in raw.strip() else raw.strip("\n").rstrip()
    if text == "":
        return None
    kind = rule.get("type")
    if kind == "integer" and re.fullmatch(r"-?\d{1,9}", text):
        return int(text)
    if kind == "boolean" and text in ("true", "false"):
        return text == "true"
    if kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if rule.get("meta", {}).get("check") == "phone":
        return quoted(text)
    return text


def shown(value) -> str:
    """A YAML value as the form shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
