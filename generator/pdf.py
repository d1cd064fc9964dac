"""DOCX -> tagged PDF with LibreOffice, one soffice call per batch.

soffice exits 0 even when it could not load a file, and silently stops at
about 246 files per call, so: batches of at most 200, a private user
profile per call (parallel calls sharing one fail at random), and every
expected PDF checked to exist and be non-empty.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from generator.errors import BuildFailed, ToolMissing

BATCH = 200
TAGGED_PDF = ('pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
              '"PDFUACompliance":{"type":"boolean","value":"true"}}')
TIMEOUT_SECONDS = 600


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing("LibreOffice is needed for --pdf but is not installed",
                      "install it: sudo apt-get install libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea")


def convert(docx_paths: list[str]) -> list[str]:
    """Convert each DOCX to a PDF beside it; returns the PDF paths."""
    program = soffice()
    pdfs = []
    for start in range(0, len(docx_paths), BATCH):
        batch = docx_paths[start:start + BATCH]
        by_folder: dict[str, list[str]] = {}
        for path in batch:
            by_folder.setdefault(os.path.dirname(os.path.abspath(path)), []).append(path)
        for folder, paths in by_folder.items():
            _run(program, folder, paths)
            for path in paths:
                pdf = os.path.splitext(path)[0] + ".pdf"
                if not os.path.isfile(pdf) or os.path.getsize(pdf) == 0:
                    raise BuildFailed(f"LibreOffice did not convert {os.path.basename(path)} to PDF",
                                      "open the DOCX in Word or LibreOffice to check it, then build again")
                pdfs.append(pdf)
    return pdfs


def _run(program: str, folder: str, paths: list[str]) -> None:
    profile = tempfile.mkdtemp(prefix="policypack-lo-")
    try:
        command = [program, "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{profile}",
                   "--convert-to", TAGGED_PDF, "--outdir", folder, *paths]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS,
                       check=False, env={**os.environ, "HOME": profile})
    except subprocess.TimeoutExpired:
        raise BuildFailed("LibreOffice took too long to convert the documents", "try again; if it persists, build without --pdf") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
