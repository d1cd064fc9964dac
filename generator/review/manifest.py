"""The built pack at the time of a review: ``OUT/<organisation id>/manifest.json``."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UserError
from generator.store.reviews import DocumentHash

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class BuiltPack:
    manifest_path: Path | None  # None: no build found
    documents: tuple[DocumentHash, ...] = ()
    status: str | None = None  # the manifest's "complete" or "draft"
    profile_sha256: str | None = None  # the profile version built from (None: an older build)
    with_pdf: bool = False  # built with --pdf
    with_handbook: bool = True  # False: built with --no-handbook

    @property
    def found(self) -> bool:
        return self.manifest_path is not None


def sha256_of(path: Path) -> str:
    """A file's sha256; for a folder (the handbook site), the build's folder digest."""
    if path.is_dir():
        from generator.pack.manifest import folder_digest

        files = {}
        for file in sorted(path.rglob("*")):
            if _regular_inside(file, path):  # never a link out of the folder, a pipe or a device
                files[os.path.relpath(file, path)] = file.read_bytes()
        return folder_digest(files)
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def leaves_pack(relative: str) -> bool:
    """Whether a manifest path is absolute or climbs out with '..' (a crafted manifest)."""
    parts = relative.replace("\\", "/").split("/")
    return (not relative or "\0" in relative or os.path.isabs(relative) or relative.startswith(("/", "\\"))
            or ".." in parts or ":" in parts[0])


def _regular_inside(path: Path, root: Path) -> bool:
    """``path`` is a regular file whose real place is inside ``root``."""
    real, real_root = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, real_root]) != real_root:
        return False
    try:
        return stat.S_ISREG(os.stat(real).st_mode)
    except OSError:
        return False


def locate(out_dir: Path, organisation_id: str, relative: str) -> Path | None:
    """The built file (or folder) a manifest path names, or None when it is gone.

    Only a regular file or a folder inside the pack folder is ever followed:
    a crafted manifest naming ``/dev/zero``, ``../../secret`` or a link out of
    the pack is treated as gone (``record`` read /dev/zero forever)."""
    pack = Path(out_dir) / organisation_id
    if leaves_pack(relative):
        return None
    for candidate in (pack / relative, Path(out_dir) / relative):
        if _regular_inside(candidate, pack):
            return candidate
        real, real_pack = os.path.realpath(candidate), os.path.realpath(pack)
        if os.path.isdir(real) and os.path.commonpath([real, real_pack]) == real_pack:
            return candidate
    return None


def read_pack(out_dir: Path, organisation_id: str) -> BuiltPack:
    """Every document of the organisation's last build, with its sha256.

    The sha256 is the manifest's; ``on_disk`` says whether the file beside
    the manifest still has it ("same"), was changed since ("changed") or is
    gone ("missing").  No manifest: an empty pack with ``found`` false.
    """
    manifest = Path(out_dir) / organisation_id / MANIFEST
    if not manifest.is_file():
        return BuiltPack(None)
    fix = "build the pack again (policypack build), or point --out at the right folder"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UserError(f"The build manifest {manifest} cannot be read: {exc}.", fix) from exc
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise UserError(f"The build manifest {manifest} has no list of documents.", fix)
    if data.get("organisation") not in (None, organisation_id):
        raise UserError(
            f"The build manifest {manifest} belongs to {data.get('organisation')!r}, "
            f"not {organisation_id!r}.",
            fix,
        )
    documents = []
    for number, item in enumerate(data["documents"], start=1):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str) or not isinstance(
            item.get("sha256"), str
        ):
            raise UserError(
                f"Document {number} in the build manifest {manifest} has no path or sha256.", fix
            )
        if leaves_pack(item["path"]):
            raise UserError(f"Document {number} in the build manifest {manifest} names {item['path']!r}, "
                            "which is not a file inside the pack folder; policypack never writes such a path.", fix)
        file = locate(out_dir, organisation_id, item["path"])
        if file is None:
            on_disk = "missing"
        else:
            on_disk = "same" if sha256_of(file) == item["sha256"].lower() else "changed"
        documents.append(
            DocumentHash(
                path=item["path"],
                sha256=item["sha256"].lower(),
                kind=item.get("kind"),
                title=item.get("title"),
                status=item.get("status"),
                on_disk=on_disk,
            )
        )
    status = data.get("status")
    if not isinstance(status, str):  # a manifest older than the pack-level status
        status = "draft" if any(d.status == "draft" for d in documents) else "complete"
    digest = data.get("profile_sha256")
    return BuiltPack(manifest, tuple(documents), status, digest if isinstance(digest, str) else None,
                     any("pdf" in item for item in data["documents"]),
                     any(d.kind == "handbook" for d in documents))
