"""policypack's LibreOffice macro (generator/docx/convert.bas): what it
installs in its own profile, and what the real LibreOffice makes with it."""

from __future__ import annotations

import os
import subprocess

import pytest
from docx_kit import MASTERS, make_doc, make_meta, para
from helpers import require_tool
from lxml import etree

from generator.docx import lo_macro, render_docx
from generator.docx import pdf as pdf_module
from generator.errors import BuildFailed
from generator.render import blocks as b

SCRIPT_NS = "{http://openoffice.org/2000/script}"
LIBRARY_NS = "{http://openoffice.org/2000/library}"


def _parse(text: str):
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    return etree.fromstring(text.encode("utf-8"), parser)


def test_the_library_holds_the_macro_text_exactly_and_lists_its_module():
    files = lo_macro.library_files()
    module = _parse(files["Standard/PolicyPack.xba"])
    assert module.get(f"{SCRIPT_NS}name") == "PolicyPack"
    assert module.get(f"{SCRIPT_NS}language") == "StarBasic"
    assert module.text == lo_macro.source()  # '<', '&' and quotes of the Basic survive the XML
    assert "Sub ConvertFolder" in module.text and lo_macro.MACRO_URL.endswith(".PolicyPack.ConvertFolder")
    listed = _parse(files["Standard/script.xlb"])
    assert [e.get(f"{LIBRARY_NS}name") for e in listed] == ["PolicyPack"]
    for name in ("script.xlc", "dialog.xlc"):
        libraries = _parse(files[name])
        assert [e.get(f"{LIBRARY_NS}name") for e in libraries] == ["Standard"]


def test_install_writes_what_differs_only(tmp_path):
    lo_macro.install(tmp_path)
    module = tmp_path / "user" / "basic" / "Standard" / "PolicyPack.xba"
    listed = tmp_path / "user" / "basic" / "Standard" / "script.xlb"
    assert module.read_text(encoding="utf-8") == lo_macro.library_files()["Standard/PolicyPack.xba"]
    # LibreOffice's first start puts its preset (Module1 only) back: the next install repairs it.
    listed.write_text("preset", encoding="utf-8")
    before = module.stat().st_mtime_ns
    os.utime(module, ns=(before - 10**9, before - 10**9))
    lo_macro.install(tmp_path)
    assert listed.read_text(encoding="utf-8") == lo_macro.library_files()["Standard/script.xlb"]
    assert module.stat().st_mtime_ns == before - 10**9  # unchanged, so not rewritten
    assert not list(tmp_path.rglob("*.tmp"))


def test_the_digest_follows_the_macro_text():
    assert lo_macro.digest() == lo_macro.digest() and len(lo_macro.digest()) == 64


@pytest.fixture
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("POLICYPACK_NO_PDF_CACHE", "1")
    return tmp_path / "cache"


def test_a_new_profile_is_made_then_given_the_macro_and_the_contents_get_page_numbers(env, tmp_path, private_cache):
    require_tool("soffice")
    pypdf = pytest.importorskip("pypdf")
    pdftotext = require_tool("pdftotext")
    headings = [b.Heading(1, (b.Run(f"Part {n}"),)) for n in range(1, 4)]
    body = []
    for heading in headings:
        body += [heading, b.Heading(2, (b.Run("Details"),)), *[para("Words. " * 60) for _ in range(12)]]
    source = tmp_path / "policy.docx"
    source.write_bytes(render_docx(make_doc(*body), make_meta(toc=True), MASTERS / "document.docx", env))

    [made] = pdf_module.convert([str(source)])

    profile = next(private_cache.glob("libreoffice/profile-*/user"))
    assert (profile / "registrymodifications.xcu").is_file()  # made by LibreOffice, then the macro added
    assert (profile / "basic" / "Standard" / "PolicyPack.xba").read_text(encoding="utf-8") == \
        lo_macro.library_files()["Standard/PolicyPack.xba"]
    reader = pypdf.PdfReader(made)
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged, as --convert-to made it
    layout = subprocess.run([pdftotext, "-layout", "-f", "1", "-l", "1", made, "-"], capture_output=True,
                            text=True, encoding="utf-8", check=True).stdout
    lines = [line for line in layout.splitlines() if line.strip().startswith(("1 ", "2 ", "3 "))]
    assert len(lines) == 3, layout
    pages = [int(line.rstrip().rsplit(".", 1)[-1].strip(". ")) for line in lines]
    # Each part starts after the contents page, later than the one before (12 long paragraphs each).
    assert 1 < pages[0] < pages[1] < pages[2], pages
    for page, number in zip(pages, (1, 2, 3)):
        assert f"Part {number}" in reader.pages[page - 1].extract_text()
    # The number and the heading stand in columns (the toc style's tab stop), as in Word.
    assert len({line.index("Part") for line in lines}) == 1


def test_a_document_libreoffice_cannot_open_fails_with_its_reason(tmp_path, private_cache):
    require_tool("soffice")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(BuildFailed) as raised:
        pdf_module.convert([str(broken)])
    assert "broken.docx to PDF (LibreOffice could not open it)" in str(raised.value)
    assert not (tmp_path / "broken.pdf").exists()
