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
from generator.render.blocks import Document


@dataclass
class HandbookResult:
    organisation: str
    folder: str
    pages: int
    warnings: tuple = ()
    withheld: tuple = ()


def render_for_site(inputs: BuildInputs) -> tuple[list[Document], list[Output]]:
    documents, outputs, _ = render_pack(inputs)
    return documents, outputs
    from generator.documents.registry import producers

    documents, outputs = [], []
    for produce in producers():
        for item in produce(inputs):
            if isinstance(item, Document):
                documents.append(item)
            elif isinstance(item, Output):
                outputs.append(item)
    return documents, outputs


def default_folder(organisation_id: str) -> str:
    return os.path.join("site-build", organisation_id)


def build_site(profile_path: str, out: str | None = None, today: dt.date | None = None) -> HandbookResult:
    from generator.handbook.build import build_handbook

    today = today or clock.today()
    loaded = load_profile(profile_path, today)
    inputs = BuildInputs.create(loaded.profile, today)
    documents, outputs = render_for_site(inputs)
    folder = out or default_folder(loaded.profile.organisation.id)
    site = build_handbook(inputs, documents, outputs, folder, {})
    return HandbookResult(loaded.profile.organisation.id, folder, len(site.pages), loaded.warnings, tuple(site.withheld))
