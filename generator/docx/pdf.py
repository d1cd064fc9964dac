"""DOCX -> tagged PDF with LibreOffice, in as few soffice calls as possible.

soffice takes one --outdir per call, exits 0 even when it could not load a
file, and silently stops at about 246 files per call.  So: every document of
a call is linked under a unique name into one private folder, converted in
batches of at most 200, each PDF checked to exist and be non-empty, then
moved beside its DOCX.  Each call gets its own user profile, because parallel
calls sharing one fail at random.
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
TIMEOUT_SECONDS = 900


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ToolMissing("LibreOffice is needed for --pdf but is not installed",
                      "install it: sudo apt-get install libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea")


def convert(docx_paths: list[str]) -> list[str]:
    """Convert every DOCX to a PDF beside it, or raise BuildFailed."""
    done, failed = convert_many(docx_paths)
    if failed:
        raise BuildFailed(f"LibreOffice did not convert {os.path.basename(failed[0])} to PDF",
                          "open the DOCX in Word or LibreOffice to check it, then build again")
    return [done[path] for path in docx_paths]


def convert_many(docx_paths: list[str]) -> tuple[dict[str, str], list[str]]:
    """Convert what can be converted: ``({docx: pdf}, [docx that failed])``."""
    program = soffice()
    done: dict[str, str] = {}
    failed: list[str] = []
    work = tempfile.mkdtemp(prefix="policypack-pdf-")
    try:
        for start in range(0, len(docx_paths), BATCH):
            batch = docx_paths[start:start + BATCH]
            links = []
            for index, path in enumerate(batch):
                link = os.path.join(work, f"{start + index:05d}.docx")
                os.symlink(os.path.abspath(path), link)
                links.append(link)
            _run(program, work, links)
            for path, link in zip(batch, links):
                made = link[: -len(".docx")] + ".pdf"
                if os.path.isfile(made) and os.path.getsize(made) > 0:
                    target = os.path.splitext(path)[0] + ".pdf"
                    shutil.move(made, target)
                    done[path] = target
                else:
                    failed.append(path)
                os.unlink(link)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return done, failed


def _run(program: str, outdir: str, paths: list[str]) -> None:
    profile = tempfile.mkdtemp(prefix="policypack-lo-")
    try:
        command = [program, "--headless", "--norestore", "--nologo", f"-env:UserInstallation=file://{profile}",
                   "--convert-to", TAGGED_PDF, "--outdir", outdir, *paths]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS,
                       check=False, env={**os.environ, "HOME": profile})
    except subprocess.TimeoutExpired:
        raise BuildFailed("LibreOffice took too long to convert the documents", "try again; if it persists, build without --pdf") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
