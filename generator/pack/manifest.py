"""manifest.json: what a build made, for users' scripts and the review tracker.

Fields named in the issues are a contract: ``organisation`` and, per
document, ``kind``, ``title``, ``path``, ``sha256``, ``status``; and
``profile_sha256`` (issue 17: ``review record`` refuses a pack built from
another version of the profile).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat

from generator import __version__

GENERATOR_PREFIX = "policypack "  # the start of the "generator" field: how we know we wrote a folder
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
KINDS = ("policy", "flowchart", "addendum", "form", "letter", "handbook")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_entry(kind: str, title: str, path: str, digest: str, status: str, **extra) -> dict:
    assert kind in KINDS, kind
    entry = {"kind": kind, "title": title, "path": path, "sha256": digest, "status": status}
    entry.update(extra)
    return entry


def manifest(organisation: str, documents: list[dict], skipped: list[dict], built_on: str, **fields) -> bytes:
    """``fields`` are added at the top level, e.g. ``profile_sha256`` (the
    profile version built from: see generator/profile/digest.py)."""
    body = {
        "organisation": organisation,
        "status": "draft" if any(d["status"] == "draft" for d in documents) else "complete",
        "built_on": built_on,
        "generator": f"{GENERATOR_PREFIX}{__version__}",
        "documents": documents,
        "skipped": skipped,
        **fields,
    }
    return (json.dumps(body, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def folder_digest(files: dict[str, bytes]) -> str:
    """One sha256 over a folder's files (sorted names and contents)."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    return digest.hexdigest()


def written_for(folder: str, organisation: str) -> bool:
    """True when ``folder`` holds a manifest.json policypack wrote for ``organisation``.

    Only then may a build (or ``policypack handbook``) replace the folder.
    The manifest must be a regular file (not a link), of sane size, whose
    ``generator`` and ``organisation`` fields say so.
    """
    path = os.path.join(folder, "manifest.json")
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_MANIFEST_BYTES:
            return False
        with open(path, "rb") as handle:
            body = json.loads(handle.read())
    except (OSError, ValueError):
        return False
    return (isinstance(body, dict) and isinstance(body.get("generator"), str)
            and body["generator"].startswith(GENERATOR_PREFIX) and body.get("organisation") == organisation)
