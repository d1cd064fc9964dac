"""Parse rendered Markdown into content blocks (markdown-it-py).

markdown-it-py is a CommonMark-compliant parser: backslash escapes and
entities are decoded by it, which is what makes the Markdown escaping of
profile values exact.  Only the subset listed in docs/architecture.md is
accepted; anything else is a template error naming the file and line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

from generator.errors import TemplateProblem
from generator.render.blocks import (
    BulletList,
    Callout,
    Heading,
    ListItem,
    NumberedList,
    PageBreak,
    Paragraph,
    Prompt,
    Run,
    Table,
)

# note / warning boxes; addressee and closing are parts of a letter (the
# window-envelope address, the sign-off kept together): DOCX only.
CALLOUTS = ("note", "warning", "addressee", "closing")
_CONTAINER_NAMES = frozenset(CALLOUTS + ("prompt",))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
    for name in CALLOUTS + ("prompt",):
        md.use(container_plugin, name)
    return md


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"


# The last text parsed from each source, with its blocks and the blocks of
# each of its pieces (see _pieces).  A batch renders the same template for
# setting after setting: a section that prints nothing of the organisation
# comes out the same each time (and for both audiences) and is parsed once;
# in one that does, only the pieces that name the organisation are parsed
# again.  Keyed by the source, so it holds one text per template however many
# profiles a worker builds (blocks are immutable, safe to share).
_last: dict[str, tuple[str, Mapping, tuple, dict[str, tuple]]] = {}
_LAST_SOURCES = 1024  # past this, start again: memory stays flat whatever names a caller uses


def parse_markdown(text: str, where: str, prompts: Mapping | None = None) -> tuple:
    prompts = prompts or {}
    last = _last.get(where)
    if last is not None and last[0] == text and last[1] == prompts:
        return last[2]
    known = last[3] if last is not None and last[1] == prompts else {}
    blocks, pieces = _parse_by_pieces(text, where, prompts, known)
    if len(_last) >= _LAST_SOURCES:
        _last.clear()
    _last[where] = (text, prompts, blocks, pieces)
    return blocks


def _parse_by_pieces(text: str, where: str, prompts: Mapping, known: dict[str, tuple]) -> tuple[tuple, dict]:
    pieces = _pieces(text)
    if len(pieces) < 2:
        return _parse(text, where, prompts), {}
    parsed: dict[str, tuple] = {}
    blocks: list = []
    try:
        for piece in pieces:
            piece_blocks = known.get(piece)
            if piece_blocks is None:
                piece_blocks = _parse(piece, where, prompts)
            parsed[piece] = piece_blocks
            blocks.extend(piece_blocks)
    except TemplateProblem:
        # Parsed whole, the error names its line in the whole rendered text.
        return _parse(text, where, prompts), {}
    return tuple(blocks), parsed


# A piece starts at a line after a blank line, outside a ::: container, that
# cannot carry on what came before: it is not indented (a list item's or a
# code block's text), nor a list item while a list may be open (a loose
# list's next item).  Such a line ends every open block in CommonMark, so the
# pieces parse to exactly the blocks of the whole (compared by
# tests/render/test_markdown_pieces.py).  Texts with what could reach across a
# blank line in other ways are parsed whole: link reference definitions, code
# fences, indented containers.
_LIST_ITEM = re.compile(r"[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_CONTAINER = re.compile(r":{3,}")
_WHOLE_ONLY = re.compile(r"\]:|```|~~~|\r|^[ \t]+:::", re.MULTILINE)


def _pieces(text: str) -> list[str]:
    if _WHOLE_ONLY.search(text):
        return [text]
    pieces: list[str] = []
    start = 0
    offset = 0
    after_blank = False
    closing = 0  # colons that close the open ::: container, 0 outside one
    in_list = False  # a list may be open (set by any line that looks like an item)
    # Lines as markdown-it sees them: only \n ends one (a text with \r is
    # parsed whole), and only spaces and tabs make one blank.
    for line in text.split("\n"):
        blank = not line.strip(" \t")
        if closing:
            marker = _CONTAINER.match(line)
            if marker and marker.end() >= closing and not line[marker.end():].strip(" \t"):
                closing = 0
        elif not blank:
            item = _LIST_ITEM.match(line) is not None
            if after_blank and offset > start and line[0] not in " \t" and not (item and in_list):
                pieces.append(text[start:offset])
                start = offset
                in_list = False
            in_list = in_list or item
            marker = _CONTAINER.match(line)
            # The name test of mdit_py_plugins' container (validateDefault).
            if marker and line[marker.end():].strip().split(" ", 2)[0] in _CONTAINER_NAMES:
                closing = marker.end()
        after_blank = blank
        offset += len(line) + 1
    pieces.append(text[start:])
    return pieces


@lru_cache(maxsize=1024)
def parse_static_markdown(text: str, where: str) -> tuple:
    """Blocks of a template that holds no Jinja (form labels, flowchart boxes):
    the same for every organisation, so parsed once.  Keyed by the template's
    own text, never by rendered organisation text (a cache of those would
    grow with every profile a worker builds)."""
    return _parse(text, where, {})


def _parse(text: str, where: str, prompts: Mapping) -> tuple:
    tokens = _parser().parse(text)
    blocks, index = _blocks(tokens, 0, None, where, prompts)
    return tuple(blocks)


def _fail(token, where: str, what: str):
    line = (token.map[0] + 1) if token.map else 0
    raise TemplateProblem(f"{where}: rendered line {line}: {what} is not supported in content templates",
                          "use headings, paragraphs, lists, tables and ::: note / ::: warning only")


def _blocks(tokens, index: int, closer: str | None, where: str, prompts) -> tuple[list, int]:
    out: list = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if closer and kind == closer:
            return out, index + 1
        if kind == "heading_open":
            level = int(token.tag[1])
            if level > 3:
                _fail(token, where, "a heading deeper than ###")
            runs = _inline(tokens[index + 1], where)
            out.append(Heading(level, runs, slugify("".join(r.text for r in runs))))
            index += 3
        elif kind == "paragraph_open":
            out.append(Paragraph(_inline(tokens[index + 1], where)))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            block, index = _list(tokens, index, where)
            out.append(block)
        elif kind == "table_open":
            block, index = _table(tokens, index, where)
            out.append(block)
        elif kind.startswith("container_") and kind.endswith("_open"):
            name = kind[len("container_"):-len("_open")]
            inner, index = _blocks(tokens, index + 1, f"container_{name}_close", where, prompts)
            if name == "prompt":
                prompt_id = token.info.strip().split(None, 1)[1] if len(token.info.split()) > 1 else ""
                info = prompts.get(prompt_id)
                out.append(Prompt(prompt_id, info.question if info else prompt_id, info.section if info else "", tuple(inner)))
            else:
                out.append(Callout(name, tuple(inner)))
        elif kind == "hr":
            out.append(PageBreak())
            index += 1
        else:
            _fail(token, where, kind.replace("_open", "").replace("_", " "))
    if closer:
        raise TemplateProblem(f"{where}: a ::: container is not closed", "close it with ::: on a line of its own")
    return out, index


def _list(tokens, index: int, where: str):
    ordered = tokens[index].type == "ordered_list_open"
    closer = "ordered_list_close" if ordered else "bullet_list_close"
    items: list[ListItem] = []
    index += 1
    while tokens[index].type != closer:
        assert tokens[index].type == "list_item_open"
        index += 1
        runs: tuple = ()
        children: list = []
        while tokens[index].type != "list_item_close":
            kind = tokens[index].type
            if kind == "paragraph_open":
                more = _inline(tokens[index + 1], where)
                runs = runs + ((Run(" "),) if runs else ()) + more
                index += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                child, index = _list(tokens, index, where)
                if any(item.children for item in child.items):
                    _fail(tokens[index - 1], where, "a list nested more than one level")
                children.append(child)
            else:
                _fail(tokens[index], where, kind.replace("_open", "").replace("_", " ") + " inside a list")
        items.append(ListItem(runs, tuple(children)))
        index += 1
    return (NumberedList if ordered else BulletList)(tuple(items)), index + 1


def _table(tokens, index: int, where: str):
    header: list = []
    rows: list = []
    current: list | None = None
    while tokens[index].type != "table_close":
        kind = tokens[index].type
        if kind == "tr_open":
            current = []
        elif kind == "tr_close":
            if not header:
                header = current
            else:
                rows.append(tuple(current))
        elif kind == "inline":
            current.append(_inline(tokens[index], where))
        index += 1
    return Table(tuple(header), tuple(rows)), index + 1


def _inline(token, where: str) -> tuple:
    runs: list[Run] = []
    bold = italic = 0
    link: str | None = None
    for child in token.children or ():
        kind = child.type
        if kind == "text" or kind == "code_inline":
            runs.append(Run(child.content, bold > 0, italic > 0, link))
        elif kind in ("softbreak", "hardbreak"):
            runs.append(Run(" ", bold > 0, italic > 0, link))
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = child.attrs.get("href")
        elif kind == "link_close":
            link = None
        else:
            _fail(token, where, kind.replace("_", " "))
    return _merge(runs)


def _merge(runs: list[Run]) -> tuple:
    """Join neighbouring runs of the same formatting (escapes split text)."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic, merged[-1].link) == (run.bold, run.italic, run.link):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic, run.link)
        else:
            merged.append(run)
    return tuple(merged)
