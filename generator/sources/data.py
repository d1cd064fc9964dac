"""YAML data files that come with templates (document titles, forms, schemes,
prompt front matter): parsed with libyaml, once per text and process.

A setting's own template folder is input like a profile: libyaml crashes the
whole process on very deep [ { nesting, so that is refused first.
"""

from __future__ import annotations

import copy
from functools import lru_cache

import yaml

from generator.errors import TemplateProblem
from generator.yamlload import YamlRefused, refuse_deep_flow

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_template_yaml(text: str, path: str):
    """The parsed data (a private copy: callers may change it)."""
    return copy.deepcopy(_parse(text, path))


@lru_cache(maxsize=512)
def _parse(text: str, path: str):
    try:
        refuse_deep_flow(text, path)
        return yaml.load(text, Loader=_LOADER)
    except YamlRefused as refused:
        problem = refused.problems[0]
        raise TemplateProblem(f"{path}:{problem.line}: {problem.message}", problem.fix) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise TemplateProblem(f"{where}: not valid YAML: {getattr(exc, 'problem', None) or exc}",
                              "check the indentation and quoting there") from None
