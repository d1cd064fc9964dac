"""The shape of each YAML data file a template folder may hold (cerberus).

A setting's or a local authority's template folder is input like a profile,
so each data file is checked for shape before any code indexes it: a value
of the wrong type gives a message with the file, line and key, never a
crash.  Keys are checked when present; keys these schemas do not know are
allowed (a later version may add some, and the producers ignore them).

``schema_for(name)`` maps a template-relative name (``forms/10-x.yaml``) to
its schema, or None for files without one.
"""

from __future__ import annotations

import fnmatch
import re

import cerberus
from cerberus import errors as cerrors


class Validator(cerberus.Validator):
    """The validator of every policypack schema (profiles and data files):
    a ``regex`` must match the *whole* value.  Cerberus's own rule appends
    ``$``, which also matches before a final newline, so ``"oakfield-ap\\n"``
    passed as an id."""

    def _validate_regex(self, pattern, field, value):
        """{'type': 'string'}"""
        if isinstance(value, str) and not re.fullmatch(pattern, value):
            self._error(field, cerrors.REGEX_MISMATCH)


_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": "string", "nullable": True}
_PLAIN_NAME = r"[A-Za-z0-9][A-Za-z0-9._-]*"
_SLUG = {"type": "string", "required": True, "regex": _PLAIN_NAME, "maxlength": 80}
_NUMBER = {"type": "number"}


def _mapping(schema: dict, **rules) -> dict:
    return {"type": "dict", "allow_unknown": True, "schema": schema, **rules}


def _list_of(rule: dict, **rules) -> dict:
    return {"type": "list", "schema": rule, **rules}


_TEXTS = {"type": "dict", "keysrules": {"type": "string"}, "valuesrules": _OPTIONAL_TEXT}

DOCUMENT = {  # policy/document.yaml, addendum/document.yaml
    "slug": _SLUG,
    "title": {**_TEXT, "required": True, "empty": False},
    "subject": {**_TEXT, "required": True, "empty": False},
    "audience": {"type": "string", "allowed": ["public", "staff"]},
    "table_widths": {"type": "dict", "nullable": True, "keysrules": {"type": "string"},
                     "valuesrules": _list_of(_list_of({**_NUMBER, "min": 0.1, "max": 100}, maxlength=20),
                                             maxlength=50)},
}

FORMS_SHARED = {  # forms/_forms.yaml
    "footer": _TEXT,
    "subject": _TEXT,
    "field_height_cm": {**_NUMBER, "min": 0.2, "max": 30},
}

_FIELD = _mapping({
    "label": _TEXT,
    "height_cm": {**_NUMBER, "min": 0.2, "max": 30},
    "type": _OPTIONAL_TEXT,
})
_COLUMN = _mapping({
    "header": _TEXT,
    "width": {**_NUMBER, "min": 0.1, "max": 100},
    "type": _OPTIONAL_TEXT,
})
_SECTION = _mapping({
    "heading": _OPTIONAL_TEXT,
    "text": _OPTIONAL_TEXT,
    "after": _OPTIONAL_TEXT,
    "page_break_before": {"type": "boolean"},
    "fields": _mapping({
        "per_row": {"type": "integer", "min": 1, "max": 2},
        "widths": _list_of({**_NUMBER, "min": 0.1, "max": 100}, maxlength=2),
        "items": _list_of(_FIELD, nullable=True, maxlength=200),
    }),
    "table": _mapping({
        "columns": _list_of(_COLUMN, nullable=True, maxlength=30),
        "rows": {"type": "integer", "min": 0, "max": 500},
        "row_height_cm": {**_NUMBER, "min": 0.2, "max": 30},
        "prefill": _list_of(_TEXT, nullable=True, maxlength=500),
    }),
})
FORM = {  # forms/*.yaml
    "slug": _SLUG,
    "title": {**_TEXT, "required": True, "empty": False},
    "version": {"type": ["string", "number"], "required": True},
    "pages": {"type": "integer", "nullable": True, "min": 1, "max": 50},
    "landscape": {"type": "boolean"},
    "requires": _OPTIONAL_TEXT,
    "skipped_reason": _OPTIONAL_TEXT,
    "intro": _OPTIONAL_TEXT,
    "sections": _list_of(_SECTION, nullable=True, maxlength=100),
}

LABELS = {  # handbook/labels.yaml
    "site_name": _TEXT,
    "nav": _TEXTS,
    "callouts": _TEXTS,
    "flowchart_alt": _TEXT,
    "banner": _TEXTS,
    "redacted": _TEXT,
    "draft": _TEXTS,
}

# letters/columns.yaml: every key is a column name, every value its description
COLUMNS_RULES = {"keysrules": {"type": "string", "regex": r"[a-z][a-z0-9_]*"}, "valuesrules": _TEXT}

_LEVEL = _mapping({
    "key": {"type": ["string", "integer"], "required": True},
    "label": {**_TEXT, "required": True},
    "meaning": {**_TEXT, "required": True},
    "criteria": _list_of(_TEXT, nullable=True, maxlength=100),
    "contact": {**_TEXT, "required": True},
})
SCHEME = _mapping({"name": {**_TEXT, "required": True}, "levels": _list_of(_LEVEL, required=True, minlength=1,
                                                                             maxlength=20)})
SCHEMES_RULES = {"keysrules": {"type": "string"}, "valuesrules": SCHEME}  # addendum/schemes.yaml

CHARTS = {"charts": _list_of({"type": "string", "regex": _PLAIN_NAME}, nullable=True, maxlength=50)}
STYLES_RULES = {"keysrules": {"type": "string"}, "valuesrules": _mapping({
    "fill": {"type": "string", "required": True, "regex": r"[0-9A-Fa-f]{6}"},
    "border": {"type": "string", "required": True, "regex": r"[0-9A-Fa-f]{6}"},
    "border_size": {"type": "integer", "min": 0, "max": 96},
})}
_BOX = _mapping({
    "id": _TEXT,
    "style": _TEXT,
    "width": {**_NUMBER, "min": 0.1, "max": 100},
    "title": _TEXT,
    "body": _OPTIONAL_TEXT,
    "arrow": _TEXT,
    "label": _TEXT,
})
FLOWCHART = {  # flowchart/<chart>.yaml
    "slug": {**_SLUG, "required": False},
    "title": _TEXT,
    "subject": _TEXT,
    "audience": {"type": "string", "allowed": ["public", "staff"]},
    "requires": _OPTIONAL_TEXT,
    "skipped_reason": _OPTIONAL_TEXT,
    "intro": _OPTIONAL_TEXT,
    "summary": _OPTIONAL_TEXT,
    "footer": _OPTIONAL_TEXT,
    "wording": _TEXTS,
    "rows": _list_of(_mapping({"boxes": _list_of(_BOX, required=True, maxlength=20), "gap": {"type": "boolean"}}),
                     required=True, maxlength=50),
    "links": _list_of(_mapping({"from": _TEXT, "to": _TEXT, "label": _OPTIONAL_TEXT}), nullable=True, maxlength=200),
}

# name pattern -> (rules for the whole file, as the value of a one-key schema); first match wins
_SCHEMAS = (
    ("*/document.yaml", _mapping(DOCUMENT)),
    ("forms/_forms.yaml", _mapping(FORMS_SHARED)),
    ("forms/*.yaml", _mapping(FORM)),
    ("handbook/labels.yaml", _mapping(LABELS)),
    ("letters/columns.yaml", {"type": "dict", **COLUMNS_RULES}),
    ("addendum/schemes.yaml", {"type": "dict", **SCHEMES_RULES}),
    ("flowchart/charts.yaml", _mapping(CHARTS)),
    ("flowchart/styles.yaml", {"type": "dict", **STYLES_RULES}),
    ("flowchart/*.yaml", _mapping(FLOWCHART)),
)


def schema_for(name: str) -> dict | None:
    """The cerberus rule for the whole of the data file ``name`` (relative to
    its template folder), or None."""
    name = name.replace("\\", "/")
    for pattern, rule in _SCHEMAS:
        if fnmatch.fnmatchcase(name, pattern):
            return rule
    return None
