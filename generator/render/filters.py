"""The project's Jinja filters and the Markdown finalizer: every printed
value is escaped for Markdown (profile text is data, never markup)."""

from __future__ import annotations

import datetime as dt
import json
import re

from jinja2.exceptions import TemplateRuntimeError
from markupsafe import Markup

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


class MissingValue(TemplateRuntimeError):
    """A template printed ``none`` (an optional value the profile does not have)."""


def md_escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split("\n")).replace("\r", " "))

def md_finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        raise MissingValue("a template printed a value that the profile does not have (none)")
    if isinstance(value, dt.date):
        value = longdate(value)
    return Markup(md_escape(str(value)))


def longdate(value: dt.date | str) -> str:
    """``2025-09-01`` (a date or ISO text) -> ``1 September 2025``: the one long-date format."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return f"{value.day} {value:%B %Y}"


def upfirst(value) -> str:
    """``governing body`` -> ``Governing body`` (unlike ``capitalize``, the rest is kept: ``DSL``)."""
    text = str(value)
    return text[:1].upper() + text[1:]


def names(people) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    listed = [str(p.name if hasattr(p, "name") else p) for p in people]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


class YamlText(str):
    """A value the code made itself and knows to be plain YAML (printed as it is)."""


def yaml_finalize(value):
    """Every other printed value becomes a JSON string, which is a valid YAML
    double-quoted scalar: safe for any text."""
    return value if isinstance(value, YamlText) else json.dumps(str(value), ensure_ascii=False)
