"""Builders for the DOCX tests: documents made from blocks by hand, rendered,
and reopened with python-docx (as Word would read them)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
from helpers import ROOT
from lxml import etree

from generator.docx import DocxMeta
from generator.render import blocks as b

MASTERS = ROOT / "templates" / "masters"
# Every character that means something to XML, Jinja or docxtpl.
HOSTILE = 'Smith & Jones <Learning> "Centre" {{ 7*7 }}'
CREATED = dt.datetime(2025, 9, 1, 8, 30, 0)
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def R(text: str, **kw) -> b.Run:
    return b.Run(text, **kw)


def para(text: str) -> b.Paragraph:
    return b.Paragraph((R(text),))


def make_doc(*blocks, landscape: bool = False, title: str = "Safeguarding policy") -> b.Document:
    return b.Document(kind="policy", slug="policy", title=title, subject="Safeguarding and child protection",
                      blocks=tuple(blocks), landscape=landscape)


def make_meta(**changes) -> DocxMeta:
    values = {"title": "Safeguarding policy", "subject": "Safeguarding and child protection", "author": HOSTILE,
              "org_name": HOSTILE, "created": CREATED, "reviewed": "1 September 2025",
              "next_review": "1 September 2026"}
    values.update(changes)
    return DocxMeta(**values)


class Rendered:
    """One rendered DOCX: the bytes, python-docx's view and the raw parts."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.doc = docx.Document(io.BytesIO(data))
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.parts = {name: zf.read(name) for name in zf.namelist()}

    def xml(self, name: str):
        return etree.fromstring(self.parts[name])

    @property
    def body(self):
        return self.doc.element.body

    def body_paragraphs(self):
        """(style name, text) of every top-level body paragraph, in order."""
        return [(p.style.name, p.text) for p in self.doc.paragraphs]

    def header_texts(self) -> list[str]:
        return [_all_text(self.xml(n)) for n in sorted(self.parts) if n.startswith("word/header")]

    def footer_texts(self) -> list[str]:
        return [_all_text(self.xml(n)) for n in sorted(self.parts) if n.startswith("word/footer")]


def _all_text(element) -> str:
    """Text of every w:t, paragraphs separated by newlines (tables included)."""
    lines = []
    for p in element.iter(f"{{{W}}}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{{{W}}}t")))
    return "\n".join(lines)


def all_text(element) -> str:
    return _all_text(element)


def tiny_png(width: int = 40, height: int = 20) -> bytes:
    """A valid grey PNG, written by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def patched_master(folder, part: str, change, master: str = "document"):
    """A copy of a built-in master with ``change(xml_text) -> xml_text`` applied to ``part``."""
    source = MASTERS / f"{master}.docx"
    target = folder / f"patched-{master}.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the test's change did not apply"
                data = changed.encode("utf-8")
            dst.writestr(info.filename, data)
    return target
