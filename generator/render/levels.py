"""The closure scheme's vulnerability levels, resolved once.

The chosen scheme (``templates/addendum/schemes.yaml``) gives the default
levels; the profile's ``closure.levels`` override them, matched by key.  The
addendum, the closure flowchart and the routes (generator/render/routes.py)
all read the same resolved levels.
"""

from __future__ import annotations

import dataclasses

from generator.errors import TemplateProblem
from generator.profile.model import Closure, VulnerabilityLevel
from generator.sources.data import parse_template_yaml
from generator.sources.templates import TemplateSet

SCHEMES = "addendum/schemes.yaml"


def resolved(templates: TemplateSet, closure: Closure) -> tuple[VulnerabilityLevel, ...]:
    """The levels of the profile's scheme: the defaults, overridden by key by
    the profile's ``closure.levels``; new keys come last, in profile order."""
    defaults = [_level(item, i) for i, item in enumerate(scheme(templates, closure)["levels"])]
    given = closure.levels
    # Validation has refused duplicate keys and new levels without a contact
    # frequency (generator/validate.py), with the profile's line.
    by_key = {_norm(level.key): level for level in given}
    out = []
    for default in defaults:
        override = by_key.pop(_norm(default.key), None)
        out.append(_merge(default, override) if override else default)
    for level in given:
        if _norm(level.key) in by_key:
            out.append(dataclasses.replace(level, label=level.label or level.key, meaning=level.meaning or ""))
    return tuple(out)


def scheme(templates: TemplateSet, closure: Closure) -> dict:
    """The closure scheme the profile chooses, from templates/addendum/schemes.yaml."""
    path = templates.find(SCHEMES)
    data = parse_template_yaml(templates.read(SCHEMES), path, SCHEMES)
    name = closure.scheme
    chosen = data.get(name) if isinstance(data, dict) else None
    if not isinstance(chosen, dict) or not isinstance(chosen.get("levels"), list) or not chosen["levels"]:
        raise TemplateProblem(f"{path}: no scheme '{name}' with a list of levels",
                              f"add '{name}:' with name: and levels: to the file, or choose another closure.scheme")
    if not isinstance(chosen.get("name"), str):
        raise TemplateProblem(f"{path}: the scheme '{name}' has no name", "add name: (how the scheme is called in the text)")
    return chosen


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
