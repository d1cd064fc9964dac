"""Blank forms: one data file per form in templates/forms/ (see _forms.yaml
there for the format).  A new form is a new data file, not new code.

Each form becomes content blocks (headings, text and tables with room to
write by hand) rendered on the form master (organisation name and
CONFIDENTIAL in the header, the form's name and version in the footer);
then its answer cells get content controls so it can be filled in on
screen too (generator/docx_extras/form_fields.py).  A form whose
``requires:`` expression is false for the profile is Skipped, with the
reason, in the manifest.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial

from generator.documents import closure_tasks
from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.flowchart.model import condition, render_line, render_text
from generator.errors import TemplateProblem
from generator.render.blocks import Heading, PageBreak, Table
from generator.render.markdown_blocks import slugify

KIND = "form"
MASTER = "masters/form.docx"
SHARED = "forms/_forms.yaml"
FIELD_TYPES = ("text", "date", "none")
_FIX = "fix the form's data file (the format is described in templates/forms/_forms.yaml)"


@dataclass(frozen=True)
class Form:
    """A form rendered for one profile: its blocks and what each table cell is."""

    slug: str
    title: str
    version: str
    pages: int
    landscape: bool
    blocks: tuple
    tables: tuple  # form_fields.TableSpec, one per Table block, in order


def form_names(inputs: BuildInputs) -> list[str]:
    return [n for n in inputs.templates.names("forms", "*.yaml") if not os.path.basename(n).startswith("_")]


def documents(inputs: BuildInputs) -> list[Output | Skipped]:
    from generator.docx import form_fields

    shared = inputs.data(SHARED) or {}
    out: list[Output | Skipped] = []
    for name in form_names(inputs):
        data = inputs.data(name)
        where = inputs.templates.find(name)
        if not isinstance(data, dict):
            raise TemplateProblem(f"{where}: a form file must be a mapping", _FIX)
        context = {**inputs.context("staff"), "closure_tasks": closure_tasks.tasks(inputs)}
        if not condition(data.get("requires"), context, where):
            out.append(Skipped(KIND, f"{data.get('title', name)}: {data.get('skipped_reason') or 'not needed for this profile'}"))
            continue
        form = build_form(data, shared, context, where)
        out.append(form_document(form, shared, finish=partial(form_fields.apply_to, tables=list(form.tables))))
    return out


def form_document(form: Form, shared: dict, finish=None):
    from generator.render.blocks import Document

    fill = {"title": form.title, "version": form.version}
    return Document(kind=KIND, slug=form.slug, title=form.title, subject=_fill(shared.get("subject", "{title}"), fill),
                    blocks=form.blocks, audience="staff", footer_note=_fill(shared.get("footer", "{title}"), fill),
                    confidential=True, landscape=form.landscape, master=MASTER, path=f"forms/{form.slug}.docx",
                    finish_docx=finish)  # finish: the fill-in fields, added before the DOCX is saved


def _fill(text: str, values: dict) -> str:
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


def _number(value, where: str, what: str, minimum: float = 0) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TemplateProblem(f"{where}: {what} must be a number, not {value!r}", _FIX) from None
    if number <= minimum:
        raise TemplateProblem(f"{where}: {what} must be more than {minimum:g}", _FIX)
    return number


def build_form(data: dict, shared: dict, context: dict, where: str) -> Form:
    from generator.docx.form_fields import TableSpec

    for key in ("slug", "title", "version"):
        if not data.get(key):
            raise TemplateProblem(f"{where}: '{key}' is missing", _FIX)
    blocks: list = list(render_text(str(data.get("intro") or ""), context, f"{where}: intro"))
    tables: list[TableSpec] = []
    default_height = _number(shared.get("field_height_cm", 0.9), where, "field_height_cm")
    for number, section in enumerate(data.get("sections") or (), start=1):
        here = f"{where}: section {number}"
        if not isinstance(section, dict):
            raise TemplateProblem(f"{here}: must be a mapping", _FIX)
        if section.get("page_break_before"):
            blocks.append(PageBreak())
        if section.get("heading"):
            runs = render_line(str(section["heading"]), context, f"{here}: heading")
            blocks.append(Heading(2, runs, slugify("".join(r.text for r in runs))))
        blocks.extend(render_text(str(section.get("text") or ""), context, f"{here}: text"))
        if "fields" in section:
            table, spec = _fields(section["fields"], context, here, default_height)
        elif "table" in section:
            table, spec = _table(section["table"], context, here)
        else:
            table = spec = None
        if table is not None:
            blocks.append(table)
            tables.append(spec)
        blocks.extend(render_text(str(section.get("after") or ""), context, f"{here}: after"))
    return Form(slug=str(data["slug"]), title=str(data["title"]), version=str(data["version"]),
                pages=int(data.get("pages") or 1), landscape=bool(data.get("landscape")),
                blocks=tuple(blocks), tables=tuple(tables))


def _type(value, here: str) -> str:
    kind = str(value or "text")
    if kind not in FIELD_TYPES:
        raise TemplateProblem(f"{here}: type '{kind}' is not one of {', '.join(FIELD_TYPES)}", _FIX)
    return kind


def _fields(spec: dict, context: dict, here: str, default_height: float):
    """Label / answer pairs, ``per_row`` pairs to a row: a table without a header row."""
    from generator.docx.form_fields import Cell, RowSpec, TableSpec

    if not isinstance(spec, dict):
        raise TemplateProblem(f"{here}: fields must be a mapping", _FIX)
    per_row = spec.get("per_row", 1)
    if per_row not in (1, 2, 3):
        raise TemplateProblem(f"{here}: per_row must be 1, 2 or 3", _FIX)
    widths = spec.get("widths", (1, 2))
    if not isinstance(widths, (list, tuple)) or len(widths) != 2:
        raise TemplateProblem(f"{here}: widths must be [label width, answer width]", _FIX)
    label_w, answer_w = (_number(w, here, "a width") for w in widths)
    items = spec.get("items") or ()
    if not items:
        raise TemplateProblem(f"{here}: fields need at least one item", _FIX)
    rows, specs = [], []
    for start in range(0, len(items), per_row):
        group = items[start:start + per_row]
        cells, kinds, heights = [], [], []
        for item in group:
            label = render_line(str(item.get("label", "")), context, f"{here}: field label")
            cells += [label, ()]
            name = "".join(r.text for r in label)
            kinds += [Cell("label", name), Cell(_type(item.get("type"), here), name)]
            heights.append(_number(item.get("height_cm", default_height), here, "height_cm"))
        for _ in range(per_row - len(group)):
            cells += [(), ()]
            kinds += [Cell("none"), Cell("none")]
        rows.append(tuple(cells))
        specs.append(RowSpec(tuple(kinds), max(heights)))
    table = Table(header=(), rows=tuple(rows), widths=(label_w, answer_w) * per_row, row_height_cm=default_height)
    return table, TableSpec(tuple(specs))


def _table(spec: dict, context: dict, here: str):
    """A table with a header row, ``rows`` rows to write in; ``prefill`` fills the first column."""
    from generator.docx.form_fields import Cell, RowSpec, TableSpec

    if not isinstance(spec, dict):
        raise TemplateProblem(f"{here}: table must be a mapping", _FIX)

    columns = spec.get("columns") or ()
    if not columns:
        raise TemplateProblem(f"{here}: a table needs columns", _FIX)
    headers = [render_line(str(c.get("header", "")), context, f"{here}: column header") for c in columns]
    names = ["".join(r.text for r in h) for h in headers]
    kinds = [_type(c.get("type"), here) for c in columns]
    count = int(_number(spec.get("rows"), here, "rows"))
    height = _number(spec.get("row_height_cm", 1.0), here, "row_height_cm")
    prefill = [(render_line(str(text), context, f"{here}: prefill"),) for text in spec.get("prefill") or ()]
    if spec.get("prefill_from"):  # a list of the context with task/who (the closure tasks): one source
        prefill += [(_runs(item.task), _runs(item.who)) for item in context.get(str(spec["prefill_from"])) or ()]
    if len(prefill) > count:
        raise TemplateProblem(f"{here}: {len(prefill)} prefilled rows but only {count} rows", _FIX)
    rows, specs = [], [RowSpec(tuple(Cell("none") for _ in columns))]
    for index in range(count):
        if index < len(prefill):
            given = prefill[index][:len(columns)]
            rows.append(given + ((),) * (len(columns) - len(given)))
            cells = (Cell("none"),) * len(given) + tuple(Cell(k, n) for k, n in zip(kinds[len(given):], names[len(given):]))
        else:
            rows.append(((),) * len(columns))
            cells = tuple(Cell(k, n) for k, n in zip(kinds, names))
        specs.append(RowSpec(cells, height))
    widths = tuple(_number(c.get("width", 1), here, "width") for c in columns)
    table = Table(header=tuple(headers), rows=tuple(rows), widths=widths, row_height_cm=height)
    return table, TableSpec(tuple(specs))


def _runs(text: str) -> tuple:
    from generator.render.blocks import Run

    return (Run(text),) if text else ()
