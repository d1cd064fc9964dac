"""PDFs the way Windows and macOS users get them, with the real LibreOffice.

- no symbolic links (Windows refuses them without administrator rights);
- LibreOffice reachable only through POLICYPACK_SOFFICE (its installers do
  not put it on PATH);
- paths with spaces and accents (a user's cache folder, an output folder);
- one soffice start per call once its profile exists, none for an unchanged
  DOCX (issue 19 point 5), and the same PDF bytes then.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest
from helpers import POLICYPACK, ROOT, require_tool

from generator.docx import pdf as pdf_module


def _path_without_libreoffice(folder):
    """A PATH folder holding every program of this PATH but LibreOffice's."""
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.startswith(("soffice", "libreoffice")) or (folder / name).exists():
                continue
            os.symlink(os.path.join(directory, name), folder / name)  # the test's own set-up, not policypack's
    assert shutil.which("soffice", path=str(folder)) is None
    return str(folder)


def _pdfs_of(folder):
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return {entry["path"]: folder / entry["pdf"] for entry in manifest["documents"] if entry["path"].endswith(".docx")}


def test_pdf_build_without_symlinks_and_libreoffice_only_through_the_variable(tmp_path, monkeypatch):
    program = os.path.realpath(require_tool("soffice"))
    from generator.pack.build import build_pack

    def refuse(*args, **kwargs):
        raise OSError(1314, "A required privilege is not held by the client")  # Windows without developer mode

    monkeypatch.setenv("PATH", _path_without_libreoffice(tmp_path / "bin"))
    monkeypatch.setattr(os, "symlink", refuse)
    monkeypatch.setenv("POLICYPACK_SOFFICE", program)
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "Zoë's files" / "policypack cache"))
    private_tmp = tmp_path / "temp folder"
    private_tmp.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(private_tmp))
    killed = private_tmp / "policypack-lo-3f9a"  # an older version's profile, left by a killed run
    killed.mkdir()
    old = time.time() - 3 * pdf_module.STALE_SECONDS
    os.utime(killed, (old, old))

    out = tmp_path / "Documents" / "Pack für Schulen"
    report = build_pack(str(ROOT / "profiles" / "example.yaml"), str(out), pdf=True, handbook=False)

    pdfs = _pdfs_of(out / report.organisation)
    assert len(pdfs) >= 5 and "safeguarding-policy.docx" in pdfs
    for docx, made in pdfs.items():
        assert made.read_bytes().startswith(b"%PDF-") and made.stat().st_size > 1000, docx
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdfs["safeguarding-policy.docx"]), "-"], capture_output=True,
                              text=True, encoding="utf-8", check=True).stdout
        assert "Oakfield Learning Centre" in text
    profile = tmp_path / "Zoë's files" / "policypack cache" / "libreoffice" / "profile-0"
    # LibreOffice made and used the profile at that (escaped) file URL
    assert (profile / "user" / "registrymodifications.xcu").is_file()
    if os.name == "posix":
        assert profile.stat().st_mode & 0o777 == 0o700
    # its own work folder and the killed run's profile are gone
    assert [name for name in os.listdir(private_tmp) if name.startswith("policypack-")] == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the C locale's ASCII paths are Linux's")
def test_accented_folders_convert_under_the_c_locale(tmp_path):
    """A cron job or container with LC_ALL=C: LibreOffice could not open a
    profile or work folder whose name has accents, and made no PDF."""
    require_tool("soffice")
    folder = tmp_path / "Dossier é ü"
    (folder / "tmp").mkdir(parents=True)
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "TMPDIR": str(folder / "tmp"),
           "POLICYPACK_CACHE_DIR": str(folder / "cache"), "POLICYPACK_NO_PDF_CACHE": "1"}
    result = subprocess.run([*POLICYPACK, "build", str(ROOT / "profiles" / "example.yaml"), "--pdf", "--no-handbook",
                             "-o", str(folder / "Sortie é")], env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=600)
    assert result.returncode == 0, result.stderr
    pdfs = _pdfs_of(folder / "Sortie é" / "oakfield-ap")
    assert len(pdfs) >= 5 and all(made.read_bytes().startswith(b"%PDF-") for made in pdfs.values())
    assert (folder / "cache" / "libreoffice" / "profile-0" / "user" / "registrymodifications.xcu").is_file()


@pytest.mark.parametrize(("environ", "platform", "expected"), [
    ({"LC_ALL": "C"}, "linux", {"LC_ALL": "C.UTF-8"}),
    ({}, "linux", {"LC_ALL": "C.UTF-8"}),
    ({"LANG": "POSIX"}, "linux", {"LC_ALL": "C.UTF-8"}),
    ({"LANG": "en_GB.UTF-8"}, "linux", {}),
    ({"LC_ALL": "", "LC_CTYPE": "C.utf8", "LANG": "C"}, "linux", {}),
    ({"LC_ALL": "C"}, "darwin", {}),
    ({"LC_ALL": "C"}, "win32", {}),
])
def test_libreoffice_gets_a_utf8_locale_only_where_it_needs_one(environ, platform, expected):
    from generator.docx.soffice import utf8_locale

    assert utf8_locale(environ, platform) == expected


def test_letters_style_conversion_copies_when_links_fail_and_keeps_nothing(tmp_path, monkeypatch):
    require_tool("soffice")
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(18, "Invalid cross-device link")))
    monkeypatch.setattr(os, "symlink", lambda *a, **k: (_ for _ in ()).throw(OSError(1, "no symlinks here")))
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    from generator.pack.build import build_pack

    report = build_pack(str(ROOT / "profiles" / "example.yaml"), str(tmp_path / "docx-only"), pdf=False, handbook=False)
    folder = tmp_path / "docx-only" / report.organisation
    one, two = tmp_path / "CP-001.docx", tmp_path / "sub" / "CP-001.docx"  # same name, same bytes
    two.parent.mkdir()
    shutil.copyfile(folder / "safeguarding-policy.docx", one)
    shutil.copyfile(folder / "safeguarding-policy.docx", two)
    made = pdf_module.convert([str(one), str(two)])  # cache off, as for letters
    assert [os.path.basename(p) for p in made] == ["CP-001.pdf", "CP-001.pdf"]
    assert (tmp_path / "CP-001.pdf").read_bytes() == (tmp_path / "sub" / "CP-001.pdf").read_bytes()
    assert not (tmp_path / "cache" / "pdf").exists() or not list((tmp_path / "cache" / "pdf").iterdir())


def _soffice_starts(log) -> int:
    """soffice.bin processes started (the launcher restarts it after a new profile's first start)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in text.splitlines() if "execve(" in line and "soffice.bin" in line.split(",")[0]
               and "= 0" in line)


def test_one_soffice_start_per_call_and_none_for_an_unchanged_docx(tmp_path):
    require_tool("soffice")
    strace = shutil.which("strace")
    if strace is None:
        if os.environ.get("CI") == "true" and sys.platform.startswith("linux"):
            pytest.fail("strace is not installed, and Linux CI must run this test")
        pytest.skip("strace is not installed")
    env = {**os.environ, "POLICYPACK_CACHE_DIR": str(tmp_path / "cache")}

    def build(out, **extra):
        log = tmp_path / f"{out}.strace"
        result = subprocess.run([strace, "-f", "-qq", "-e", "trace=execve", "-o", str(log), *POLICYPACK, "build",
                                 str(ROOT / "profiles" / "example.yaml"), "--pdf", "--no-handbook", "-o", out],
                                cwd=tmp_path, env={**env, **extra}, capture_output=True, text=True,
                                encoding="utf-8", timeout=600)
        assert result.returncode == 0, result.stderr
        return _soffice_starts(log)

    # A new profile: one start makes it, one converts (docx/soffice.prepare_profile).
    assert build("first") == 2
    # One start for the whole pack, contents-list page numbers included (convert.bas).
    assert build("again", POLICYPACK_NO_PDF_CACHE="1") == 1
    assert build("unchanged") == 0
    first, unchanged = _pdfs_of(tmp_path / "first" / "oakfield-ap"), _pdfs_of(tmp_path / "unchanged" / "oakfield-ap")
    assert first.keys() == unchanged.keys()
    for docx in first:
        assert first[docx].read_bytes() == unchanged[docx].read_bytes(), docx
    # A font installed for the user may move page breaks: the PDFs are made afresh.
    fonts = tmp_path / "data" / "fonts"
    fonts.mkdir(parents=True)
    shutil.copyfile(ROOT / "tests" / "portable" / "test_pdf_portable.py", fonts / "not-a-font.txt")
    assert build("other file", XDG_DATA_HOME=str(tmp_path / "data")) == 0
    a_font = next((path for folder in ("/usr/share/fonts", "/usr/local/share/fonts")
                   for path in sorted(pathlib.Path(folder).rglob("*.ttf"))), None)
    assert a_font is not None, "no TrueType font installed to copy (Linux: apt-get install fonts-crosextra-carlito)"
    shutil.copyfile(a_font, fonts / "Installed-Later.ttf")
    assert build("new font", XDG_DATA_HOME=str(tmp_path / "data")) == 1
