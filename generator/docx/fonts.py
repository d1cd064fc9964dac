"""Where the system keeps its fonts, and a fingerprint of what is there.

LibreOffice lays pages out with the fonts it finds: installing Carlito and
Caladea (Word's Calibri and Cambria, metric for metric) moves line and page
breaks.  A PDF made before a font was installed, changed or removed is
therefore not reused (pdf_cache.py keys its entries on this fingerprint).
``policypack doctor`` looks in the same folders for the fonts it needs.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc", ".pfb", ".pfa", ".woff", ".woff2", ".dfont")


def font_folders(platform: str | None = None, environ: dict | None = None, home: Path | None = None) -> list[Path]:
    """The folders fonts are installed in on ``platform`` (default: this one),
    for the whole system and for the user."""
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    home = home or Path.home()
    if platform == "win32":
        windows = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        local = environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return [Path(windows) / "Fonts", Path(local) / "Microsoft" / "Windows" / "Fonts"]
    if platform == "darwin":
        return [Path("/Library/Fonts"), Path("/System/Library/Fonts"), home / "Library" / "Fonts"]
    data_home = environ.get("XDG_DATA_HOME") or str(home / ".local" / "share")
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path(data_home) / "fonts", home / ".fonts"]


def fonts_fingerprint(folders: list[Path]) -> str:
    """SHA-256 of every font file under ``folders``: its path, size and
    modification time (reading the fonts themselves would cost far more than
    the conversions it might save).  Only fonts count: a folder that is
    missing, empty or unreadable changes nothing."""
    found = []
    for folder in folders:
        for base, _, names in os.walk(folder):  # os.walk skips what it cannot read
            for name in names:
                if not name.lower().endswith(FONT_SUFFIXES):
                    continue
                path = os.path.join(base, name)
                try:
                    info = os.stat(path)
                except OSError:  # a broken link: not a font LibreOffice can use
                    continue
                found.append(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\n")
    digest = hashlib.sha256()
    for line in sorted(found):
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()
