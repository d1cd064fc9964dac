"""Render a content template (Jinja + Markdown) into content blocks."""

from __future__ import annotations

from typing import Mapping

import jinja2
from markupsafe import Markup

from generator.errors import TemplateProblem
from generator.profile.tokens import TOKEN, Token, value_of
from generator.render.blocks import Block
from generator.render.jinja_env import markdown_env, md_escape, render_limited
from generator.render.markdown_blocks import parse_markdown
from generator.sources.prompts import PromptInfo
from generator.sources.templates import TemplateSet, split_front_matter


def answer_markdown(text: str | None, context: dict | None = None) -> str:
    """An organisation's answer as escaped Markdown: blank lines separate
    paragraphs, lines starting with "- " are bullets; nothing else is markup.
    Tokens such as ``[dsl.phone]`` print the profile's value (escaped too)."""
    if not text:
        return ""
    out = []
    for line in text.strip().splitlines():
        stripped = line.strip()
        if not stripped:
            out.append("")
        elif stripped.startswith(("- ", "* ", "• ")):
            out.append("- " + _escaped_with_tokens(stripped[2:].strip(), context))
        else:
            out.append(_escaped_with_tokens(stripped, context))
    return "\n".join(out)


def _escaped_with_tokens(text: str, context: dict | None) -> str:
    """Escape ``text``, replacing each token by its escaped value: the value is
    looked up, never evaluated, so a token can print only profile data."""
    if context is None:
        return md_escape(text)
    out, last = [], 0
    for match in TOKEN.finditer(text):
        value = value_of(Token(match.group(0), match.group(1), match.group(2) or "name"), context)
        out.append(md_escape(text[last:match.start()]))
        out.append(md_escape(value if value is not None else match.group(0)))
        last = match.end()
    out.append(md_escape(text[last:]))
    return "".join(out)


def _compile(env, path: str, text: str, front_matter: bool):
    first_line = 1
    if front_matter:
        _, text, first_line = split_front_matter(text)
    # Pad with newlines so Jinja's line numbers match the file's.
    source = "\n" * (first_line - 1) + text
    try:
        return env.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{path}:{exc.lineno}: template syntax error: {exc.message}",
                              "fix the {{ }} or {% %} tag on that line") from None


_compiled: dict = {}


def compile_file(templates: TemplateSet, name: str, env=None, front_matter: bool = True):
    """``(path, template)`` for a template file, compiled once per process
    (keyed on its path and text); a syntax error names the file and line.
    ``env`` defaults to the Markdown environment of content templates."""
    env = env or markdown_env()
    path = templates.find(name)
    text = templates.read(name)
    key = (id(env), path, text, front_matter)
    if key not in _compiled:
        _compiled[key] = path, _compile(env, path, text, front_matter)
    return _compiled[key]



def render_blocks(templates: TemplateSet, name: str, context: dict,
                  answers: Mapping[str, str] | None = None,
                  prompts: Mapping[str, PromptInfo] | None = None,
                  other_kinds: frozenset[str] = frozenset()) -> tuple[Block, ...]:
    """Render ``name`` with ``context`` and parse the Markdown into blocks.

    ``other_kinds``: prompt ids declared only for other kinds of setting;
    ``answer()`` of one of them prints nothing."""
    path, template = compile_file(templates, name)
    answers = answers or {}
    prompts = prompts or {}

    def answer(prompt_id: str) -> Markup:
        if prompt_id in other_kinds:
            return Markup("")
        if prompt_id not in prompts:
            raise TemplateProblem(f"{path}: answer('{prompt_id}') names a prompt that no policy template declares",
                                  "declare it in the front matter under prompts:")
        return Markup(f"::: prompt {prompt_id}\n{answer_markdown(answers.get(prompt_id), context)}\n:::\n")

    try:
        text = render_limited(template, {**context, "answer": answer}, path)
    except TemplateProblem:
        raise
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"{path}: {exc.message}", "use only values the profile provides (docs/architecture.md)") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateProblem(f"{path}: unsafe template code refused: {exc}", "templates may only print profile values") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"{path}: {exc}", "fix the template") from None
    return parse_markdown(text, path, prompts)
