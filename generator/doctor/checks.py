"""The checks of ``policypack doctor``, one ``Finding`` each.

Every finding says what was found (a path, a version) or what is missing,
what it is needed for, and the fix on this operating system.  Nothing here
changes the machine beyond a probe file written and removed to prove a
folder is writable.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import __version__
from generator.doctor.fonts import NEEDED, fonts_fix, installed_families
from generator.errors import ToolMissing

MIN_PYTHON = (3, 11)


@dataclass(frozen=True)
class Finding:
    part: str          # "LibreOffice"
    needed_for: str    # "policypack build --pdf"
    ok: bool
    found: str         # what is there, or why not
    fix: str = ""      # empty when ok

    def as_json(self) -> dict:
        return {"part": self.part, "needed_for": self.needed_for, "ok": self.ok, "found": self.found,
                "fix": self.fix}


def run_checks(platform: str | None = None) -> list[Finding]:
    platform = platform or sys.platform
    return [python_version(), policypack_version(), libreoffice(platform), fonts(platform),
            review_history(), caches()]


def python_version() -> Finding:
    version = ".".join(map(str, sys.version_info[:3]))
    ok = sys.version_info[:2] >= MIN_PYTHON
    return Finding("Python", "everything", ok, f"Python {version} ({sys.executable})",
                   "" if ok else "install Python 3.11 or newer, then reinstall policypack with it")


def policypack_version() -> Finding:
    return Finding("policypack", "everything", True, f"policypack {__version__} ({Path(__file__).parents[1]})")


def libreoffice(platform: str) -> Finding:
    from generator.docx.soffice import find_soffice, install_fix

    needed_for = "policypack build --pdf and letters --pdf"
    try:
        program = find_soffice(platform=platform)
    except ToolMissing as exc:  # POLICYPACK_SOFFICE names no program
        return Finding("LibreOffice", needed_for, False, exc.message, exc.fix)
    if program is None:
        return Finding("LibreOffice", needed_for, False, "not found (looked on PATH and where its installer puts it)",
                       install_fix(platform))
    return Finding("LibreOffice", needed_for, True, f"{soffice_version(program)} ({program})")


def soffice_version(program: str) -> str:
    """``LibreOffice 7.4.7.2``, or "version unknown"; never fails."""
    console = Path(program).with_name("soffice.com")  # Windows: soffice.exe prints nothing to a console
    command = str(console) if console.is_file() else program
    profile = tempfile.mkdtemp(prefix="policypack-lo-")
    try:
        result = subprocess.run([command, f"-env:UserInstallation={Path(profile).resolve().as_uri()}", "--version"],
                                capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=120,
                                check=False, stdin=subprocess.DEVNULL)
        match = re.search(r"LibreOffice\s+[\w.]+", result.stdout)
        return match.group(0) if match else "LibreOffice, version unknown"
    except (OSError, subprocess.TimeoutExpired):
        return "LibreOffice, version unknown (it did not answer)"
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def fonts(platform: str) -> Finding:
    wanted = [name for pair in NEEDED.items() for name in pair]
    present = installed_families(wanted, platform)
    lacking = [free for free, word in NEEDED.items() if free not in present and word not in present]
    needed_for = "PDFs whose page breaks match Word's"
    if lacking:
        return Finding("fonts Carlito and Caladea", needed_for, False, f"missing: {', '.join(lacking)}",
                       fonts_fix(platform))
    return Finding("fonts Carlito and Caladea", needed_for, True,
                   "installed: " + ", ".join(name for name in wanted if name in present))


def review_history() -> Finding:
    from generator.store.reviews import DB_FILENAME, ENV_VAR

    chosen = os.environ.get(ENV_VAR)
    needed_for = "policypack review record"
    if chosen:
        where, folder = f"{chosen} (from {ENV_VAR})", Path(chosen).parent
    else:
        folder = Path("profiles") if Path("profiles").is_dir() else Path(".")
        where = f"{DB_FILENAME} beside each profile (here: {folder.resolve() / DB_FILENAME})"
    problem = writable(folder)
    if problem:
        return Finding("review history", needed_for, False, f"{where}; {problem}",
                       f"make {folder.resolve()} writable, or set {ENV_VAR} (or --db) to a file in a folder you can write to")
    return Finding("review history", needed_for, True, f"{where}; writable")


def caches() -> Finding:
    from generator.userdirs import CACHE_ENV, cache_root, private_folder

    root = cache_root()
    needed_for = "faster builds: LibreOffice's kept profile, PDFs, compiled templates"
    try:
        private_folder()
    except OSError as exc:
        return Finding("caches", needed_for, False, f"{root}: {exc.strerror or exc}",
                       f"make {root} writable, or set {CACHE_ENV} to a folder you own")
    problem = writable(root)
    if problem:
        return Finding("caches", needed_for, False, f"{root}: {problem}",
                       f"make {root} writable, or set {CACHE_ENV} to a folder you own")
    return Finding("caches", needed_for, True, f"{root} and {tempfile.gettempdir()}; writable")


def writable(folder: Path) -> str:
    """Empty when a file can be made in ``folder``, else what went wrong
    (a real probe: ``os.access`` is not reliable on Windows)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".policypack-doctor-", dir=folder)
    except OSError as exc:
        return f"not writable ({exc.strerror or exc})"
    os.close(fd)
    os.unlink(probe)
    return ""
