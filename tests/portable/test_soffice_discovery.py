"""LibreOffice is found where its Windows and macOS installers put it (off
PATH), and POLICYPACK_SOFFICE overrides everything.  Install trees are real
folders with a program file in them, shaped as the installers shape them."""

from __future__ import annotations

import stat

import pytest

from generator.docx import soffice as lo
from generator.errors import ToolMissing


def _program(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_windows_program_files(tmp_path):
    program_files = tmp_path / "Program Files"
    soffice = _program(program_files / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": "", "ProgramFiles": str(program_files), "ProgramW6432": str(program_files),
           "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)")}
    assert lo.find_soffice(env, "win32") == str(soffice)


def test_windows_32_bit_install_in_program_files_x86(tmp_path):
    soffice = _program(tmp_path / "Program Files (x86)" / "LibreOffice" / "program" / "soffice.exe")
    env = {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files"),
           "ProgramFiles(x86)": str(tmp_path / "Program Files (x86)")}
    assert lo.find_soffice(env, "win32") == str(soffice)


def test_windows_older_installer_folder_named_after_the_version(tmp_path):
    soffice = _program(tmp_path / "Program Files" / "LibreOffice 5" / "program" / "soffice.exe")
    env = {"PATH": "", "ProgramFiles": str(tmp_path / "Program Files")}
    assert lo.find_soffice(env, "win32") == str(soffice)


def test_macos_applications_folder(tmp_path, monkeypatch):
    places = lo.standard_places({}, "darwin")
    assert places[0].as_posix() == "/Applications/LibreOffice.app/Contents/MacOS/soffice"
    # /Applications cannot be faked here; the per-user ~/Applications can, and is searched the same way
    monkeypatch.setenv("HOME", str(tmp_path))
    soffice = _program(tmp_path / "Applications" / "LibreOffice.app" / "Contents" / "MacOS" / "soffice")
    assert lo.find_soffice({"PATH": ""}, "darwin") == str(soffice)


def test_a_tree_for_the_other_system_is_not_searched(tmp_path, monkeypatch):
    _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert lo.find_soffice({"PATH": "", "ProgramFiles": str(tmp_path / "Program Files")}, "darwin") is None


def test_path_comes_before_the_install_folders(tmp_path):
    on_path = _program(tmp_path / "bin" / "soffice")
    _program(tmp_path / "Program Files" / "LibreOffice" / "program" / "soffice.exe")
    found = lo.find_soffice({"PATH": str(tmp_path / "bin"), "ProgramFiles": str(tmp_path / "Program Files")}, "linux")
    assert found == str(on_path)


def test_policypack_soffice_overrides_path(tmp_path):
    chosen = _program(tmp_path / "LibreOffice Portable" / "soffice")
    _program(tmp_path / "bin" / "soffice")
    env = {"PATH": str(tmp_path / "bin"), lo.PROGRAM_ENV: str(chosen)}
    assert lo.find_soffice(env, "linux") == str(chosen)


def test_policypack_soffice_naming_nothing_is_an_error_with_a_fix(tmp_path):
    with pytest.raises(ToolMissing) as caught:
        lo.find_soffice({"PATH": "", lo.PROGRAM_ENV: str(tmp_path / "nowhere" / "soffice.exe")}, "win32")
    assert "nowhere" in caught.value.message and lo.PROGRAM_ENV in caught.value.fix


@pytest.mark.parametrize("platform, words", [
    ("win32", ["winget install TheDocumentFoundation.LibreOffice", "soffice.exe"]),
    ("darwin", ["brew install --cask libreoffice"]),
    ("linux", ["apt-get install libreoffice-writer-nogui", "fonts-crosextra-carlito"]),
])
def test_missing_everywhere_names_this_systems_fix(tmp_path, monkeypatch, platform, words):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert lo.find_soffice({"PATH": str(tmp_path), "ProgramFiles": str(tmp_path)}, platform) is None
    fix = lo.install_fix(platform)
    assert all(word in fix for word in words) and lo.PROGRAM_ENV in fix


def test_soffice_raises_tool_missing_with_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv(lo.PROGRAM_ENV, raising=False)
    if lo.find_soffice() is not None:  # installed in a standard place of this system
        pytest.skip("LibreOffice is installed outside PATH here")
    with pytest.raises(ToolMissing) as caught:
        lo.soffice()
    assert caught.value.fix == lo.install_fix()

