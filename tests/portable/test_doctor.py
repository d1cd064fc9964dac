"""``policypack doctor`` says what is missing, with the fix, and exits 1."""

from __future__ import annotations

import json
import os
import shutil
import sys

from helpers import run_cli, require_tool

from generator.docx.soffice import install_fix


def _path_without(folder, names):
    """PATH with this interpreter's programs, minus ``names`` (e.g. LibreOffice)."""
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        for name in (os.listdir(directory) if os.path.isdir(directory) else ()):
            if not name.startswith(names) and not (folder / name).exists():
                os.symlink(os.path.join(directory, name), folder / name)
    return str(folder)


def test_missing_libreoffice_is_reported_with_the_fix_and_exit_1(tmp_path):
    path = _path_without(tmp_path / "bin", ("soffice", "libreoffice"))
    assert shutil.which("soffice", path=path) is None
    result = run_cli("doctor", env={"PATH": path, "POLICYPACK_SOFFICE": "", "POLICYPACK_CACHE_DIR": str(tmp_path / "c")})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "MISSING  LibreOffice (for policypack build --pdf" in result.stdout
    assert f"fix: {install_fix()}" in result.stdout
    assert "1 part(s) missing: LibreOffice." in result.stdout
    assert "Traceback" not in result.stderr


def test_everything_present_exits_0_and_names_paths_and_versions(tmp_path):
    program = require_tool("soffice")
    require_tool("fc-list")
    result = run_cli("doctor", "--json", env={"POLICYPACK_CACHE_DIR": str(tmp_path / "cache dir")})
    findings = {f["part"]: f for f in json.loads(result.stdout)}
    missing = [f for f in findings.values() if not f["ok"]]
    assert result.returncode == (1 if missing else 0), result.stdout
    libreoffice = findings["LibreOffice"]
    assert libreoffice["ok"] and program in libreoffice["found"] and "LibreOffice " in libreoffice["found"]
    assert f"Python {sys.version_info.major}.{sys.version_info.minor}" in findings["Python"]["found"]
    assert str(tmp_path / "cache dir") in findings["caches"]["found"] and findings["caches"]["ok"]
    assert "reviews.sqlite3 beside each profile" in findings["review history"]["found"]


def test_unwritable_review_history_folder_is_missing_with_a_fix(tmp_path):
    if os.name != "posix" or os.geteuid() == 0:  # root writes anywhere
        locked = None
    else:
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
    target = (locked or tmp_path / "no such folder") / "reviews.sqlite3"
    result = run_cli("doctor", "--json", env={"POLICYPACK_REVIEW_DB": str(target)})
    history = {f["part"]: f for f in json.loads(result.stdout)}["review history"]
    assert result.returncode == 1
    assert not history["ok"] and "not writable" in history["found"] and "POLICYPACK_REVIEW_DB" in history["fix"]


def test_missing_fonts_name_the_fix_for_each_system(tmp_path, monkeypatch):
    from generator.doctor import checks, fonts

    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)  # no fontconfig: the font folders are read
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("WINDIR", str(tmp_path / "Windows"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    finding = checks.fonts("win32")
    assert not finding.ok and "Carlito" in finding.found and "fonts.google.com/specimen/Carlito" in finding.fix
    (tmp_path / "Windows" / "Fonts").mkdir(parents=True)
    for name in ("Carlito-Regular.ttf", "caladea-bold.ttf"):
        (tmp_path / "Windows" / "Fonts" / name).write_bytes(b"\0\1\0\0")
    assert checks.fonts("win32").ok
    user_fonts = tmp_path / "Library" / "Fonts"
    user_fonts.mkdir(parents=True)
    (user_fonts / "Calibri.ttf").write_bytes(b"\0\1\0\0")  # Word's own fonts do as well
    finding = checks.fonts("darwin")
    assert not finding.ok and finding.found == "missing: Caladea" and "brew install --cask" in finding.fix
