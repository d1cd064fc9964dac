"""MkDocs hooks of the staff handbook (listed under ``hooks:`` in mkdocs.yml).

Only MkDocs' public plugin events are used (each function's name is an
event: https://www.mkdocs.org/dev-guide/plugins/#events); nothing of MkDocs
or Material is patched.

- ``on_env``: Jinja's bytecode cache keeps Material's compiled templates
  (about 1.2 of 2 s of a build), in memory for the next build in the same
  process and on disk for the next process (the default folder is private
  to the user: Jinja creates it 0700 and refuses one owned by someone else).
- ``on_config``: Python-Markdown looks only for the syntax policypack writes
  (``generator/handbook/markdown.py``), not for the rest of Markdown. That
  writer escapes every character that could start the syntax dropped here
  (backtick, ``*``, ``_``, ``[``, ``>`` and ``<`` as entities), writes
  emphasis as ``<em>``/``<strong>`` and never writes a code fence, a quote,
  a rule, a setext heading or a reference link.  So each page converts to
  the same HTML in about two thirds of the time, and a profile's lines of
  ``~~~`` (no Markdown escape exists for ``~``) stay text instead of
  becoming a code block (MkDocs always adds the fenced-code extension).
- ``on_page_content``: every table cell gets its column's name as
  ``data-label``, which the stylesheet shows above the value when a phone
  stacks the table into cards. The names are the table's own header text:
  no wording is added here.
"""

from __future__ import annotations

import html
import re

import jinja2
from markdown.extensions import Extension

_cache: jinja2.BytecodeCache | None = None

_TABLE = re.compile(r"<table>(.*?)</table>", re.S)
_HEADER = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def on_env(env: jinja2.Environment, config, files) -> jinja2.Environment:
    global _cache
    if _cache is None:
        try:
            _cache = jinja2.FileSystemBytecodeCache()
        except (OSError, RuntimeError):  # no usable temporary folder: compile as usual
            return env
    env.bytecode_cache = _cache
    return env


# Python-Markdown's names for the syntax policypack never writes (see above).
NOT_WRITTEN_INLINE = ("backtick", "reference", "image_reference", "short_reference", "short_image_ref",
                      "autolink", "automail", "em_strong")
NOT_WRITTEN_BLOCKS = ("quote", "hr", "setextheader", "reference")
NOT_WRITTEN_PREPROCESSORS = ("fenced_code_block",)


class _WrittenSyntaxOnly(Extension):
    """Listed last, so it removes what the built-in and configured extensions added."""

    def extendMarkdown(self, md) -> None:  # Python-Markdown's name for the hook
        for registry, names in ((md.inlinePatterns, NOT_WRITTEN_INLINE),
                                (md.parser.blockprocessors, NOT_WRITTEN_BLOCKS),
                                (md.preprocessors, NOT_WRITTEN_PREPROCESSORS)):
            for name in names:
                registry.deregister(name, strict=False)


def on_config(config):
    if not any(isinstance(extension, _WrittenSyntaxOnly) for extension in config.markdown_extensions):
        config.markdown_extensions.append(_WrittenSyntaxOnly())
    return config


def on_page_content(html_text: str, page, config, files) -> str:
    return _TABLE.sub(_label_cells, html_text)


def _label_cells(table: re.Match) -> str:
    body = table.group(1)
    labels = [_attribute(cell) for cell in _HEADER.findall(body)]
    if not labels:
        return table.group(0)

    def row(match: re.Match) -> str:
        cells = iter(labels)
        return "<tr>" + _CELL.sub(lambda _: f'<td data-label="{next(cells, "")}"', match.group(1)) + "</tr>"

    return "<table>" + _ROW.sub(row, body) + "</table>"


def _attribute(cell_html: str) -> str:
    """A header cell's text, safe inside a double-quoted attribute."""
    text = html.unescape(_TAG.sub("", cell_html))
    return html.escape(" ".join(text.split()), quote=True)
