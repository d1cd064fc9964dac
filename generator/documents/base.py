"""The types every producer shares: ``BuildInputs`` in, ``Document`` / ``Output`` / ``Skipped`` out."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.errors import TemplateProblem
from generator.profile.model import Profile
from generator.render.blocks import Block
from generator.render.content import render_blocks
from generator.render.context import make_context
from generator.sources.data import parse_template_yaml
from generator.sources.prompts import PromptInfo, catalogue
from generator.sources.templates import TemplateSet


@dataclass(frozen=True)
class Output:
    kind: str
    title: str
    path: str  # relative to the organisation's folder
    data: bytes
    status: str = "complete"
    publish: bool = True  # False: never copied to the handbook site


@dataclass(frozen=True)
class Skipped:
    kind: str
    reason: str


@dataclass
class BuildInputs:
    profile: Profile
    templates: TemplateSet
    today: dt.date
    prompts: dict[str, PromptInfo] = field(default_factory=dict)
    _contexts: dict = field(default_factory=dict, repr=False)

    @classmethod
    def create(cls, profile: Profile, today: dt.date) -> "BuildInputs":
        templates = TemplateSet.for_dirs(profile.template_dirs)
        return cls(profile, templates, today, catalogue(templates=templates))

    def context(self, audience: str) -> dict:
        if audience not in self._contexts:
            self._contexts[audience] = make_context(self.profile, audience, self.today)
        return self._contexts[audience]

    def blocks(self, name: str, audience: str, extra: dict | None = None) -> tuple[Block, ...]:
        context = self.context(audience)
        if extra:
            context = {**context, **extra}
        return render_blocks(self.templates, name, context, self.profile.answers, self.prompts)

    def data(self, name: str):
        """A YAML data file from the templates (document titles, forms, schemes).

        Parsed once per text and process; each caller gets its own copy."""
        return parse_template_yaml(self.templates.read(name), self.templates.find(name), name)


    def document_info(self, name: str) -> dict:
        """A ``document.yaml`` (slug, title, subject, ...), checked for shape,
        since a setting's own copy may be wrong."""
        info = self.data(name)
        path = self.templates.find(name)
        if not isinstance(info, dict):
            raise TemplateProblem(f"{path}: must be a mapping of keys (slug:, title:, subject:)",
                                  "compare it with the built-in file of the same name")
        for key in ("slug", "title", "subject"):
            if not isinstance(info.get(key), str) or not info[key].strip():
                raise TemplateProblem(f"{path}: {key} is missing or not text", f"add {key}: to the file")
        if not _SLUG.fullmatch(info["slug"]):
            raise TemplateProblem(f"{path}: slug '{info['slug']}' is not a plain file name",
                                  "use lower-case letters, digits and hyphens, e.g. safeguarding-policy")
        return info


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

