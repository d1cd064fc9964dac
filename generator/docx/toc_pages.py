"""Page numbers in the PDF's contents list.

LibreOffice does not update a TOC field on --convert-to: the PDF shows the
cached entries that generator/docx/toc.py wrote, which have no page numbers
(only a layout engine knows them).  So, after the first conversion, each
heading's page is read from the PDF's outline (LibreOffice exports the
headings as PDF bookmarks, with their pages), the numbers are written into
the cached entries of a copy of the DOCX, and the copy is converted again;
its PDF replaces the first one.  Headings keep their page: a number sits at
the right-hand tab of its own line and adds no line.

The published DOCX is left as built (its checksum is in the manifest); Word
updates the field itself when the document is opened.  Cost: one more
conversion of each document with a contents list (the policy and the
addendum), about as long as the first.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile

from lxml import etree

from generator.docx.xml import tag

_TOC_LINK = "_Toc_"


def number_contents(pdfs: dict[str, str]) -> list[str]:
    """``pdfs`` maps each DOCX to its PDF.  Re-make the PDF of every DOCX
    with a contents list so that the list shows page numbers; returns them."""
    from generator.docx.pdf import convert_many

    work = tempfile.mkdtemp(prefix="policypack-toc-")
    try:
        copies = {}
        for docx_path, pdf_path in pdfs.items():
            with open(docx_path, "rb") as handle:
                data = handle.read()
            if not _has_contents(data):  # forms, flowcharts: nothing to number
                continue
            numbered = with_page_numbers(data, heading_pages(pdf_path))
            if numbered is None:
                continue
            copy = os.path.join(work, f"{len(copies):04d}.docx")
            with open(copy, "wb") as handle:
                handle.write(numbered)
            copies[copy] = pdf_path
        # Cached like the first conversion: the same copy is not converted twice.
        done, _ = convert_many(list(copies), cache=True) if copies else ({}, [])
        # A copy LibreOffice could not convert keeps the first PDF (no page numbers).
        for copy, made in done.items():
            shutil.move(made, copies[copy])
        return [copies[copy] for copy in done]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def heading_pages(pdf_path: str) -> list[tuple[str, int]]:
    """(title, 1-based page) of every bookmark of the PDF, in document order."""
    import pypdf

    reader = pypdf.PdfReader(pdf_path)
    found: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # a bookmark without a page: not a heading
                continue
            if page is not None and page >= 0:
                found.append((_norm(str(item.title)), page + 1))

    walk(reader.outline)
    return found


def with_page_numbers(docx: bytes, pages: list[tuple[str, int]]) -> bytes | None:
    """The DOCX with each cached contents entry ending in a tab and its page
    (``None`` when it has no contents entries or no heading was found)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        root = etree.fromstring(source.read("word/document.xml"))
        changed = 0
        position = 0
        for link in root.iter(tag("w:hyperlink")):
            if not (link.get(tag("w:anchor")) or "").startswith(_TOC_LINK):
                continue
            text = _norm("".join(" " if e.tag == tag("w:tab") else (e.text or "")
                                 for e in link.iter(tag("w:t"), tag("w:tab"))))
            for index in range(position, len(pages)):
                if text and pages[index][0].endswith(text):
                    run = etree.SubElement(link, tag("w:r"))
                    etree.SubElement(run, tag("w:tab"))
                    etree.SubElement(run, tag("w:t")).text = str(pages[index][1])
                    position = index + 1
                    changed += 1
                    break
        if not changed:
            return None
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = source.read(item.filename)
                if item.filename == "word/document.xml":
                    body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(item, body)
    return out.getvalue()


def _has_contents(docx: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        return f'w:anchor="{_TOC_LINK}'.encode() in source.read("word/document.xml")


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[\u00a0\s]+", " ", text).split()).casefold()
