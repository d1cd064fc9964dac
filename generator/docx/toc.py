"""The table of contents' cached entries.

The TOC field itself lives in the master; Word rebuilds it on opening
(``w:updateFields``).  LibreOffice does not, so a PDF made with it would show
the master's placeholder text.  Filling the field's result with one linked
entry per heading (numbers as the heading styles count them, no page
numbers, which only a layout engine knows) gives a usable contents list
there, and Word replaces it anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.docx.inline import add_text
from generator.docx.styles import StyleMap
from generator.docx.xml import child, el, sub, tag

_FLD_CHAR, _FLD_TYPE = tag("w:fldChar"), tag("w:fldCharType")
# The contents list shows headings of levels 1 and 2 (sections and their
# parts); level 3 would make it pages long.  The field's own switch says the
# same, so that Word's update agrees with the cached entries.
LEVELS = 2
_OUTLINE_SWITCH = re.compile(r'\\o\s*"\d+-\d+"')


@dataclass(frozen=True)
class TocEntry:
    level: int
    text: str
    bookmark: str
    numbered: bool  # the heading style numbers it


def fill(body, entries: list[TocEntry], styles: StyleMap) -> None:
    entries = [entry for entry in entries if entry.level <= LEVELS]
    field = _toc_field(body)
    if field is None or not entries:
        return
    p, separate = field
    for instr in p.iter(tag("w:instrText")):
        instr.text = _OUTLINE_SWITCH.sub(f'\\\\o "1-{LEVELS}"', instr.text or "")
    # Drop the placeholder result and the field end; both are re-made below.
    after = list(separate.itersiblings())
    end = next(r for r in after if _fld_type(r) == "end")
    for r in after[: after.index(end) + 1]:
        p.remove(r)

    paragraphs = [p]
    for index, (entry, number) in enumerate(zip(entries, _numbers(entries))):
        target = p if index == 0 else el("w:p")
        if index:
            paragraphs[-1].addnext(target)
            paragraphs.append(target)
        _set_style(target, styles.id(f"toc {entry.level}", fallback="Normal"))
        link = sub(target, "w:hyperlink", anchor=entry.bookmark, history=1)
        add_text(link, f"{number}\t{entry.text}" if number else entry.text)
    sub(sub(paragraphs[-1], "w:r"), "w:fldChar", fldCharType="end")


def _toc_field(body):
    """(paragraph, separate run) of the first TOC field whose result is in one paragraph."""
    for instr in body.iter(tag("w:instrText")):
        if not (instr.text or "").strip().startswith("TOC"):
            continue
        r = instr.getparent()
        separate = next((s for s in r.itersiblings() if _fld_type(s) == "separate"), None)
        if separate is not None and any(_fld_type(s) == "end" for s in separate.itersiblings()):
            return r.getparent(), separate
    return None


def _fld_type(r) -> str | None:
    char = r.find(_FLD_CHAR)
    return char.get(_FLD_TYPE) if char is not None else None


def _set_style(p, style_id: str) -> None:
    child(child(p, "w:pPr", first=True), "w:pStyle", first=True).set(tag("w:val"), style_id)


def _numbers(entries: list[TocEntry]):
    """ "1", "1.1", ... as multilevel heading numbering counts (unnumbered: "")."""
    counters = [0, 0, 0]
    for entry in entries:
        if not entry.numbered:
            yield ""
            continue
        depth = entry.level - 1
        counters[depth] += 1
        counters[depth + 1:] = [0] * (2 - depth)
        yield ".".join(str(c) for c in counters[: depth + 1])
