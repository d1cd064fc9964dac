"""Every file a pack and a letters run write can exist on Windows, under a
typical user's Documents folder, with room to spare below 260 characters.

The rules are checked independently of policypack's own helper: each path
component through PureWindowsPath, against Windows' device names, trailing
dots and spaces, and the characters Windows forbids.
"""

from __future__ import annotations

import os
import pathlib
import re
import sys
from pathlib import PureWindowsPath

import pytest
from click.testing import CliRunner
from helpers import ROOT, profile_variant

from generator.cli.main import cli

sys.path.insert(0, str(ROOT / "tests" / "letters"))
from letters_kit import SETTING  # noqa: E402

DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {f"{p}{n}" for p in ("COM", "LPT") for n in "0123456789¹²³"}
FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# A long but ordinary place for a pack: a OneDrive-synced Documents folder.
WINDOWS_HOME = r"C:\Users\firstname.lastname\OneDrive - Oakfield Learning Trust\Documents\Safeguarding"
MAX_PATH = 260
HEADROOM = 20  # "well under": a user may put the pack a folder or two deeper


def windows_problems(root: pathlib.Path, prefix: str) -> list[str]:
    problems = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        windows = PureWindowsPath(prefix, *relative.parts)
        if windows.parts[:len(PureWindowsPath(prefix).parts)] != PureWindowsPath(prefix).parts or \
                len(windows.parts) != len(PureWindowsPath(prefix).parts) + len(relative.parts):
            problems.append(f"{relative}: does not stay one path on Windows")
        for part in relative.parts:
            if part.split(".", 1)[0].rstrip(" ").upper() in DEVICES:
                problems.append(f"{relative}: {part!r} is a Windows device name")
            if part.endswith((".", " ")):
                problems.append(f"{relative}: {part!r} ends in a dot or space")
            if FORBIDDEN.search(part):
                problems.append(f"{relative}: {part!r} has a character Windows forbids")
        if len(str(windows)) > MAX_PATH - HEADROOM:
            problems.append(f"{relative}: {len(str(windows))} characters under {prefix}")
    return problems


def test_every_file_of_a_pack_with_its_handbook_follows_windows_rules(tmp_path):
    from generator.pack.build import build_pack

    out = tmp_path / "out"
    report = build_pack(str(ROOT / "profiles" / "example.yaml"), str(out), handbook=True)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len(files) > 50 and any(p.suffix == ".docx" for p in files) and any(p.suffix == ".html" for p in files)
    assert windows_problems(out, WINDOWS_HOME + r"\out") == []
    longest = max(len(str(PureWindowsPath(WINDOWS_HOME, "out", *p.relative_to(out).parts))) for p in files)
    assert longest < MAX_PATH - HEADROOM, longest
    assert report.folder.endswith(report.organisation)


# References Windows could not use as file names are refused by row (issue 13,
# tests/safety); the ones accepted must give Windows-safe names.
REFUSED = ["CON", "nul.", "com1 ", "Lpt9", "A:B", "x?y*z", "aux.txt", "trailing. ", "CP-" + "9" * 150]
REFERENCES = ["R-CON", "nul_", "COM10", "Lpt-9", "CP-0417", "x_y_z", "aux-txt", "CP-" + "9" * 77]


def test_every_letter_file_follows_windows_rules_whatever_the_references(profiles_copy, tmp_path):
    profile = profiles_copy / "brookside.yaml"
    profile.write_text(SETTING, encoding="utf-8")
    rows = "".join(f'"{ref}",Parent {i},Child {i},Main site,Monday 5 January\r\n' for i, ref in enumerate(REFERENCES))
    families = tmp_path / "families.csv"
    families.write_text("Reference,Parent name,Child name,School place,Place start\r\n" + rows, encoding="utf-8")
    out = tmp_path / "letters out"
    result = CliRunner().invoke(cli, ["letters", str(profile), "--letter", "cp-plan-closure", "--families",
                                      str(families), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    written = sorted(name for name in os.listdir(out) if name.endswith(".docx"))
    assert len(written) == len(REFERENCES)
    assert "R-CON.docx" in written and "nul_.docx" in written and "COM10.docx" in written
    assert windows_problems(out, WINDOWS_HOME + r"\letters\brookside\cp-plan-closure") == []

    refused = "".join(f'"{ref}",Parent {i},Child {i},Main site,Monday 5 January\r\n' for i, ref in enumerate(REFUSED))
    families.write_text("Reference,Parent name,Child name,School place,Place start\r\n" + refused, encoding="utf-8")
    result = CliRunner().invoke(cli, ["letters", str(profile), "--letter", "cp-plan-closure", "--families",
                                      str(families), "-o", str(tmp_path / "refused")], catch_exceptions=False)
    assert result.exit_code == 1 and result.output.count("column reference") == len(REFUSED)
    assert not (tmp_path / "refused").exists() or not any(n.endswith(".docx") for n in os.listdir(tmp_path / "refused"))


@pytest.mark.parametrize("org_id", ["con", "nul", "com1", "lpt3", "aux"])
def test_an_organisation_id_windows_keeps_for_a_device_is_refused(tmp_path, org_id):
    from generator.errors import ProfileInvalid
    from generator.profile.load import load_profile

    path = profile_variant(tmp_path, {"organisation.id": org_id})
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(path))
    problem = next(p for p in caught.value.problems if p.key == "organisation.id")
    assert "Windows keeps for a device" in problem.message and f"{org_id}-school" in problem.fix
    assert problem.line > 0
