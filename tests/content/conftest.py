"""Packs built once per session for the content tests: the example AP, the
example school, and the example profile turned into each kind of setting."""

from __future__ import annotations

import datetime as dt
import pathlib
import shutil

import docx
import pytest
import yaml

from helpers import ROOT, docx_text, profile_variant

TODAY = dt.date(2026, 11, 23)


class Packs:
    def __init__(self, root: pathlib.Path):
        self.root = root
        self.profiles = root / "profiles"
        shutil.copytree(ROOT / "profiles", self.profiles)  # profile_variant adds to this copy
        self._built: dict[str, pathlib.Path] = {}

    def variant(self, name: str, changes: dict | None = None, remove: tuple[str, ...] = ()) -> pathlib.Path:
        """The example profile with ``changes`` (dotted key paths), as ``name``.yaml beside the real ones."""
        return profile_variant(self.root, {**(changes or {}), "organisation.id": name}, remove, name=f"{name}.yaml")

    def build(self, profile: pathlib.Path):
        from generator import clock
        from generator.pack.build import build_pack

        key = str(profile)
        if key not in self._built:
            clock.set_today(TODAY)
            try:
                report = build_pack(key, str(self.root / "out"), handbook=False)
            finally:
                clock.set_today(None)
            org = yaml.safe_load(profile.read_text(encoding="utf-8"))["organisation"]["id"]
            self._built[key] = (self.root / "out" / org, report)
        return self._built[key]


@pytest.fixture(scope="session")
def packs(tmp_path_factory) -> Packs:
    return Packs(tmp_path_factory.mktemp("content"))


def _policy(packs: Packs, profile: pathlib.Path) -> "Built":
    folder, report = packs.build(profile)
    return Built(folder, report)


class Built:
    def __init__(self, folder: pathlib.Path, report):
        self.folder = folder
        self.report = report
        self.policy = docx.Document(folder / "safeguarding-policy.docx")
        self.text = docx_text(self.policy)

    def sentences(self) -> list[str]:
        """Every paragraph and table cell of the policy, one string each."""
        return [line for line in self.text.splitlines() if line.strip()]

    def table(self, first_header: str) -> list[list[str]]:
        for table in self.policy.tables:
            rows = [[c.text for c in row.cells] for row in table.rows]
            if rows and rows[0][0] == first_header:
                return rows
        raise AssertionError(f"no table starting with {first_header!r}")


@pytest.fixture(scope="session")
def ap(packs) -> Built:
    return _policy(packs, packs.profiles / "example.yaml")


@pytest.fixture(scope="session")
def school(packs) -> Built:
    return _policy(packs, packs.profiles / "riverside-school.yaml")


@pytest.fixture(scope="session", params=["ap", "school"])
def either(request) -> Built:
    """Each statement true of every kind is checked in the AP's and the school's policy."""
    return request.getfixturevalue(request.param)
