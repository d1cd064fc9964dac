"""`policypack build`: one profile in, one organisation folder out.

Three phases, so that a batch can convert many packs to PDF in one
LibreOffice call: ``stage_pack`` renders everything in memory and writes it
to a private temporary folder; the caller may convert its DOCX files to PDF;
``finish_pack`` adds the handbook and the manifest and swaps the folder in.
Any failure discards the temporary folder: the previous output stays.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from typing import Callable

from generator import clock
from generator.documents.base import BuildInputs, Output, Skipped
from generator.documents.docx_output import to_docx
from generator.documents.registry import producers
from generator.errors import Problem
from generator.pack.buildkey import Preloaded, build_key, build_options, built_from, folder_sha256
from generator.pack.manifest import document_entry, manifest, sha256, written_for
from generator.profile.digest import profile_sha256
from generator.profile.load import load_profile
from generator.render.blocks import Document
from generator.render.limits import document_budget
from generator.sources.templates import Lookups, recording
from generator.store.entries import Approval
from generator.writer import (
    FolderLock,
    discard,
    disk_errors,
    leftovers_notice,
    make_staging,
    refuse_unless_ours,
    remove_leftovers,
    swap_in,
    write_failure,
    write_files,
)


@dataclass
class BuildReport:
    organisation: str
    folder: str
    documents: list[dict]
    skipped: list[dict]
    warnings: tuple[Problem, ...] = ()
    status: str = "complete"
    missing: list = field(default_factory=list)  # unanswered prompts
    notices: list[str] = field(default_factory=list)  # things the user should know, e.g. withheld downloads


@dataclass
class StagedPack:
    inputs: BuildInputs
    documents: list[Document]
    outputs: list[Output]
    skipped: list[Skipped]
    warnings: tuple[Problem, ...]
    temp: str  # the private folder holding the rendered files
    final: str  # OUT/<organisation.id>
    lookups: Lookups = field(default_factory=Lookups)  # the templates used (for the build key)
    chain: tuple[str, ...] = ()  # the profile files read
    lock: FolderLock | None = None  # held from staging to swap: one build of an id at a time
    notices: list[str] = field(default_factory=list)

    @property
    def docx_paths(self) -> list[str]:
        return [os.path.join(self.temp, o.path) for o in self.outputs if o.path.endswith(".docx")]

    def discard(self) -> None:
        discard(self.temp)
        if self.lock:
            self.lock.release()


def render_pack(inputs: BuildInputs) -> tuple[list[Document], list[Output], list[Skipped]]:
    """Every document of the pack, rendered in memory (nothing written).
    Each document (its templates and its master) has one wall-clock budget."""
    documents, outputs, skipped = [], [], []
    for produce in producers():
        items = iter(produce(inputs))
        while True:
            with document_budget():
                item = next(items, None)
                if item is None:
                    break
                if isinstance(item, Document):
                    documents.append(item)
                    outputs.append(to_docx(item, inputs))
                elif isinstance(item, Output):
                    outputs.append(item)
                else:
                    skipped.append(item)
    return documents, outputs, skipped


def stage_pack(profile_path: str, out_dir: str, today: dt.date | None = None,
               history: tuple[Approval, ...] | None = None, preloaded: Preloaded | None = None) -> StagedPack:
    """``history``: the approvals the documents show (default: the recorded ones);
    ``preloaded``: the profile as the unchanged check loaded it today."""
    today = today or clock.today()
    lookups = Lookups()
    with recording(lookups):  # every template and master used goes into the build key
        if preloaded is None:
            loaded = load_profile(profile_path, today)
        else:
            loaded = preloaded.loaded
            lookups.names |= preloaded.lookups.names
            lookups.listings |= preloaded.lookups.listings
        inputs = BuildInputs.create(loaded.profile, today, history, profile_sha256(profile_path))
        org_id = loaded.profile.organisation.id
        final = os.path.join(out_dir, org_id)
        refuse_unless_ours(final, _ours(org_id))  # before the work, and before anything is written
        documents, outputs, skipped = render_pack(inputs)  # before anything touches the disk
    with disk_errors(out_dir):
        os.makedirs(out_dir, exist_ok=True)
    lock = FolderLock(out_dir, org_id).acquire()
    try:
        refuse_unless_ours(final, _ours(org_id))  # again: another run may have written it meanwhile
        notices = leftovers_notice(remove_leftovers(out_dir, org_id))
        temp = make_staging(out_dir, org_id)
        try:
            write_files(temp, {o.path: o.data for o in outputs})
        except BaseException:
            discard(temp)
            raise
    except BaseException:
        lock.release()
        raise
    return StagedPack(inputs, documents, outputs, skipped, loaded.warnings, temp, final, lookups, loaded.chain,
                      lock, notices)


def _ours(org_id: str):
    return lambda folder: written_for(folder, org_id)


def finish_pack(staged: StagedPack, pdfs: dict[str, str] | None = None, handbook: bool = True,
                before_swap: Callable[[BuildReport], None] | None = None,
                theme_store: str | None = None) -> BuildReport:
    """Handbook, manifest, swap.  ``pdfs`` maps staged DOCX paths to PDF paths.

    ``before_swap`` sees the finished report before the folder is swapped in
    (``review record`` commits the approval there); if it raises, the
    previous output stays.  ``theme_store``: the batch's folder of the
    handbook theme's files."""
    try:
        temp = staged.temp
        pdf_paths = {os.path.relpath(d, temp): os.path.relpath(p, temp) for d, p in (pdfs or {}).items()}
        entries: list[dict] = []
        for output in staged.outputs:
            extra = {}
            if output.path in pdf_paths:
                with open(os.path.join(temp, pdf_paths[output.path]), "rb") as handle:
                    extra = {"pdf": pdf_paths[output.path], "pdf_sha256": sha256(handle.read())}
            entries.append(document_entry(output.kind, output.title, output.path, sha256(output.data), output.status, **extra))
        notices: list[str] = list(staged.notices)
        if handbook:
            with recording(staged.lookups):
                entry, withheld = _build_handbook(staged, pdf_paths, theme_store)
            entries.append(entry)
            notices += [f"{path} is not offered as a download in the handbook: it holds a private number or email"
                        for path in withheld]
        skipped = [{"kind": s.kind, "reason": s.reason} for s in staged.skipped]
        org_id = staged.inputs.profile.organisation.id
        key_inputs = built_from(staged.inputs.profile, staged.chain, staged.lookups, build_options(bool(pdfs), handbook))
        write_files(temp, {"manifest.json": manifest(org_id, entries, skipped, staged.inputs.today.isoformat(),
                                                      profile_sha256=staged.inputs.profile_digest,
                                                      build_key=build_key(key_inputs), built_from=key_inputs)})
        missing = [prompt for document in staged.documents for prompt in document.missing_prompts]
        status = "draft" if any(e["status"] == "draft" for e in entries) else "complete"
        report = BuildReport(org_id, staged.final, entries, skipped, staged.warnings, status, missing, notices)
        if before_swap is not None:
            before_swap(report)
        with disk_errors(staged.final):
            swap_in(temp, staged.final)
    except OSError as exc:  # a full disk or a file-size limit while the handbook was written
        staged.discard()
        raise write_failure(exc, temp) from None
    except BaseException:
        staged.discard()
        raise
    if staged.lock:
        staged.lock.release()
    return report


def build_pack(profile_path: str, out_dir: str = "out", pdf: bool = False, handbook: bool = True,
               today: dt.date | None = None, history: tuple[Approval, ...] | None = None,
               before_swap: Callable[[BuildReport], None] | None = None) -> BuildReport:
    staged = stage_pack(profile_path, out_dir, today, history)
    pdfs = {}
    if pdf:
        from generator.docx.pdf import convert

        try:
            pdfs = dict(zip(staged.docx_paths, convert(staged.docx_paths, cache=True)))
        except BaseException:
            staged.discard()
            raise
    return finish_pack(staged, pdfs, handbook, before_swap)


def _build_handbook(staged: StagedPack, pdf_paths: dict[str, str], theme_store: str | None) -> tuple[dict, list[str]]:
    from generator.handbook.build import build_handbook

    folder = os.path.join(staged.temp, "handbook")
    site = build_handbook(staged.inputs, staged.documents, staged.outputs, folder, pdf_paths, theme_store)
    # The handbook carries the policy's pages: a draft policy makes a draft handbook.
    status = "draft" if any(d.status == "draft" for d in staged.documents) else "complete"
    entry = document_entry("handbook", "Staff safeguarding handbook", "handbook", folder_sha256(folder), status)
    return entry, list(site.withheld)
