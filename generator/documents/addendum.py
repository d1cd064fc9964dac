"""The emergency-closure addendum: what changes when we close to most children.

Built only when the profile's ``closure.enabled`` is true.  The chosen
vulnerability scheme (``templates/addendum/schemes.yaml``) gives the default
levels; the profile's ``closure.levels`` override them, matched by key.  The
section templates (``templates/addendum/NN-*.md``) get the resolved levels in
their context as ``levels`` (a list) and ``level`` (a mapping by key), the
scheme as ``scheme`` and a ``counted(n, "school day")`` helper so that the
wording follows the profile's numbers.
"""

from __future__ import annotations

import dataclasses

from generator.documents import closure_tasks
from generator.documents.base import BuildInputs, Skipped
from generator.errors import TemplateProblem
from generator.profile.model import VulnerabilityLevel
from generator.render import levels
from generator.render.blocks import Document, Table

KIND = "addendum"
FOLDER = "addendum"
SECTION_PATTERN = "[0-9][0-9]-*.md"


def documents(inputs: BuildInputs) -> list:
    closure = inputs.profile.closure
    if not closure.enabled:
        return [Skipped(KIND, "closure.enabled is false in the profile")]
    info = inputs.document_info(f"{FOLDER}/document.yaml")
    audience = info.get("audience", "staff")
    resolved = resolved_levels(inputs)
    extra = {
        "levels": resolved,
        "level": {lv.key: lv for lv in resolved},
        "scheme": {"key": closure.scheme, "name": levels.scheme(inputs.templates, closure)["name"]},
        "counted": counted,
        "closure_tasks": closure_tasks.tasks(inputs),
    }
    widths = _table_widths(info)
    sections, blocks = [], []
    for name in inputs.templates.names(FOLDER, SECTION_PATTERN):
        rendered = inputs.blocks(name, audience=audience, extra=extra)
        rendered = _with_widths(rendered, widths.get(name.split("/", 1)[1], ()))
        sections.append((name, rendered))
        blocks.extend(rendered)
    return [Document(kind=KIND, slug=info["slug"], title=info["title"], subject=info["subject"],
                     blocks=tuple(blocks), audience=audience,
                     toc=True, sections=tuple(sections))]


def resolved_levels(inputs: BuildInputs) -> tuple[VulnerabilityLevel, ...]:
    """The levels of the profile's scheme (see generator/render/levels.py)."""
    return levels.resolved(inputs.templates, inputs.profile.closure)


def counted(number: int, unit: str) -> str:
    """``counted(1, "school day")`` -> ``1 school day``; ``counted(5, ...)`` -> ``5 school days``."""
    return f"{number} {unit}" if number == 1 else f"{number} {unit}s"


def _table_widths(info: dict) -> dict:
    widths = info.get("table_widths") or {}
    ok = isinstance(widths, dict) and all(
        isinstance(tables, list) and all(isinstance(row, list) and row and all(
            isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in row) for row in tables)
        for tables in widths.values())
    if not ok:
        raise TemplateProblem(f"{FOLDER}/document.yaml: table_widths must map a section file to lists of positive numbers",
                              "write e.g. 14-closure-task-checklist.md: [[3, 1, 1]]")
    return widths


def _with_widths(blocks: tuple, widths: list) -> tuple:
    """Give the section's tables, in order, their relative column widths."""
    tables = iter(widths)
    out = []
    for block in blocks:
        if isinstance(block, Table):
            wanted = next(tables, None)
            if wanted and len(wanted) == len(block.header):
                block = dataclasses.replace(block, widths=tuple(float(w) for w in wanted))
        out.append(block)
    return tuple(out)
