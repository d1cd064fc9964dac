"""THE Jinja environments of policypack — the only place they are made.

Both are sandboxed (a template from someone else cannot read files, call
unsafe methods or reach Python internals), use StrictUndefined (a missing
value is an error, never a blank) and autoescape (profile text is data):

- ``markdown_env`` renders content templates to Markdown.  Every printed
  value is escaped for Markdown: each ASCII punctuation character gets a
  backslash (CommonMark's escape), newlines become spaces.  So
  ``{{ 7*7 }}``, ``*bold*`` or ``<script>`` in a name print as written.
- ``xml_env`` renders the masters' header and footer tags through docxtpl,
  which needs XML escaping (Jinja's own HTML escaping is valid XML).
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from jinja2 import StrictUndefined, nodes
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from generator.errors import TemplateProblem

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
MAX_OUTPUT_CHARS = 5_000_000


def md_escape(text: str) -> str:
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(text).split("\n")).replace("\r", " "))


def _md_finalize(value):
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TemplateProblem("a template printed a value that the profile does not have",
                              "guard optional values with {% if ... %} in the template")
    if isinstance(value, dt.date):
        value = longdate(value)
    return Markup(md_escape(str(value)))


def longdate(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def names(people) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    listed = [str(p.name if hasattr(p, "name") else p) for p in people]
    if len(listed) <= 1:
        return "".join(listed)
    return ", ".join(listed[:-1]) + " and " + listed[-1]


class _Sandbox(SandboxedEnvironment):
    """Refuses attribute access to underscored names (already) and to
    mutating methods of lists and dicts (so templates cannot change data)."""


def _common(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters["longdate"] = longdate
    env.filters["names"] = names
    return env


@lru_cache(maxsize=None)
def markdown_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=_md_finalize,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return _common(env)


@lru_cache(maxsize=None)
def xml_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined)
    return _common(env)


def render_limited(template, context: dict, where: str) -> str:
    """Render with a cap on the output size, so a hostile template cannot
    fill the memory (the sandbox already caps ``range``)."""
    chunks, total = [], 0
    for chunk in template.generate(context):
        total += len(chunk)
        if total > MAX_OUTPUT_CHARS:
            raise TemplateProblem(f"{where} renders more than {MAX_OUTPUT_CHARS:,} characters",
                                  "check the template for a runaway loop")
        chunks.append(chunk)
    return "".join(chunks)


__all__ = ["markdown_env", "xml_env", "md_escape", "longdate", "names", "render_limited", "nodes"]
