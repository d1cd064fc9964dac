"""The "How do we do this" prompts, declared in the policy templates' front matter."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from generator.errors import TemplateProblem
from generator.sources.data import parse_template_yaml
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


def section_files(templates: TemplateSet) -> list[str]:
    return templates.names(*POLICY_SECTIONS)


@lru_cache(maxsize=1024)
def _declared(path: str, text: str) -> tuple[str, list]:
    """A section file's heading and declared prompts, parsed once per text."""
    front, body, _ = split_front_matter(text)
    heading = _HEADING.search(body)
    section = heading.group(1).strip() if heading else path
    front_data = parse_template_yaml(front, path) or {}
    if not isinstance(front_data, dict):
        raise TemplateProblem(f"{path}: the front matter must be a mapping (prompts: ...)",
                              "fix the block between the two --- lines")
    return section, front_data.get("prompts") or []


def catalogue(override_dirs: tuple[str, ...] = (), templates: TemplateSet | None = None) -> dict[str, PromptInfo]:
    """Every prompt of the policy, in document order, keyed by id."""
    templates = templates or TemplateSet.for_dirs(override_dirs)
    prompts: dict[str, PromptInfo] = {}
    for name in section_files(templates):
        section, declared = _declared(templates.find(name), templates.read(name))
        for item in declared:
            if not isinstance(item, dict) or "id" not in item or "question" not in item:
                raise TemplateProblem(f"{templates.find(name)}: each prompt needs an id and a question",
                                      "write - id: some-id / question: ... in the front matter")
            if item["id"] in prompts:
                raise TemplateProblem(f"{templates.find(name)}: prompt id '{item['id']}' is declared twice "
                                      f"(also in {prompts[item['id']].template})", "give each prompt its own id")
            prompts[item["id"]] = PromptInfo(item["id"], item["question"], section, item.get("hint", ""), name)
    return prompts
