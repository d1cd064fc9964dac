"""YAML data files that come with templates (document titles, forms, schemes,
handbook labels, letter columns, flowcharts, prompt front matter): parsed
once per text and process.

A setting's own template folder is input like a profile, so a data file
goes through the profile's loader (``generator.yamlload``: size, alias bombs,
depth, tabs, duplicate keys, line numbers) and then the schema of its kind
(``data_schemas``): a wrong type, a bomb or deep nesting is a
``TemplateProblem`` naming the file, line and key, never a crash.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from cerberus import errors as cerrors

from generator.errors import Problem, TemplateProblem
from generator.sources.data_schemas import Validator, schema_for
from generator.yamlload import YamlRefused, dotted, load_yaml_text

class DataFileProblem(TemplateProblem):
    """A data file cannot be used; ``problem`` says where (for `templates check`)."""

    def __init__(self, problem: Problem):
        where = f"{problem.file}:{problem.line}" if problem.line else problem.file
        key = f" {problem.key}:" if problem.key else ""
        super().__init__(f"{where}:{key} {problem.message}", problem.fix)
        self.problem = problem


MAX_DATA_CHARS = 200_000  # the largest built-in data file is under 8 kB
_FIX = "compare it with the built-in file of the same name (templates/ in policypack)"


def parse_template_yaml(text: str, path: str, name: str | None = None):
    """The parsed data (a private copy: callers may change it).  ``name`` is
    the file's name inside its template folder (``forms/10-x.yaml``): it
    chooses the schema the data must fit."""
    return copy.deepcopy(_parse(text, path, name))


@lru_cache(maxsize=512)
def _parse(text: str, path: str, name: str | None):
    if len(text) > MAX_DATA_CHARS:
        raise DataFileProblem(Problem(path, 0, "", f"the file is {len(text):,} characters; a data file may be at most "
                                      f"{MAX_DATA_CHARS:,}", "check that this is the right file"))
    try:
        loaded = load_yaml_text(text, path, profile=False)
    except YamlRefused as refused:
        raise DataFileProblem(refused.problems[0]) from None
    rule = schema_for(name) if name else None
    if rule is not None and loaded.data is not None:
        _check_shape(loaded, rule)
    return loaded.data


_VALIDATORS: dict[int, Validator] = {}  # the schemas are module constants: one validator each


def _check_shape(loaded, rule: dict) -> None:
    validator = _VALIDATORS.get(id(rule))
    if validator is None:
        validator = _VALIDATORS[id(rule)] = Validator({"file": rule})
    if validator.validate({"file": loaded.data}):
        return
    leaves = sorted(_leaves(validator._errors), key=lambda e: loaded.line_of(e.document_path[1:]))
    error = leaves[0]
    key_path = tuple(error.document_path[1:])
    raise DataFileProblem(Problem(loaded.path, loaded.line_of(key_path), dotted(key_path), _explain(error), _FIX))


def _leaves(errors):
    for error in errors:
        if error.is_group_error:
            yield from _leaves(error.child_errors)
        else:
            yield error


_TYPE_WORDS = {"string": "text", "dict": "a mapping (key: value lines)", "list": "a list (- item lines)",
               "number": "a number", "integer": "a whole number", "boolean": "true or false"}


def _explain(error) -> str:
    code, constraint = error.code, error.constraint
    if code == cerrors.BAD_TYPE.code:
        wanted = constraint if isinstance(constraint, (list, tuple)) else [constraint]
        return f"should be {' or '.join(_TYPE_WORDS.get(w, w) for w in wanted)}, not {type(error.value).__name__}"
    if code == cerrors.NOT_NULLABLE.code:
        return "is empty; write a value or remove the key"
    if code == cerrors.REQUIRED_FIELD.code:
        return "is missing"
    if code == cerrors.EMPTY_NOT_ALLOWED.code:
        return "is empty"
    if code == cerrors.REGEX_MISMATCH.code:
        return f"'{error.value}' is not a plain file name (letters, digits and - only)"
    if code == cerrors.UNALLOWED_VALUE.code:
        return f"'{error.value}' is not one of: {', '.join(map(str, constraint))}"
    if code == cerrors.MIN_VALUE.code:
        return f"is below the smallest value allowed ({constraint})"
    if code == cerrors.MAX_VALUE.code:
        return f"is above the largest value allowed ({constraint})"
    if code == cerrors.MAX_LENGTH.code:
        return f"has more than {constraint} items"
    if code == cerrors.MIN_LENGTH.code:
        return f"needs at least {constraint} item(s)"
    return f"breaks the rule '{error.rule}' ({constraint})"
