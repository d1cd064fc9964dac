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

from generator.documents.base import BuildInputs, Skipped
from generator.errors import TemplateProblem
from generator.profile.model import VulnerabilityLevel
from generator.render.blocks import Document, Table

KIND = "addendum"
FOLDER = "addendum"
SECTION_PATTERN = "[0-9][0-9]-*.md"
SCHEMES = "addendum/schemes.yaml"


def documents(inputs: BuildInputs) -> list:
    closure = inputs.profile.closure
    if not closure.enabled:
        return [Skipped(KIND, "closure.enabled is false in the profile")]
    info = inputs.document_info(f"{FOLDER}/document.yaml")
    audience = info.get("audience", "staff")
    levels = resolved_levels(inputs)
    extra = {
        "levels": levels,
        "level": {lv.key: lv for lv in levels},
        "scheme": {"key": closure.scheme, "name": _scheme(inputs)["name"]},
        "counted": counted,
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
    """The levels of the profile's scheme: the defaults, overridden by key by
    the profile's ``closure.levels``; new keys come last, in profile order."""
    defaults = [_level(item, i) for i, item in enumerate(_scheme(inputs)["levels"])]
    given = inputs.profile.closure.levels
    # Validation has refused duplicate keys and new levels without a contact
    # frequency (generator/validate.py), with the profile's line.
    by_key = {_norm(level.key): level for level in given}
    resolved = []
    for default in defaults:
        override = by_key.pop(_norm(default.key), None)
        resolved.append(_merge(default, override) if override else default)
    for level in given:
        if _norm(level.key) in by_key:
            resolved.append(dataclasses.replace(level, label=level.label or level.key, meaning=level.meaning or ""))
    return tuple(resolved)


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


def _scheme(inputs: BuildInputs) -> dict:
    data = inputs.data(SCHEMES)
    name = inputs.profile.closure.scheme
    path = inputs.templates.find(SCHEMES)
    scheme = data.get(name) if isinstance(data, dict) else None
    if not isinstance(scheme, dict) or not isinstance(scheme.get("levels"), list) or not scheme["levels"]:
        raise TemplateProblem(f"{path}: no scheme '{name}' with a list of levels",
                              f"add '{name}:' with name: and levels: to the file, or choose another closure.scheme")
    if not isinstance(scheme.get("name"), str):
        raise TemplateProblem(f"{path}: the scheme '{name}' has no name", "add name: (how the scheme is called in the text)")
    return scheme


def _level(item, index: int) -> VulnerabilityLevel:
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str) and item[k].strip()
                                             for k in ("key", "label", "meaning", "contact")):
        raise TemplateProblem(f"{SCHEMES}: level {index + 1} needs a key, label, meaning and contact (text)",
                              "complete the level in the schemes file")
    criteria = item.get("criteria") or []
    if not isinstance(criteria, list) or not all(isinstance(c, str) for c in criteria):
        raise TemplateProblem(f"{SCHEMES}: the criteria of level '{item['key']}' must be a list of text",
                              "write one criterion per '- ' line")
    return VulnerabilityLevel(key=item["key"], label=item["label"], meaning=item["meaning"],
                              criteria=tuple(criteria), contact=item["contact"])


def _merge(default: VulnerabilityLevel, given: VulnerabilityLevel) -> VulnerabilityLevel:
    # An absent field (None, or no criteria) keeps the scheme's value.
    return VulnerabilityLevel(
        key=default.key,
        label=given.label if given.label is not None else default.label,
        meaning=given.meaning if given.meaning is not None else default.meaning,
        criteria=given.criteria or default.criteria,
        contact=given.contact if given.contact is not None else default.contact,
    )


def _norm(key: str) -> str:
    return str(key).strip().lower()
