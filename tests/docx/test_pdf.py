"""LibreOffice can open what we write (it is the PDF route of the build)."""

from __future__ import annotations

import shutil
import subprocess
import uuid

from docx_kit import HOSTILE, MASTERS, make_doc, make_meta, para
from helpers import require_tool

from generator.docx import render_docx
from generator.render import blocks as b


def test_libreoffice_converts_a_rendered_document_to_pdf(env, tmp_path):
    soffice = require_tool("soffice")
    doc = make_doc(
        b.Heading(1, (b.Run("Purpose"),)), para("We keep children safe."),
        b.Table(header=((b.Run("Role"),), (b.Run("Name"),)), rows=(((b.Run("DSL"),), (b.Run("Sam"),)),)),
        b.Callout("warning", (para("Ring 999."),)),
        b.Prompt("dsl-cover", "Who covers?", "roles"),
    )
    source = tmp_path / "policy.docx"
    source.write_bytes(render_docx(doc, make_meta(toc=True), MASTERS / "document.docx", env))
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"  # a private profile: parallel runs collide otherwise
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=180, check=False, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    pdf = tmp_path / "policy.pdf"
    # soffice exits 0 even when it failed: the file is the only evidence.
    assert pdf.is_file() and pdf.stat().st_size > 1000
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, encoding="utf-8").stdout
        assert HOSTILE in text
        assert "TO COMPLETE: Who covers? (prompt dsl-cover)" in text
