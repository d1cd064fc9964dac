"""A handbook on its own (``policypack handbook``): render the pack in memory, build the site.

The forms and letters offered as downloads are the pack's DOCX files, so the
pack is rendered as ``policypack build`` renders it (``render_pack``, the one
copy of that loop); nothing but the site is written.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from generator import clock
from generator.documents.base import BuildInputs, Output
from generator.pack.build import render_pack
from generator.profile.load import load_profile
from generator.pack.manifest import manifest, written_for
from generator.render.blocks import Document
from generator.writer import FolderLock, disk_errors, leftovers_notice, refuse_unless_ours, remove_leftovers


@dataclass
class HandbookResult:
    organisation: str
    folder: str
    pages: int
    warnings: tuple = ()
    withheld: tuple = ()
    notices: tuple = ()


def render_for_site(inputs: BuildInputs) -> tuple[list[Document], list[Output]]:
    documents, outputs, _ = render_pack(inputs)
    return documents, outputs


def default_folder(organisation_id: str) -> str:
    return os.path.join("site-build", organisation_id)


def build_site(profile_path: str, out: str | None = None, today: dt.date | None = None) -> HandbookResult:
    """Build the site into ``out``; replace a folder there only when it is a
    handbook policypack built for this organisation (its manifest.json says so)."""
    from generator.handbook.build import build_handbook

    today = today or clock.today()
    loaded = load_profile(profile_path, today)
    inputs = BuildInputs.create(loaded.profile, today)
    org_id = loaded.profile.organisation.id
    shown = out or default_folder(org_id)
    folder = os.path.realpath(shown)  # a link given as -o is followed, never replaced
    ours = lambda path: written_for(path, org_id)  # noqa: E731
    refuse_unless_ours(folder, ours, shown, _detail(org_id))
    documents, outputs = render_for_site(inputs)
    parent, name = os.path.split(folder)
    with disk_errors(parent):
        os.makedirs(parent, exist_ok=True)
    with FolderLock(parent, name), disk_errors(folder):
        refuse_unless_ours(folder, ours, shown, _detail(org_id))
        notices = leftovers_notice(remove_leftovers(parent, name))
        marker = manifest(org_id, [], [], today.isoformat())  # says "policypack built this for org_id"
        site = build_handbook(inputs, documents, outputs, folder, {}, extra_files={"manifest.json": marker})
    return HandbookResult(org_id, shown, len(site.pages), loaded.warnings, tuple(site.withheld), tuple(notices))


def _detail(org_id: str) -> str:
    return f"it does not hold a handbook policypack built for {org_id}"
