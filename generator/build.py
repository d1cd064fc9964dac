"""`policypack build`: one profile in, one organisation folder out."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from generator import clock
from generator.blocks import Document
from generator.documents import BuildInputs, Output, Skipped
from generator.documents.docx_output import to_docx
from generator.documents.registry import producers
from generator.errors import Problem
from generator.manifest import document_entry, folder_digest, manifest, sha256
from generator.profile import load_profile
from generator.writer import staging, swap_in, write_files


@dataclass
class BuildReport:
    organisation: str
    folder: str
    documents: list[dict]
    skipped: list[dict]
    warnings: tuple[Problem, ...] = ()
    status: str = "complete"
    missing: list = field(default_factory=list)  # unanswered prompts


def render_pack(inputs: BuildInputs) -> tuple[list[Document], list[Output], list[Skipped]]:
    """Every document of the pack, rendered in memory (nothing written)."""
    documents, outputs, skipped = [], [], []
    for produce in producers():
        for item in produce(inputs):
            if isinstance(item, Document):
                documents.append(item)
                outputs.append(to_docx(item, inputs))
            elif isinstance(item, Output):
                outputs.append(item)
            else:
                skipped.append(item)
    return documents, outputs, skipped


def build_pack(profile_path: str, out_dir: str = "out", pdf: bool = False, handbook: bool = True,
               today: dt.date | None = None) -> BuildReport:
    today = today or clock.today()
    loaded = load_profile(profile_path, today)
    profile = loaded.profile
    inputs = BuildInputs.create(profile, today)
    documents, outputs, skipped = render_pack(inputs)
    org_id = profile.organisation.id
    final = os.path.join(out_dir, org_id)
    entries: list[dict] = []
    with staging(out_dir, org_id) as temp:
        write_files(temp, {o.path: o.data for o in outputs})
        pdf_paths = {}
        if pdf:
            from generator.pdf import convert

            docx = [os.path.join(temp, o.path) for o in outputs if o.path.endswith(".docx")]
            for path in convert(docx):
                pdf_paths[os.path.relpath(os.path.splitext(path)[0] + ".docx", temp)] = os.path.relpath(path, temp)
        for output in outputs:
            extra = {}
            if output.path in pdf_paths:
                with open(os.path.join(temp, pdf_paths[output.path]), "rb") as handle:
                    extra = {"pdf": pdf_paths[output.path], "pdf_sha256": sha256(handle.read())}
            entries.append(document_entry(output.kind, output.title, output.path, sha256(output.data), output.status, **extra))
        if handbook:
            entry = _build_handbook(inputs, documents, outputs, temp, pdf_paths)
            if entry:
                entries.append(entry)
        skipped_entries = [{"kind": s.kind, "reason": s.reason} for s in skipped]
        write_files(temp, {"manifest.json": manifest(org_id, entries, skipped_entries, today.isoformat())})
        swap_in(temp, final)
    missing = [d for doc in documents for d in doc.missing_prompts]
    status = "draft" if any(e["status"] == "draft" for e in entries) else "complete"
    return BuildReport(org_id, final, entries, skipped_entries, loaded.warnings, status, missing)


def _build_handbook(inputs, documents, outputs, temp, pdf_paths) -> dict | None:
    try:
        from generator.handbook.build import build_handbook
    except ImportError:  # the handbook backend is optional until installed
        return None
    folder = os.path.join(temp, "handbook")
    build_handbook(inputs, documents, outputs, folder, pdf_paths)
    files = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                files[os.path.relpath(path, folder)] = handle.read()
    return document_entry("handbook", "Staff safeguarding handbook", "handbook", folder_digest(files), "complete")
