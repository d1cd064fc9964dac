"""``review evidence``: one zip for an inspector or the board.

The archive holds the documents a recorded review approved (taken from the
pack in ``--out``, and refused unless every one still has the sha256 the
review recorded), the pack's ``manifest.json``, the history entry as JSON,
``SHA256SUMS`` (one line per file, the format ``sha256sum -c`` reads) and a
README, from ``templates/review/evidence-readme.txt.j2``, on checking them.

The zip is reproducible: fixed order, and every file dated on the day of the
approval.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError
from generator.review.manifest import MANIFEST, locate
from generator.review.snapshot import REVIEW_TEMPLATES, tool_version
from generator.review.verify import verify_pack
from generator.review.wording import longdate
from generator.store.reviews import ReviewEntry

README = "README.txt"
SUMS = "SHA256SUMS"
ENTRY = "review-entry.json"
DOCUMENTS = "documents"


@dataclass(frozen=True)
class Evidence:
    data: bytes  # the zip
    files: int  # files inside it


def _entry_json(entry: ReviewEntry) -> bytes:
    """The history entry; its free-text note stays in the tracker (it may name
    a child or a family, as the handbook's review page assumes too)."""
    data = entry.as_json()
    data.pop("note", None)
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _document_files(entry: ReviewEntry, out_dir: Path) -> list[tuple[str, bytes]]:
    """(name in the archive, bytes) of every approved document; a folder (the
    handbook) gives one entry per file."""
    files = []
    for document in entry.documents:
        found = locate(out_dir, entry.organisation_id, document.path)
        assert found is not None  # verify_pack said "same"
        if found.is_dir():
            for file in sorted(p for p in found.rglob("*") if p.is_file()):
                relative = file.relative_to(found).as_posix()
                files.append((f"{DOCUMENTS}/{document.path}/{relative}", file.read_bytes()))
        else:
            files.append((f"{DOCUMENTS}/{document.path}", found.read_bytes()))
    return files


def build_evidence(entry: ReviewEntry, organisation_name: str, out_dir: Path) -> Evidence:
    """The archive's bytes; a ``UserError`` when the pack is not the approved one."""
    checked = verify_pack(entry, out_dir)
    differing = [c for c in checked if c.state != "same"]
    if differing:
        listed = ", ".join(f"{c.document.path} ({c.state})" for c in differing[:5])
        raise UserError(
            f"The pack in {out_dir / entry.organisation_id} is not the one approved on "
            f"{entry.reviewed_on.isoformat()}: {listed}.",
            "rebuild the approved profile (policypack build), check with policypack review verify, "
            "or record the review of the changed documents",
        )
    manifest = Path(out_dir) / entry.organisation_id / MANIFEST
    files = _document_files(entry, Path(out_dir))
    files.append((MANIFEST, manifest.read_bytes()))
    files.append((ENTRY, _entry_json(entry)))
    sums = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files)
    from generator.render.jinja_env import render_limited, text_env

    template = text_env(str(REVIEW_TEMPLATES)).get_template("evidence-readme.txt.j2")
    readme = render_limited(template, {
        "organisation": organisation_name, "entry": entry, "approved_on": longdate(entry.reviewed_on),
        "next_review": longdate(entry.next_review), "documents": entry.documents, "version": tool_version(),
        "documents_folder": DOCUMENTS, "sums": SUMS, "manifest": MANIFEST, "entry_file": ENTRY,
    }, "review/evidence-readme.txt.j2")
    files.append((SUMS, sums.encode("utf-8")))
    files.append((README, readme.encode("utf-8")))
    return Evidence(_zip(files, entry), len(files))


def _zip(files: list[tuple[str, bytes]], entry: ReviewEntry) -> bytes:
    moment = (entry.reviewed_on.year, entry.reviewed_on.month, entry.reviewed_on.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=moment)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
