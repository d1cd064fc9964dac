"""Content blocks: the format-neutral shape of every generated document.

Text templates render to Markdown, the Markdown is parsed into these blocks,
and each backend (DOCX, handbook site) renders the same blocks.  Backends
never see Markdown or Jinja, so one sentence has exactly one source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Union


@dataclass(frozen=True)
class Run:
    """A piece of inline text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None  # an URL (https:, mailto:, tel:) or None


Inline = tuple[Run, ...]


def plain_text(runs: Inline) -> str:
    return "".join(run.text for run in runs)


@dataclass(frozen=True)
class Heading:
    level: int  # 1..3
    runs: Inline
    anchor: str = ""  # stable slug for links and the handbook's page split

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class Paragraph:
    runs: Inline

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class ListItem:
    runs: Inline
    children: "tuple[BulletList | NumberedList, ...]" = ()


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    # Relative column widths (any positive numbers); empty means "equal".
    widths: tuple[float, ...] = ()
    # Minimum height of body rows in cm, for forms written on by hand.
    row_height_cm: float | None = None


@dataclass(frozen=True)
class Callout:
    """A highlighted box: ``note`` (key message) or ``warning`` (urgent)."""

    kind: str
    blocks: "tuple[Block, ...]"


@dataclass(frozen=True)
class Prompt:
    """A "How do we do this" prompt and the organisation's answer.

    ``blocks`` is empty when the profile has no answer: backends then show a
    visible TO COMPLETE marker with the question, and the document is a draft.
    """

    id: str
    question: str
    section: str
    blocks: "tuple[Block, ...]" = ()

    @property
    def answered(self) -> bool:
        return bool(self.blocks)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, BulletList, NumberedList, Table, Callout, Prompt, PageBreak]


@dataclass(frozen=True)
class Document:
    """One generated document, before any backend touches it."""

    kind: str  # policy | flowchart | addendum | form | letter
    slug: str  # file stem, e.g. "safeguarding-policy"
    title: str
    subject: str
    blocks: tuple[Block, ...]
    audience: str = "staff"  # "staff" or "public" (private numbers stripped)
    footer_note: str = ""  # e.g. a form's name and version
    confidential: bool = False  # forms: "CONFIDENTIAL" in the header
    landscape: bool = False
    toc: bool = False  # a contents list after the title
    sections: tuple = ()  # (template name, blocks) per section file: the handbook makes a page of each
    master: str | None = None  # the master's file name under templates/masters/ (default: by kind)
    path: str | None = None  # the output path in the pack (default: <slug>.docx)
    blank: bool = False  # a letter with spaces to fill in by hand (published), not a family's letter
    # Applied to the opened DOCX before it is saved (content controls, the flowchart's layout).
    finish_docx: Callable | None = field(default=None, compare=False, hash=False)

    @property
    def missing_prompts(self) -> tuple[Prompt, ...]:
        return tuple(walk_prompts(self.blocks, answered=False))

    @property
    def status(self) -> str:
        return "draft" if self.missing_prompts else "complete"


def walk(blocks: "tuple[Block, ...]"):
    """Every block, depth first, containers included."""
    for block in blocks:
        yield block
        if isinstance(block, (Callout, Prompt)):
            yield from walk(block.blocks)


def walk_prompts(blocks, answered: bool | None = None):
    for block in walk(blocks):
        if isinstance(block, Prompt) and (answered is None or block.answered == answered):
            yield block
