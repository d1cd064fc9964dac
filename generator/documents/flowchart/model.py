"""A flowchart declared as data (templates/flowchart/<slug>.yaml), rendered.

The data file lays the chart out as rows of boxes from top to bottom; inside
a row, boxes may be joined by an arrow cell ("→").  ``links`` join boxes in
different rows.  Box texts are Markdown + Jinja rendered with the shared
render context, so profile values are escaped exactly as in the policy and
each box ends up as content blocks (plain text runs), ready for any backend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jinja2

from generator.errors import TemplateProblem
from generator.render.blocks import (
    Block,
    BulletList,
    NumberedList,
    Paragraph,
    Run,
    plain_text,
)
from generator.render.jinja_env import markdown_env, render_limited, xml_env
from generator.render.markdown_blocks import parse_markdown, parse_static_markdown

_JINJA = re.compile(r"\{[{%#]")  # a template without these prints no profile value

_FIX = "fix the flowchart's data file (see templates/flowchart/worried-about-a-child.yaml for the format)"


@dataclass(frozen=True)
class Style:
    fill: str
    border: str
    border_size: int = 12  # eighths of a point (Word's w:sz)


@dataclass(frozen=True)
class Box:
    id: str
    style: str
    width: float
    title: tuple[Run, ...]
    body: tuple[Block, ...]
    step: int  # 1-based, reading order

    @property
    def title_text(self) -> str:
        return plain_text(self.title)

    def body_lines(self) -> list[str]:
        """The body as plain lines ("• " before bullet items)."""
        return block_lines(self.body)


@dataclass(frozen=True)
class Arrow:
    """An arrow cell between two boxes of the same row."""

    glyph: str
    label: str
    width: float


@dataclass(frozen=True)
class Row:
    items: tuple  # Box | Arrow, left to right
    gap: bool = False  # a blank band above the row (no arrow comes in)

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(i for i in self.items if isinstance(i, Box))


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    label: str = ""


@dataclass(frozen=True)
class Flowchart:
    slug: str
    title: str
    subject: str
    audience: str
    intro: str
    summary: str
    rows: tuple[Row, ...]
    links: tuple[Link, ...]  # every arrow, in-row ones included
    styles: dict
    wording: dict

    @property
    def boxes(self) -> tuple[Box, ...]:
        return tuple(box for row in self.rows for box in row.boxes)

    def box(self, box_id: str) -> Box:
        for box in self.boxes:
            if box.id == box_id:
                return box
        raise KeyError(box_id)

    def row_of(self, box_id: str) -> int:
        for index, row in enumerate(self.rows):
            if any(b.id == box_id for b in row.boxes):
                return index
        raise KeyError(box_id)

    def outgoing(self, box_id: str) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.source == box_id)


def block_lines(blocks) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, (BulletList, NumberedList)):
            for item in block.items:
                lines.append("\u2022 " + plain_text(item.runs))
    return lines


@lru_cache(maxsize=256)
def _template(source: str):
    return markdown_env().from_string(source)


@lru_cache(maxsize=256)
def _expression(source: str):
    """A ``requires:`` expression compiled once: it is the data file's text, the
    same for every organisation (closure tasks ask dozens per build)."""
    return xml_env().compile_expression(source)


def render_text(source: str, context: dict, where: str) -> tuple[Block, ...]:
    """Markdown + Jinja -> blocks, with errors that name the data file and box."""
    try:
        text = render_limited(_template(source), context, where)
    except TemplateProblem:
        raise
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem(f"{where}: template syntax error: {exc.message}", _FIX) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(f"{where}: {exc.message}", "use only values the profile provides (docs/architecture.md)") from None
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"{where}: {exc}", _FIX) from None
    if not _JINJA.search(source):
        return parse_static_markdown(text, where)  # cached by template: the same for every organisation
    return parse_markdown(text, where)


def render_line(source: str, context: dict, where: str) -> tuple[Run, ...]:
    blocks = render_text(source, context, where)
    if not blocks:
        return ()
    if len(blocks) != 1 or not isinstance(blocks[0], Paragraph):
        raise TemplateProblem(f"{where}: must be one line of text", _FIX)
    return blocks[0].runs


def condition(expression: str | None, context: dict, where: str) -> bool:
    """A data file's ``requires:`` Jinja expression (None: always)."""
    if expression in (None, "", True):
        return True
    try:
        return bool(_expression(str(expression))(**context))
    except jinja2.TemplateError as exc:
        raise TemplateProblem(f"{where}: requires: {expression!r} cannot be evaluated: {exc}", _FIX) from None


def _need(data, key: str, kind, where: str):
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        raise TemplateProblem(f"{where}: '{key}' is missing or is not a {getattr(kind, '__name__', 'value')}", _FIX)
    return value


def build(data: dict, styles: dict, context: dict, where: str) -> Flowchart:
    """Validate the data file ``data`` and render its texts with ``context``."""
    if not isinstance(data, dict):
        raise TemplateProblem(f"{where}: a flowchart file must be a mapping", _FIX)
    style_map = {name: Style(str(s["fill"]), str(s["border"]), int(s.get("border_size", 12)))
                 for name, s in (styles or {}).items()}
    rows: list[Row] = []
    seen: set[str] = set()
    in_row: list[Link] = []
    step = 0
    for r, row in enumerate(_need(data, "rows", list, where), start=1):
        items = []
        previous_box = None
        pending_arrow = None
        for item in _need(row, "boxes", list, f"{where}: row {r}"):
            here = f"{where}: row {r}"
            if not isinstance(item, dict):
                raise TemplateProblem(f"{here}: each item must be a mapping", _FIX)
            try:
                width = float(item.get("width", 100))
            except (TypeError, ValueError):
                width = 0
            if not width > 0:
                raise TemplateProblem(f"{here}: width must be a positive number", _FIX)
            if "arrow" in item:
                if previous_box is None:
                    raise TemplateProblem(f"{here}: an arrow must come after a box", _FIX)
                pending_arrow = Arrow(str(item["arrow"]), str(item.get("label", "")), width)
                items.append(pending_arrow)
                continue
            box_id = str(_need(item, "id", str, here))
            here = f"{where}: box '{box_id}'"
            if box_id in seen:
                raise TemplateProblem(f"{here}: the id is used twice", _FIX)
            seen.add(box_id)
            style = str(item.get("style", "outcome"))
            if style not in style_map:
                raise TemplateProblem(f"{here}: unknown style '{style}' (known: {', '.join(style_map)})", _FIX)
            step += 1
            box = Box(box_id, style, width, render_line(str(_need(item, "title", str, here)), context, here),
                      render_text(str(item.get("body") or ""), context, here), step)
            if pending_arrow is not None:
                in_row.append(Link(previous_box.id, box.id, pending_arrow.label))
                pending_arrow = None
            items.append(box)
            previous_box = box
        if pending_arrow is not None:
            raise TemplateProblem(f"{where}: row {r} ends with an arrow", _FIX)
        rows.append(Row(tuple(items), bool(row.get("gap"))))
    links = list(in_row)
    for link in data.get("links") or ():
        source, target = str(link.get("from")), str(link.get("to"))
        for end in (source, target):
            if end not in seen:
                raise TemplateProblem(f"{where}: a link names the unknown box '{end}'", _FIX)
        links.append(Link(source, target, str(link.get("label") or "")))
    chart = Flowchart(
        slug=str(_need(data, "slug", str, where)), title=str(_need(data, "title", str, where)),
        subject=str(data.get("subject", "")), audience=str(data.get("audience", "staff")),
        intro=plain_text(render_line(str(data.get("intro") or ""), context, f"{where}: intro")),
        summary=plain_text(render_line(str(data.get("summary") or ""), context, f"{where}: summary")),
        rows=tuple(rows), links=tuple(links), styles=style_map, wording=dict(data.get("wording") or {}),
    )
    for link in chart.links:
        if link not in in_row and chart.row_of(link.target) != chart.row_of(link.source) + 1:
            raise TemplateProblem(f"{where}: the link {link.source} -> {link.target} must point to a box in the next row",
                                  _FIX)
    return chart
