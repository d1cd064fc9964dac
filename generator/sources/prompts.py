"""The "How do we do this" prompts, declared in the policy templates' front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import TemplateProblem
from generator.sources.data import parse_template_yaml
from generator.sources.kinds import applies, fill_words, kind_table
from generator.sources.templates import TemplateSet, split_front_matter

POLICY_SECTIONS = ("policy", "[0-9][0-9]-*.md")
_HEADING = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class PromptInfo:
    id: str
    question: str
    section: str
    hint: str
    template: str
    kinds: tuple[str, ...] | None = None  # the kinds of setting it is asked of; None: every kind


def section_files(templates: TemplateSet, kind: str | None = None) -> list[str]:
    """The policy's section files in order; with ``kind``, only those for that
    kind of setting (front matter ``kinds: [...]``)."""
    names = templates.names(*POLICY_SECTIONS)
    if kind is None:
        return names
    return [name for name in names if applies(_declared(templates.find(name), templates.read(name))[2], kind)]


@lru_cache(maxsize=1024)
def _declared(path: str, text: str) -> tuple[str, list, tuple | None]:
    """A section file's heading, declared prompts and kinds, parsed once per text."""
    front, body, _ = split_front_matter(text)
    heading = _HEADING.search(body)
    section = heading.group(1).strip() if heading else path
    front_data = parse_template_yaml(front, path) or {}
    if not isinstance(front_data, dict):
        raise TemplateProblem(f"{path}: the front matter must be a mapping (prompts: ...)",
                              "fix the block between the two --- lines")
    return section, front_data.get("prompts") or [], _kinds(front_data.get("kinds"), path)


_WORD_TAG = re.compile(r"\{\{\s*words\.([a-z_]+)\s*(\|\s*upfirst\s*)?\}\}")


def _heading_words(section: str, words) -> str:
    """A heading such as ``When a {{ words.learner }} joins us`` in plain words."""
    def word(match):
        value = words.get(match.group(1), match.group(1))
        return value[:1].upper() + value[1:] if match.group(2) else value
    return _WORD_TAG.sub(word, section)


def _kinds(value, path: str) -> tuple | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
        raise TemplateProblem(f"{path}: kinds: must be a list of kinds of setting",
                              "write e.g. kinds: [school, academy_trust]")
    return tuple(value)


def catalogue(override_dirs: tuple[str, ...] = (), templates: TemplateSet | None = None,
              kind: str | None = None) -> dict[str, PromptInfo]:
    """Every prompt of the policy, in document order, keyed by id.

    Without ``kind``: every prompt of every kind, as declared (to check answer
    ids). With ``kind``: only the prompts of that kind's sections that apply to
    it, with its own wording (``for: {kind: {question, hint}}``) and its words
    (``{learners}``) filled in."""
    templates = templates or TemplateSet.for_dirs(override_dirs)
    words = kind_table(templates, kind)["words"] if kind else {}
    prompts: dict[str, PromptInfo] = {}
    for name in section_files(templates):
        section, declared, section_kinds = _declared(templates.find(name), templates.read(name))
        for item in declared:
            if not isinstance(item, dict) or "id" not in item or "question" not in item:
                raise TemplateProblem(f"{templates.find(name)}: each prompt needs an id and a question",
                                      "write - id: some-id / question: ... in the front matter")
            if item["id"] in prompts:
                raise TemplateProblem(f"{templates.find(name)}: prompt id '{item['id']}' is declared twice "
                                      f"(also in {prompts[item['id']].template})", "give each prompt its own id")
            item_kinds = _kinds(item.get("kinds"), templates.find(name))
            if not (applies(section_kinds, kind) and applies(item_kinds, kind)):
                continue
            both = [k for k in (section_kinds or item_kinds or ()) if item_kinds is None or k in item_kinds]
            own = (item.get("for") or {}).get(kind) or {} if kind else {}
            question, hint = own.get("question", item["question"]), own.get("hint", item.get("hint", ""))
            prompts[item["id"]] = PromptInfo(item["id"], fill_words(str(question), words), _heading_words(section, words),
                                             fill_words(str(hint), words), name,
                                             tuple(both) if (section_kinds or item_kinds) else None)
    return prompts
