"""THE Jinja environments of policypack — the only place they are made.

The filters live in ``filters``, the budgets in ``limits`` and the sandboxed
environment class in ``sandbox``; this module puts them together.

Both are sandboxed (a template from someone else cannot read files, call
unsafe methods or reach Python internals), use StrictUndefined (a missing
value is an error, never a blank) and autoescape (profile text is data):

- ``markdown_env`` renders content templates to Markdown.  Every printed
  value is escaped for Markdown: each ASCII punctuation character gets a
  backslash (CommonMark's escape), newlines become spaces.  So
  ``{{ 7*7 }}``, ``*bold*`` or ``<script>`` in a name print as written.
- ``xml_env`` renders the masters' header and footer tags through docxtpl,
  which needs XML escaping (Jinja's own HTML escaping is valid XML).

Templates may come from someone else (a local authority, a setting), so the
sandbox also bounds what one render may cost:

- no ``include`` / ``import`` / ``extends`` (no file is ever read);
- no mutation of lists and dicts (ImmutableSandboxedEnvironment), no
  underscored attributes (``__class__``, ``__globals__``), no ``lipsum``;
- ``*``, ``**``, ``+``, ``%``, ``/``, ``//``, ``~`` and the filters and string
  methods that multiply text (center, indent, wordwrap, format, join,
  replace, batch, slice, ljust, zfill, ...) refuse results larger than
  ``MAX_VALUE_CHARS`` characters or integers of more than ``MAX_INT_BITS`` bits;
- every loop iteration, call and operator counts against a per-render budget
  (``MAX_STEPS``) and a wall-clock budget (``MAX_RENDER_SECONDS``); macro calls
  may nest ``MAX_CALL_DEPTH`` deep.  The budget lives on the render's Jinja
  context, so it works in any thread or worker process, for ``render()``,
  ``generate()`` and macro calls alike;
- joined output (``render()``, ``{% set %}`` blocks, macro bodies) is capped at
  ``MAX_OUTPUT_CHARS``;
- a template source over ``MAX_TEMPLATE_CHARS`` characters or ``MAX_TEMPLATE_TAGS``
  tags is refused before compiling (a syntax error at line 1).

Each refusal is a ``TemplateLimit`` (a Jinja ``SecurityError``): callers that
handle ``jinja2.TemplateError`` report it; ``render_limited`` turns it into a
``TemplateProblem`` naming the template.  Ordinary Python errors raised by
template code (``{{ "a" - 1 }}``) become Jinja ``TemplateRuntimeError``s with
the template line, never a traceback.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError, TemplateRuntimeError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment

from generator.errors import TemplateProblem
from generator.render.filters import (
    MissingValue,
    longdate,
    md_escape,
    md_finalize,
    names,
    upfirst,
    yaml_finalize,
)
from generator.render.limits import MAX_OUTPUT_CHARS, TemplateLimit
from generator.render.sandbox import _Sandbox, _template_line


def _common(env: SandboxedEnvironment) -> SandboxedEnvironment:
    env.filters["longdate"] = longdate
    env.filters["names"] = names
    env.filters["upfirst"] = upfirst
    return env


@cache
def markdown_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=md_finalize,
                   trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return _common(env)


@cache
def yaml_env() -> SandboxedEnvironment:
    """YAML text (the starter profile): every value printed as a quoted scalar."""
    return _common(_Sandbox(autoescape=False, undefined=StrictUndefined, finalize=yaml_finalize,
                            keep_trailing_newline=True))


def html_env(folder: str) -> SandboxedEnvironment:
    """HTML pages from the template files of ``folder`` (the review report)."""
    return _common(_Sandbox(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True))


def text_env(folder: str) -> SandboxedEnvironment:
    """Plain text files from the template files of ``folder`` (the evidence
    archive's README): nothing to escape in plain text, but values still go
    in as data, never compiled."""
    return _common(_Sandbox(loader=FileSystemLoader(folder), autoescape=False, undefined=StrictUndefined,
                            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True))


def page_env(folder: str) -> Environment:
    """HTML pages of policypack's own (the profile editor) from ``folder``.

    Only ever the shipped templates/editor pages, never a setting's or an
    LA's templates, so they may extend and include each other (the sandbox
    forbids that); every value printed is HTML-escaped (autoescape), and a
    missing value is an error (StrictUndefined).
    """
    return _common(Environment(loader=FileSystemLoader(folder), autoescape=True, undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True))


@cache
def xml_env() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined)
    return _common(env)


def render_limited(template, context: dict, where: str) -> str:
    """Render with a cap on the output size, so a hostile template cannot
    fill the memory; every refusal of the sandbox becomes a TemplateProblem
    that names ``where``."""
    chunks, total = [], 0
    try:
        for chunk in template.generate(context):
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateProblem(f"{where} renders more than {MAX_OUTPUT_CHARS:,} characters",
                                      "check the template for a runaway loop")
            chunks.append(chunk)
    except MissingValue as exc:
        line = _template_line(exc.__traceback__)
        raise TemplateProblem(f"{where}:{line}: {exc}" if line else f"{where}: {exc}",
                              "guard optional values with {% if ... %} in the template") from None
    except SecurityError as exc:
        raise TemplateProblem(f"{where}: unsafe template code refused: {exc}",
                              "templates may only print profile values, with small loops") from None
    except UndefinedError as exc:
        raise TemplateProblem(f"{where}: {exc.message}", "use only values the profile provides (docs/architecture.md)") from None
    except TemplateRuntimeError as exc:
        raise TemplateProblem(f"{where}: {exc}", "fix the template") from None
    return "".join(chunks)


__all__ = ["TemplateLimit", "longdate", "markdown_env", "md_escape", "names", "page_env", "render_limited", "xml_env"]
