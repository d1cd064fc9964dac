"""Is a font family installed?  fontconfig's ``fc-list`` where there is one
(Linux, and what LibreOffice itself uses there), else the system's font folders."""

from __future__ import annotations

import shutil
import subprocess
import sys

from generator.docx.fonts import font_folders

# Metric-compatible stand-ins for Word's Calibri and Cambria: with them
# LibreOffice breaks lines and pages where Word does.
NEEDED = {"Carlito": "Calibri", "Caladea": "Cambria"}


def installed_families(wanted: list[str], platform: str | None = None) -> set[str]:
    """Those of ``wanted`` (family names) that are installed."""
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            listing = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, encoding="utf-8",
                                     errors="replace", timeout=60, check=False).stdout
        except (OSError, subprocess.TimeoutExpired):
            listing = ""
        families = {name.strip().lower() for line in listing.splitlines() for name in line.split(",")}
        return {name for name in wanted if name.lower() in families}
    found = set()
    for folder in font_folders(platform):
        try:
            files = [p.name.lower() for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf", ".ttc")]
        except OSError:
            continue
        found.update(name for name in wanted if any(f.startswith(name.lower()) for f in files))
    return found


def fonts_fix(platform: str | None = None) -> str:
    platform = platform or sys.platform
    if platform == "win32":
        return ("install Carlito and Caladea: download them from https://fonts.google.com/specimen/Carlito and "
                "https://fonts.google.com/specimen/Caladea, open each .ttf file and choose Install")
    if platform == "darwin":
        return ("install Carlito and Caladea: brew install --cask font-carlito font-caladea, or download them "
                "from https://fonts.google.com/specimen/Carlito and https://fonts.google.com/specimen/Caladea "
                "and open each .ttf file in Font Book")
    return "install them: sudo apt-get install fonts-crosextra-carlito fonts-crosextra-caladea"
