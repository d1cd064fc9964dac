"""Content blocks -> Markdown for MkDocs (Python-Markdown), with exact escaping.

Block text is plain text (markdown-it has already decoded the content
templates' escapes), so every character that Python-Markdown could read as
markup is escaped again here:

- ``& < >`` become HTML entities (Python-Markdown passes raw HTML through and
  has no backslash escape for ``<`` or ``&``);
- every other character in Python-Markdown's escape list (``\\ ` * _ { } [ ]
  ( ) > # + - . ! |``) gets a backslash, which Python-Markdown turns back
  into the literal character in the HTML;
- runs of whitespace (and newlines) collapse to one space, so profile text
  can never start a line (no headings, lists, indented code, admonitions).

Phone numbers and email addresses in plain text become ``tel:`` and
``mailto:`` links (tap to call or email on a phone), unless ``may_link`` says
no (the site's privacy guard: a private number is redacted, never linked).

Links are Markdown links with a percent-encoded target (so MkDocs validates
relative ones), for relative paths and the schemes a policy uses (``https``,
``http``, ``mailto``, ``tel``); any other link keeps its text and loses the
link.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import phonenumbers

from generator.render.blocks import (
    Block,
    BulletList,
    Callout,
    Heading,
    NumberedList,
    PageBreak,
    Paragraph,
    Prompt,
    Run,
    Table,
)

# What Python-Markdown would read as markup wherever it stands in text:
# emphasis, code, links, attribute lists, headings' closing hashes, table
# pipes, and the backslash itself.  The entities keep raw HTML out.
_ALWAYS = "\\`*_{}[]#|"
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# What is markup only at the start of a line (lists, admonitions, a rule):
# escaped at the start of every piece of text, wherever the piece lands.
_AT_START = "-+!."
# "1." is a list item at a line's start; "." after a digit is escaped anywhere.
_NUMBERED = re.compile(r"(?<=\d)\.")
_SPACE = re.compile(r"\s+")
LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:")


_ESCAPES = str.maketrans({**{char: "\\" + char for char in _ALWAYS}, **_ENTITIES})


def escape(text: str) -> str:
    """Plain text as Python-Markdown inline source that renders to exactly that text.

    Only what could be markup is escaped (not every full stop and bracket):
    each backslash escape is work for Python-Markdown on every page.
    """
    text = _NUMBERED.sub(r"\\.", _SPACE.sub(" ", text).translate(_ESCAPES))
    start = len(text) - len(text.lstrip(" "))
    if start < len(text) and text[start] in _AT_START:
        text = f"{text[:start]}\\{text[start:]}"
    return text


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def safe_href(url: str | None) -> str | None:
    """The URL, percent-encoded for a Markdown link; None for a scheme we do not link."""
    if not url:
        return None
    url = url.strip()
    if _SCHEME.match(url) and not url.lower().startswith(LINK_SCHEMES):
        return None  # javascript:, data:, file: ... never become links
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def html_text(text: str) -> str:
    """Text that Material may print raw (text or attribute) or with ``| e``.

    Material prints ``site_name`` and nav titles unescaped, even inside an
    attribute (``aria-label="{{ config.site_name }}"``), and elsewhere
    escaped.  Quotes and angle brackets become entities (no markup, no way
    out of an attribute); an ampersand is escaped only where it could start a
    character reference, so "Smith & Jones" reads right in both kinds of place.
    """
    text = " ".join(text.split())
    text = re.sub(r"&(?=[#A-Za-z0-9])", "&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


_DIGIT = re.compile(r"\d")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?<!\.)")


def _contact_links(text: str, may_link: Callable[[str], bool]) -> list[tuple[int, int, str]]:
    """(start, end, href) of each phone number and email address in plain text."""
    found = []
    if _DIGIT.search(text):  # the matcher's own digits (phonenumbers' _DIGITS); far cheaper than its scan
        for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
            tel = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
            if may_link(match.raw_string):
                found.append((match.start, match.end, f"tel:{tel}"))
    if "@" in text:
        for match in _EMAIL.finditer(text):
            if may_link(match.group()) and not any(s <= match.start() < e for s, e, _ in found):
                found.append((match.start(), match.end(), f"mailto:{match.group()}"))
    return sorted(found)


def linkify(runs: tuple[Run, ...], may_link: Callable[[str], bool]) -> tuple[Run, ...]:
    """Runs with every phone number and email address of unlinked text as its own linked run."""
    out: list[Run] = []
    for run in runs:
        links = [] if run.link else _contact_links(run.text, may_link)
        position = 0
        for start, end, href in links:
            if start > position:
                out.append(dataclasses.replace(run, text=run.text[position:start]))
            out.append(dataclasses.replace(run, text=run.text[start:end], link=href))
            position = end
        out.append(dataclasses.replace(run, text=run.text[position:]) if links else run)
    return tuple(r for r in out if r.text)


def inline(runs: tuple[Run, ...], may_link: Callable[[str], bool] | None = None) -> str:
    if may_link is not None:
        runs = linkify(runs, may_link)
    parts = []
    for run in runs:
        text = escape(run.text)
        if not text.strip():
            parts.append(text)
            continue
        # Emphasis as HTML tags: never ambiguous with neighbouring escapes.
        lead = " " if text.startswith(" ") else ""
        trail = " " if text.endswith(" ") and len(text) > 1 else ""
        core = text.strip(" ")
        if run.italic:
            core = f"<em>{core}</em>"
        if run.bold:
            core = f"<strong>{core}</strong>"
        href = safe_href(run.link)
        if href:
            # A Markdown link, so MkDocs checks (and rewrites) relative targets.
            core = f"[{core}]({href})"
        parts.append(lead + core + trail)
    return "".join(parts).strip()


@dataclass
class Labels:
    """Words the renderer adds around blocks (from the site's labels file)."""

    note: str = "Key point"
    warning: str = "Act now"
    to_complete: str = "To complete"
    prompt_ref: str = "prompt"


@dataclass
class MarkdownWriter:
    labels: Labels = field(default_factory=Labels)
    heading_offset: int = 0  # add to every heading level (never beyond 6)
    number: str = ""  # e.g. "14": prefixes the first level-1 heading "14. "
    may_link: Callable[[str], bool] | None = None  # None: no tel:/mailto: links added

    def document(self, blocks: tuple[Block, ...]) -> str:
        return "\n\n".join(self._block(block, "") for block in blocks if not isinstance(block, PageBreak)) + "\n"

    # -- blocks -----------------------------------------------------------

    def _block(self, block: Block, indent: str) -> str:
        if isinstance(block, Heading):
            level = min(6, block.level + self.heading_offset)
            text = inline(block.runs)
            if level == 1 and self.number:
                text = f"{self.number}\\. {text}"
            return f"{indent}{'#' * level} {text}"
        if isinstance(block, Paragraph):
            return indent + inline(block.runs, self.may_link)
        if isinstance(block, (BulletList, NumberedList)):
            return self._list(block, indent)
        if isinstance(block, Table):
            return self._table(block, indent)
        if isinstance(block, Callout):
            kind = "danger" if block.kind == "warning" else "note"
            title = self.labels.warning if block.kind == "warning" else self.labels.note
            return self._admonition(kind, title, block.blocks, indent)
        if isinstance(block, Prompt):
            if block.answered:
                return "\n\n".join(self._block(b, indent) for b in block.blocks if not isinstance(b, PageBreak))
            body = (Paragraph((Run(f"{block.question} ({self.labels.prompt_ref} {block.id})"),)),)
            return self._admonition("warning", self.labels.to_complete, body, indent)
        if isinstance(block, PageBreak):
            return ""
        raise TypeError(f"the handbook backend does not know {type(block).__name__} blocks")

    def _admonition(self, kind: str, title: str, blocks, indent: str) -> str:
        inner = indent + "    "
        body = "\n\n".join(self._block(b, inner) for b in blocks if not isinstance(b, PageBreak))
        title_text = escape(title).replace('"', "&quot;")
        return f'{indent}!!! {kind} "{title_text}"\n\n{body}'

    def _list(self, block, indent: str) -> str:
        lines = []
        numbered = isinstance(block, NumberedList)
        for number, item in enumerate(block.items, 1):
            marker = f"{number}. " if numbered else "- "
            text = inline(item.runs, self.may_link) or "&#8203;"
            lines.append(f"{indent}{marker}{text}")
            child_indent = indent + "    "
            for child in item.children:
                lines.append("")
                lines.append(self._list(child, child_indent))
            if item.children and number < len(block.items):
                # Without a blank line, Python-Markdown reads the next item as
                # part of the nested list, and the numbering is lost.
                lines.append("")
        return "\n".join(lines)

    def _table(self, block: Table, indent: str) -> str:
        columns = max([len(block.header)] + [len(row) for row in block.rows])

        def row(cells) -> str:
            texts = [inline(cell, self.may_link) for cell in cells] + [""] * (columns - len(cells))
            return indent + "| " + " | ".join(t or "&nbsp;" for t in texts) + " |"

        lines = [row(block.header), indent + "|" + "|".join(["---"] * columns) + "|"]
        lines.extend(row(cells) for cells in block.rows)
        return "\n".join(lines)


def render(blocks: tuple[Block, ...], labels: Labels | None = None, heading_offset: int = 0, number: str = "",
           may_link: Callable[[str], bool] | None = None) -> str:
    return MarkdownWriter(labels or Labels(), heading_offset, number, may_link).document(blocks)
