"""The safeguarding and child-protection policy."""

from __future__ import annotations

from generator.documents.base import BuildInputs
from generator.documents.flowchart.produce import steps_for
from generator.profile.model import Profile
from generator.render.blocks import Document
from generator.sources.prompts import PromptInfo, catalogue, section_files

DOCUMENT_CONTROL = "policy/document-control.md"


def documents(inputs: BuildInputs) -> list[Document]:
    info = inputs.document_info("policy/document.yaml")
    sections = []
    audience = info.get("audience", "public")
    # The document-control block comes first, outside the numbered sections.
    blocks: list = list(inputs.blocks(DOCUMENT_CONTROL, audience=audience))
    # The staff flowchart, as numbered steps, is an appendix of the policy,
    # so that the published policy stands alone (with the same routes).
    extra = {"flowchart_steps": steps_for(inputs, "flowchart/worried-about-a-child.yaml", audience)}
    for name in section_files(inputs.templates, inputs.profile.organisation.kind):
        rendered = inputs.blocks(name, audience=audience, extra=extra)
        sections.append((name, rendered))
        blocks.extend(rendered)
    return [Document(kind="policy", slug=info["slug"], title=info["title"], subject=info["subject"],
                     blocks=tuple(blocks), audience=info.get("audience", "public"),
                     toc=True, sections=tuple(sections))]


def missing_prompts(profile: Profile) -> list[PromptInfo]:
    """Every declared prompt the profile does not answer, in document order."""
    prompts = catalogue(profile.template_dirs, kind=profile.organisation.kind)
    return [p for p in prompts.values() if not (profile.answers.get(p.id) or "").strip()]
