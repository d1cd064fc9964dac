"""The letters: their names, titles and the CSV columns each one uses.

A letter is one template, ``templates/letters/<name>.md`` (Jinja + Markdown).
Its front matter gives the title, the subject and the columns it needs
(``required``) or uses when filled in (``optional``); every column must be
described in ``templates/letters/columns.yaml`` (and in docs/letters.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.errors import TemplateProblem, UserError
from generator.sources.data import parse_template_yaml
from generator.sources.templates import TemplateSet, split_front_matter

FOLDER = "letters"
COLUMNS_FILE = "letters/columns.yaml"
ADDRESS_COLUMNS = ("address_line_1", "address_line_2", "address_line_3", "town", "postcode")
# Fields templates see that are made from columns rather than read from one.
DERIVED = ("address", "date")
# Old letter names the CLI's --letter still accepts: old name -> letter.
ALIASES = {"key-worker-travel": "critical-worker-travel"}
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class LetterSpec:
    name: str  # e.g. "cp-plan-closure"; also the file stem of the template
    title: str
    subject: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def template(self) -> str:
        return f"{FOLDER}/{self.name}.md"

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def fields(self) -> tuple[str, ...]:
        """Every name a template may use after ``family.``."""
        derived = ("date",) + (("address",) if any(c in ADDRESS_COLUMNS for c in self.columns) else ())
        return self.columns + derived


def column_descriptions(templates: TemplateSet) -> dict[str, str]:
    path = templates.find(COLUMNS_FILE)
    data = parse_template_yaml(templates.read(COLUMNS_FILE), path, COLUMNS_FILE) or {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise TemplateProblem(f"{path}: must map each column name to a description", "write `column: what to put in it`")
    return {str(k): " ".join(v.split()) for k, v in data.items()}


def letter_names(templates: TemplateSet) -> list[str]:
    return [n[len(FOLDER) + 1:-3] for n in templates.names(FOLDER, "*.md")]


def load_spec(templates: TemplateSet, name: str) -> LetterSpec:
    names = letter_names(templates)
    if name not in names and ALIASES.get(name) in names:
        name = ALIASES[name]
    if name not in names:
        raise UserError(f"there is no letter called '{name}'", "choose one of: " + ", ".join(names))
    relative = f"{FOLDER}/{name}.md"
    path = templates.find(relative)
    front, _, _ = split_front_matter(templates.read(relative))
    data = parse_template_yaml(front, path) or {}
    fix = "give the front matter a title, a subject, and lists of required and optional columns"
    if not isinstance(data, dict) or not isinstance(data.get("title"), str) or not isinstance(data.get("subject"), str):
        raise TemplateProblem(f"{path}: the front matter needs a title and a subject", fix)
    required = _names(data.get("required"), path, "required", fix)
    optional = _names(data.get("optional", []), path, "optional", fix)
    known = column_descriptions(templates)
    unknown = [c for c in required + optional if c not in known]
    if unknown:
        raise TemplateProblem(f"{path}: column(s) not described in {COLUMNS_FILE}: {', '.join(unknown)}",
                              f"describe each column in {COLUMNS_FILE} and docs/letters.md")
    if "reference" not in required:
        raise TemplateProblem(f"{path}: every letter needs the reference column (it names the files)",
                              "add reference to required")
    if set(required) & set(optional) or len(set(required + optional)) != len(required + optional):
        raise TemplateProblem(f"{path}: a column is listed twice", "list each column once")
    return LetterSpec(name, data["title"], data["subject"], required, optional)


def _names(value, path: str, key: str, fix: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TemplateProblem(f"{path}: '{key}' must be a list of column names", fix)
    return tuple(value)


def all_specs(templates: TemplateSet) -> list[LetterSpec]:
    return [load_spec(templates, name) for name in letter_names(templates) if _NAME.fullmatch(name)]
