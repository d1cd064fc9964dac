"""A rendered letter DOCX, split once; DOCX bytes per family.

The DOCX backend renders a letter once (per shape, see ``compose``) with
placeholders where the family's values go.  Here that DOCX is taken apart:
every zip entry but ``word/document.xml`` is fixed and compressed once, and
the document part is split into its head, its body and its final section
properties.  A family's letter is then the head, the body with the values
put in, and the tail, zipped with the fixed entries (fixed timestamps:
byte-reproducible).

``combined`` puts many letters in one document, each in its own section:
one letter a page, the letterhead (first-page header) on each letter, page
numbers restarting with each letter, "of N" counting the letter's pages.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib

from lxml import etree

from generator.docx.safety import check_entries
from generator.errors import TemplateProblem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FIXED_DATE = (1980, 1, 1, 0, 0, 0)
DOCUMENT = "word/document.xml"
# CT_SectPr children that come after w:pgNumType (schema order matters to Word).
_AFTER_PGNUM = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                "docGrid", "printerSettings", "sectPrChange")
_BEFORE_TYPE = ("headerReference", "footerReference", "footnotePr", "endnotePr")
_HEADER_FOOTER = re.compile(r"word/(header|footer)[^/]*\.xml")


class LetterPackage:
    """One rendered letter: fixed zip entries, and the document part split."""

    def __init__(self, docx: bytes, where: str) -> None:
        with zipfile.ZipFile(io.BytesIO(docx)) as src:
            entries = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
        check_entries(entries, where)  # every letter is made of these parts: checked once, here
        document = entries.pop(DOCUMENT).decode("utf-8")
        start = document.find("<w:body>")
        end = document.rfind("<w:sectPr")
        if start == -1 or end < start:
            raise TemplateProblem(f"{where}: the letter master has no page settings (w:sectPr)",
                                  "start from the built-in master in templates/masters/letter.docx")
        start += len("<w:body>")
        self.head, self.body, self.tail = document[:start], document[start:end], document[end:]
        self.raw = entries  # name -> bytes, to compare shapes
        self._fixed = {name: _Deflated(data) for name, data in entries.items()}
        self._order = sorted([*entries, DOCUMENT], key=_order)

    def docx(self, body: str) -> bytes:
        return self._zip(self.head + body + self.tail, self._fixed)

    def combined(self, bodies) -> bytes:
        """Many letter bodies as one document, one section each."""
        restarted = _restart_numbering(self.tail[:self.tail.index("</w:sectPr>") + len("</w:sectPr>")])
        section_break = f"<w:p><w:pPr>{restarted}</w:pPr></w:p>"
        tail = restarted + self.tail[self.tail.index("</w:sectPr>") + len("</w:sectPr>"):]
        fixed = dict(self._fixed)
        for name, data in self.raw.items():
            if _HEADER_FOOTER.fullmatch(name) and b" NUMPAGES " in data:
                fixed[name] = _Deflated(data.replace(b" NUMPAGES ", b" SECTIONPAGES "))
        return self._zip(self.head + section_break.join(bodies) + tail, fixed)

    def _zip(self, document: str, fixed: dict) -> bytes:
        part = _Deflated(document.encode("utf-8"))
        return _write_zip([(name, part if name == DOCUMENT else fixed[name]) for name in self._order])


def _restart_numbering(sect_pr: str) -> str:
    """``sect_pr`` starting a new page, with page numbers from 1."""
    ns = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    element = etree.fromstring(sect_pr.replace("<w:sectPr", f"<w:sectPr {ns}", 1))
    for old in element.findall(f"{{{W}}}pgNumType") + element.findall(f"{{{W}}}type"):
        element.remove(old)
    pg = etree.Element(f"{{{W}}}pgNumType")
    pg.set(f"{{{W}}}start", "1")
    after = [c for c in element if etree.QName(c).localname in _AFTER_PGNUM]
    if after:
        after[0].addprevious(pg)
    else:
        element.append(pg)
    kind = etree.Element(f"{{{W}}}type")
    kind.set(f"{{{W}}}val", "nextPage")
    before = [c for c in element if etree.QName(c).localname in _BEFORE_TYPE]
    if before:
        before[-1].addnext(kind)
    else:
        element.insert(0, kind)
    # The namespace declarations lxml writes back are declared by the part already.
    return re.sub(r' xmlns:\w+="[^"]*"', "", etree.tostring(element, encoding="unicode"))


_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


class _Deflated:
    """A zip entry compressed once: its raw deflate data, CRC and size."""

    __slots__ = ("data", "crc", "size")

    def __init__(self, data: bytes) -> None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.data = compressor.compress(data) + compressor.flush()
        self.crc = zlib.crc32(data)
        self.size = len(data)


def _write_zip(entries: list[tuple[str, _Deflated]]) -> bytes:
    """A zip of pre-compressed entries: what zipfile writes, without
    compressing the fixed parts again for every letter."""
    out = io.BytesIO()
    central = []
    dos_time = (FIXED_DATE[3] << 11) | (FIXED_DATE[4] << 5) | (FIXED_DATE[5] // 2)
    dos_date = ((FIXED_DATE[0] - 1980) << 9) | (FIXED_DATE[1] << 5) | FIXED_DATE[2]
    for name, entry in entries:
        encoded = name.encode("utf-8")
        offset = out.tell()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, dos_time, dos_date,
                              entry.crc, len(entry.data), entry.size, len(encoded), 0))
        out.write(encoded)
        out.write(entry.data)
        central.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, dos_time, dos_date,
                                   entry.crc, len(entry.data), entry.size, len(encoded), 0, 0, 0, 0,
                                   0o644 << 16, offset) + encoded)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0))
    return out.getvalue()
