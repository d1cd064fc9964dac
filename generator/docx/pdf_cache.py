"""PDFs already made, keyed by the SHA-256 of their DOCX.

A pack's DOCX files are reproducible, so an unchanged document has the same
bytes on the next build: its PDF is copied from here instead of being
converted again (and the PDF keeps its bytes too).  The key also covers the
conversion (the digest of policypack's macro, which holds the export
options), the LibreOffice program (its path, size and date) and the fonts
installed for it (fonts.py: installing Carlito and Caladea moves page
breaks), so a change to any of them converts afresh.  Only pack documents
use it: letters, which hold family data, are never kept.

Entries live in ``<cache>/pdf`` (owner-only); the oldest beyond
``MAX_ENTRIES`` are removed.  ``POLICYPACK_NO_PDF_CACHE=1`` turns it off.
Any disk problem only costs the speed-up.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from generator.docx.fonts import font_folders, fonts_fingerprint
from generator.userdirs import private_folder

MAX_ENTRIES = 2000
OFF_ENV = "POLICYPACK_NO_PDF_CACHE"


def file_sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class PdfCache:
    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint

    @classmethod
    def open(cls, program: str, conversion: str) -> "PdfCache | None":
        """The user's cache, or None when it is off or cannot be used."""
        if os.environ.get(OFF_ENV):
            return None
        try:
            folder = private_folder("pdf")
            info = os.stat(program)
        except OSError:
            return None
        real = os.path.realpath(program)
        installed = Path(real).parent.parent  # LibreOffice's own fonts: share/fonts, or Resources/fonts on macOS
        fonts = fonts_fingerprint([*font_folders(), installed / "share" / "fonts", installed / "Resources" / "fonts"])
        tool = f"{real}\0{info.st_size}\0{info.st_mtime_ns}\0{conversion}\0{fonts}"
        return cls(folder, hashlib.sha256(tool.encode("utf-8", "surrogateescape")).hexdigest())

    def _entry(self, docx_sha256: str) -> Path:
        key = hashlib.sha256(f"{self.fingerprint}\0{docx_sha256}".encode("ascii")).hexdigest()
        return self.folder / f"{key}.pdf"

    def fetch(self, docx_sha256: str, target: str) -> bool:
        """Copy the PDF made from that DOCX to ``target``; False when there is none."""
        entry = self._entry(docx_sha256)
        try:
            shutil.copyfile(entry, target)
            os.utime(entry)  # recently used: pruned last
        except OSError:
            return False
        return True

    def keep(self, docx_sha256: str, pdf: str) -> None:
        """Store a fresh PDF (atomically: a reader never sees half a file)."""
        try:
            fd, temp = tempfile.mkstemp(dir=self.folder, suffix=".part")
        except OSError:
            return
        os.close(fd)
        try:
            shutil.copyfile(pdf, temp)
            os.replace(temp, self._entry(docx_sha256))
        except OSError:
            Path(temp).unlink(missing_ok=True)

    def prune(self) -> None:
        try:
            entries = sorted(self.folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
            for stale in entries[:-MAX_ENTRIES]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass
