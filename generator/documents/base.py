"""The types every producer shares: ``BuildInputs`` in, ``Document`` / ``Output`` / ``Skipped`` out."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import TemplateProblem, UserError
from generator.profile.model import Profile
from generator.render.blocks import Block
from generator.render.content import render_blocks
from generator.render.context import make_context
from generator.sources.data import parse_template_yaml
from generator.sources.prompts import PromptInfo, catalogue
from generator.sources.templates import TemplateSet
from generator.store.entries import Approval
from generator.store.reviews import approvals, default_db_path


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
    other_kinds: frozenset[str] = frozenset()  # prompt ids declared only for other kinds of setting
    # The recorded approvals, oldest first; None: read from the review history
    # on first use.  ``review record`` passes them, with the one it is adding.
    history: tuple[Approval, ...] | None = None
    # manifest.json's profile_sha256; None: computed from profile.source on first use.
    profile_sha256: str | None = None
    _contexts: dict = field(default_factory=dict, repr=False)

    @classmethod
    def create(cls, profile: Profile, today: dt.date, history: tuple[Approval, ...] | None = None,
               profile_sha256: str | None = None) -> "BuildInputs":
        templates = TemplateSet.for_dirs(profile.template_dirs)
        prompts = catalogue(templates=templates, kind=profile.organisation.kind)
        return cls(profile, templates, today, prompts, other_kinds=frozenset(catalogue(templates=templates)) - set(prompts),
                   history=history, profile_sha256=profile_sha256)

    @property
    def approvals(self) -> tuple[Approval, ...]:
        if self.history is None:
            self.history = recorded_approvals(self.profile)
        return self.history

    @property
    def profile_digest(self) -> str:
        if self.profile_sha256 is None:
            from generator.profile.digest import profile_sha256

            self.profile_sha256 = profile_sha256(self.profile.source)
        return self.profile_sha256

    @property
    def approval(self) -> Approval | None:
        """The last approval, when it was given to this version of the profile;
        None when the profile changed since (the documents are not the approved ones)."""
        last = self.approvals[-1] if self.approvals else None
        return last if last is not None and last.covers(self.profile_digest) else None

    def document_control(self) -> dict:
        """The policy's version and state (approved, complete or draft), and its approval."""
        approval = self.approval
        last = self.approvals[-1] if self.approvals else None
        if approval is not None:
            state = "approved"
        elif any(not (self.profile.answers.get(pid) or "").strip() for pid in self.prompts):
            state = "draft"
        else:
            state = "complete"
        version = approval.number if approval else (last.number + 1 if last else 1)
        return {"approval": approval, "last_approval": last, "version": version, "state": state}

    def context(self, audience: str) -> dict:
        if audience not in self._contexts:
            context = make_context(self.profile, audience, self.today, self.templates)
            context["review"] = {**context["review"], **self.document_control()}
            self._contexts[audience] = context
        return self._contexts[audience]

    def blocks(self, name: str, audience: str, extra: dict | None = None) -> tuple[Block, ...]:
        context = self.context(audience)
        if extra:
            context = {**context, **extra}
        return render_blocks(self.templates, name, context, self.profile.answers, self.prompts, self.other_kinds)

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


def recorded_approvals(profile: Profile) -> tuple[Approval, ...]:
    """The approvals in the review history beside the profile (or $POLICYPACK_REVIEW_DB).

    A damaged or locked history must not stop a build: the documents then
    show no approval, as before any review was recorded."""
    try:
        return approvals(default_db_path(Path(profile.source)), profile.organisation.id)
    except (UserError, OSError):
        return ()


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")

