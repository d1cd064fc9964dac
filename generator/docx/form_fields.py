"""Finishing touches for blank forms that python-docx has no API for.

The DOCX backend renders a form's tables from blocks (one row height per
table).  This step then walks the same tables, in order, and applies what
the form's data file says about each cell:

- per-row minimum heights (a big box for "what happened", a small one for a
  date);
- shaded label cells;
- content controls (``w:sdt``, python-docx #1417) in every answer cell, so
  the form can be filled in on screen in Word: plain text, or a date picker.
  They are empty and have no placeholder text, so the form prints blank.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache

from docx.oxml.ns import qn

from generator.docx.meta import xml_safe
from generator.docx.xml import child, el, tag

CM = 567  # twips
LABEL_FILL = "F2F2F2"
_VAL = tag("w:val")
FIRST_ID = 1000  # w:id of the first control; fixed, so builds are byte-identical


@dataclass(frozen=True)
class Cell:
    kind: str  # "label" | "text" | "date" | "none" (left as it is)
    name: str = ""  # what the control is called in Word (the label or column header)


@dataclass(frozen=True)
class RowSpec:
    cells: tuple[Cell, ...]
    height_cm: float | None = None  # None: leave the row as rendered


@dataclass(frozen=True)
class TableSpec:
    rows: tuple[RowSpec, ...]  # every row, header row included


def _tag(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "field"


def content_control(kind: str, name: str, control_id: int):
    """An empty inline content control (plain text or date) for a paragraph:
    a copy of the kind's prototype with its name, tag and id (a form has
    dozens, and copying a built subtree is cheaper than building it)."""
    sdt = deepcopy(_prototype(kind))
    alias = xml_safe(name)[:120]
    pr = sdt[0]
    pr[0].set(_VAL, alias)
    pr[1].set(_VAL, _tag(alias))
    pr[2].set(_VAL, str(control_id))
    return sdt


@lru_cache(maxsize=2)
def _prototype(kind: str):
    """w:sdt > w:sdtPr (alias, tag, id, then the kind) + an empty w:sdtContent."""
    sdt = el("w:sdt")
    pr = el("w:sdtPr")
    pr.append(el("w:alias", val=""))
    pr.append(el("w:tag", val=""))
    pr.append(el("w:id", val=0))
    if kind == "date":
        date = el("w:date")
        date.append(el("w:dateFormat", val="dd/MM/yyyy"))
        date.append(el("w:lid", val="en-GB"))
        date.append(el("w:storeMappedDataAs", val="dateTime"))
        date.append(el("w:calendar", val="gregorian"))
        pr.append(date)
    else:
        pr.append(el("w:text", multiLine=1))
    sdt.append(pr)
    content = el("w:sdtContent")
    run = el("w:r")
    run.append(el("w:t"))
    content.append(run)
    sdt.append(content)
    return sdt


def _set_height(tr, height_cm: float) -> None:
    pr = child(tr, "w:trPr", first=True)
    for old in pr.findall(qn("w:trHeight")):
        pr.remove(old)
    height = el("w:trHeight", val=int(round(height_cm * CM)), hRule="atLeast")
    header = pr.find(qn("w:tblHeader"))
    if header is not None:
        header.addprevious(height)
    else:
        pr.append(height)


def _shade(tc) -> None:
    pr = tc.find(qn("w:tcPr"))
    shd = el("w:shd", val="clear", color="auto", fill=LABEL_FILL)
    after = [pr.find(qn(f"w:{t}")) for t in ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark")]
    following = next((e for e in after if e is not None), None)
    if following is not None:
        following.addprevious(shd)
    else:
        pr.append(shd)


def apply_to(word, tables: list[TableSpec]) -> None:
    """Apply ``tables`` (in body order) to an open python-docx document."""
    found = word.element.body.findall(qn("w:tbl"))
    if len(found) != len(tables):
        raise RuntimeError(f"the rendered form has {len(found)} tables where its data file declares {len(tables)}")
    control_id = FIRST_ID
    for tbl, spec in zip(found, tables):
        rows = tbl.findall(qn("w:tr"))
        if len(rows) != len(spec.rows):
            raise RuntimeError(f"a rendered form table has {len(rows)} rows where its data file declares {len(spec.rows)}")
        for tr, row in zip(rows, spec.rows):
            if row.height_cm:
                _set_height(tr, row.height_cm)
            for tc, cell in zip(tr.findall(qn("w:tc")), row.cells):
                if cell.kind == "label":
                    _shade(tc)
                elif cell.kind in ("text", "date"):
                    paragraph = tc.find(qn("w:p"))
                    paragraph.append(content_control(cell.kind, cell.name, control_id))
                    control_id += 1
