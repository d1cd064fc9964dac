"""Built packs for the story tests: the example AP and the example school,
built once per test session by the real CLI (with the handbook), and the
routes taken from the one place that decides them (the render context)."""

from __future__ import annotations

import datetime as dt
import html
import io
import re

import docx
from helpers import ROOT, docx_text, run_cli

from generator.documents.base import BuildInputs
from generator.profile.load import load_profile

TODAY = "2026-11-23"
PROFILES = {"example.yaml": "oakfield-ap", "riverside-school.yaml": "riverside-primary"}


class Pack:
    def __init__(self, folder, profile_name: str) -> None:
        self.folder = folder
        self.profile = load_profile(str(ROOT / "profiles" / profile_name)).profile
        self.inputs = BuildInputs.create(self.profile, dt.date.fromisoformat(TODAY))

    def routes(self, audience: str = "staff"):
        return self.inputs.context(audience)["routes"]

    def document(self, relative: str):
        return docx.Document(io.BytesIO((self.folder / relative).read_bytes()))

    def text(self, relative: str) -> str:
        return " ".join(docx_text(self.document(relative)).split())

    def site(self, relative: str) -> str:
        """A handbook page as plain text (tags dropped, entities decoded)."""
        raw = (self.folder / "handbook" / relative).read_text(encoding="utf-8")
        return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", raw)).split()).replace(" ,", ",").replace(" .", ".")

    def rows(self, relative: str, first_header: str) -> list[list[str]]:
        for table in self.document(relative).tables:
            cells = [[" ".join(c.text.split()) for c in row.cells] for row in table.rows]
            if cells and cells[0][0] == first_header:
                return cells[1:]
        raise AssertionError(f"no table starting '{first_header}' in {relative}")


def build(tmp_path_factory, name: str) -> Pack:
    out = tmp_path_factory.mktemp("story-" + name.split(".")[0])
    home = tmp_path_factory.mktemp("home")
    result = run_cli("build", str(ROOT / "profiles" / name), "-o", str(out),
                     env={"POLICYPACK_TODAY": TODAY, "HOME": str(home)}, timeout=600)
    assert result.returncode == 0, result.stderr
    return Pack(out / PROFILES[name], name)
