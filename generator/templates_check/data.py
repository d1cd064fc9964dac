"""YAML data files of a template folder: syntax with its line, and the shape of document.yaml."""

from __future__ import annotations

import os
import re

from generator.templates_check.common import (
    _error,
    _line_of,
    _load_yaml,
    _read_text,
    _TooDeep,
)

# -- YAML data files -------------------------------------------------------------

def _check_yaml(path: str, problems: list, relative: str = "") -> None:
    import yaml

    from generator.sources.data import DataFileProblem, parse_template_yaml

    text = _read_text(path, problems)
    if text is None:
        return
    try:
        data = _load_yaml(text)
    except _TooDeep as exc:
        problems.append(_error(path, exc.line, f"not usable: {exc}", "a data file needs only a few levels"))
        return
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.append(_error(path, mark.line + 1 if mark else 0, f"not valid YAML: {exc.problem or exc}",
                               "check the indentation and quoting on this line and the one before"))
    except yaml.YAMLError as exc:
        problems.append(_error(path, 0, f"not valid YAML: {exc}", "check the file is YAML"))
    else:
        before = len(problems)
        _check_data_shape(path, text, data, problems)
        if len(problems) == before:  # what a build's loader and schema would refuse (generator/sources/data.py)
            try:
                parse_template_yaml(text, path, relative or None)
            except DataFileProblem as exc:
                found = exc.problem
                problems.append(_error(found.file, found.line, found.message, found.fix, key=found.key))


# The document descriptions the producers index directly (generator/documents/policy.py, addendum.py)
DOCUMENT_KEYS = ("slug", "title", "subject")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def _check_data_shape(path: str, text: str, data, problems: list) -> None:
    name = path.replace(os.sep, "/")
    if name.endswith(("/policy/document.yaml", "/addendum/document.yaml")):
        if not isinstance(data, dict):
            problems.append(_error(path, 1, "must be a mapping with slug:, title: and subject:",
                                   "start from the built-in file of the same name"))
            return
        for key in DOCUMENT_KEYS:
            if not isinstance(data.get(key), str) or not data[key].strip():
                problems.append(_error(path, _line_of(text, f"{key}:"), "is missing or not text",
                                       f"write {key}: followed by text, as in the built-in file", key=key))
    slug = data.get("slug") if isinstance(data, dict) else None
    if isinstance(slug, str) and (not _PLAIN_NAME.fullmatch(slug) or ".." in slug):
        problems.append(_error(path, _line_of(text, "slug:"), f"'{slug}' is not a plain file name",
                               "use letters, digits and - only, e.g. my-policy (no '/' or '..')", key="slug"))
