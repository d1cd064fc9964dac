"""The words and traits of each kind of setting, from ``templates/kinds.yaml``.

One table decides whether a document says "pupil", "student" or "learner",
"governing body" or "management committee", and which sections and prompts
a kind of setting gets, so that templates never test a kind by name.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from generator.errors import TemplateProblem
from generator.sources.data import parse_template_yaml
from generator.sources.templates import TemplateSet

KINDS_FILE = "kinds.yaml"
_PLACEHOLDER = re.compile(r"\{([A-Za-z][a-z_]*)\}")


def kind_table(templates: TemplateSet, kind: str) -> Mapping:
    """``{"label": ..., "words": {...}, <trait>: bool, ...}`` for ``kind``, read-only."""
    path = templates.find(KINDS_FILE)
    data = parse_template_yaml(templates.read(KINDS_FILE), path)
    if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
        raise TemplateProblem(f"{path}: must have a `kinds:` mapping, one entry per kind of setting",
                              "compare it with the built-in templates/kinds.yaml")
    row = data["kinds"].get(kind)
    if not isinstance(row, dict) or not isinstance(row.get("words"), dict):
        raise TemplateProblem(f"{path}: kinds.{kind} is missing or has no `words:`",
                              f"add a `{kind}:` entry with its words, as in the built-in file")
    required = data.get("required_words") or []
    missing = [w for w in required if not isinstance(row["words"].get(w), str) or not row["words"][w].strip()]
    if missing:
        raise TemplateProblem(f"{path}: kinds.{kind}.words lacks {', '.join(missing)}",
                              "give the kind every word listed under required_words")
    words = MappingProxyType({str(k): str(v) for k, v in row["words"].items()})
    traits = {str(k): v for k, v in row.items() if k != "words"}
    return MappingProxyType({**traits, "words": words})


def fill_words(text: str, words: Mapping[str, str]) -> str:
    """``{learners}`` -> ``pupils``, ``{Learners}`` -> ``Pupils`` in prompt
    questions and hints (plain substitution of known words, never ``str.format``)."""
    def word(match):
        name = match.group(1)
        value = words.get(name.lower())
        if value is None:
            return match.group(0)
        return value[:1].upper() + value[1:] if name[0].isupper() else value
    return _PLACEHOLDER.sub(word, text)


def applies(declared, kind: str | None) -> bool:
    """Whether a section or prompt declaring ``kinds: declared`` is for ``kind``
    (no declaration, or no kind given: it applies)."""
    if kind is None or declared is None:
        return True
    return kind in declared
