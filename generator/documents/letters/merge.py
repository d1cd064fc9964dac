"""`policypack letters`: one letter per family of a CSV, kept private.

Everything is rendered (and, with a password, encrypted) in memory first;
the output folder is written last, all at once, so a bad row or a failed
conversion leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from generator import clock
from generator.documents.base import BuildInputs
from generator.documents.letters.compose import LetterComposer
from generator.documents.letters.families import (
    FamilyTable,
    read_families,
    safe_file_stem,
)
from generator.documents.letters.spec import LetterSpec, load_spec
from generator.docx.unbroken import keep_numbers_whole
from generator.profile.model import Profile
from generator.render.blocks import Document

DEFAULT_ROOT = "letters-out"


@dataclass
class MergeReport:
    letter: str
    folder: str
    letters: int
    files: list[str]
    combined: bool
    pdf: bool
    encrypted: bool
    ignored_columns: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()


def default_folder(profile: Profile, letter: str) -> str:
    return os.path.join(DEFAULT_ROOT, profile.organisation.id, letter)


class LetterMaker:
    """Letters of one kind for one profile, as DOCX bytes."""

    def __init__(self, profile: Profile, spec: LetterSpec, today: dt.date) -> None:
        from generator.documents.docx_output import master_for

        self.inputs = BuildInputs.create(profile, today)
        self.spec = spec
        where = self.inputs.templates.find(master_for(self._document(())))
        self.composer = LetterComposer(self.inputs, spec, self._render, where)

    def _document(self, blocks) -> Document:
        return Document(kind="letter", slug=self.spec.name, title=self.spec.title, subject=self.spec.subject,
                        blocks=tuple(blocks), audience="public", finish_docx=keep_numbers_whole)

    def _render(self, blocks) -> bytes:
        from generator.documents.docx_output import to_docx

        return to_docx(self._document(blocks), self.inputs).data

    def one(self, family) -> bytes:
        return self.composer.docx(family)

    def combined(self, families) -> bytes:
        return self.composer.combined(families)


def read_input(profile: Profile, letter: str, families_csv: str) -> tuple[LetterSpec, FamilyTable]:
    """The letter's definition and the checked families (raises UserError)."""
    from generator.sources.templates import TemplateSet

    spec = load_spec(TemplateSet.for_dirs(profile.template_dirs), letter)
    return spec, read_families(families_csv, spec)


def merge_letters(profile: Profile, spec: LetterSpec, table: FamilyTable, out_dir: str | None = None,
                  combined: bool = False, pdf: bool = False, password: str | None = None,
                  today: dt.date | None = None, progress=None) -> MergeReport:
    """Make the letter ``spec`` for every family of ``table`` and write them.

    ``progress(stage, done, total)`` is called as work advances (no family
    data in it).  Raises UserError, having written nothing, on any problem.
    """
    from generator.documents.letters.plaintext import plaintext_folder, stop_signals_raise
    from generator.documents.letters.secure import (
        PASSWORD_ENV,
        encrypt_all,
        ignore_for_git,
        to_pdf,
        write_folder,
    )

    today = today or clock.today()
    if pdf:
        from generator.docx.pdf import soffice

        soffice()  # LibreOffice missing: say so before making a thousand letters
    maker = LetterMaker(profile, spec, today)
    families = table.families
    tick = progress or (lambda stage, done, total: None)

    documents: dict[str, bytes] = {}
    if combined:
        tick("Making letters", 0, len(families))
        documents[f"{spec.name}-letters.docx"] = maker.combined(families)
        tick("Making letters", len(families), len(families))
    else:
        for done, family in enumerate(families, start=1):
            documents[safe_file_stem(family["reference"]) + ".docx"] = maker.one(family)
            if done % 25 == 0 or done == len(families):
                tick("Making letters", done, len(families))

    files = dict(documents)
    folder = out_dir or default_folder(profile, spec.name)
    with stop_signals_raise():
        if pdf:
            with plaintext_folder(PASSWORD_ENV) as private:
                files.update(to_pdf(documents, private, lambda done, total: tick("Converting to PDF", done, total)))
        if password is not None:
            names = sorted(files)
            kinds = [("docx" if n.endswith(".docx") else "pdf", files[n]) for n in names]
            encrypted = encrypt_all(kinds, password, lambda done, total: tick("Encrypting", done, total))
            files = dict(zip(names, encrypted))
        if out_dir is None:
            ignore_for_git(DEFAULT_ROOT)
        notices = write_folder(folder, files, gitignore=out_dir is not None)
    return MergeReport(letter=spec.name, folder=folder, letters=len(families), files=sorted(files),
                       combined=combined, pdf=pdf, encrypted=password is not None, ignored_columns=table.ignored,
                       notices=tuple(notices))
