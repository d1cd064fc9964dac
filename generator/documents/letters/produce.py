"""Blank parent letters for every build: the letter templates with lines to
write on where a family's details go ("Child's name: ______").

Mail-merged letters hold personal data and are never part of a build: they
are made by `policypack letters` into their own private folder
(generator/letters/).
"""

from __future__ import annotations

from generator.documents.base import BuildInputs
from generator.documents.letters.compose import blank_fields
from generator.documents.letters.spec import all_specs
from generator.docx.unbroken import keep_numbers_whole
from generator.render.blocks import Document


def documents(inputs: BuildInputs) -> list[Document]:
    out = []
    for spec in all_specs(inputs.templates):
        blocks = inputs.blocks(spec.template, audience="public", extra={"family": blank_fields(spec), "blank": True})
        out.append(Document(kind="letter", slug=f"letter-{spec.name}", title=spec.title, subject=spec.subject,
                            blocks=blocks, audience="public",
                            blank=True, path=f"letters/{spec.name}-blank.docx",
                            finish_docx=keep_numbers_whole))
    return out
