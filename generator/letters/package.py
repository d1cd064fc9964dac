"""The letter master, filled in once; DOCX bytes per letter.

The organisation's letterhead (master ``masters/letter.docx``, which a
setting or local authority may override: name, address, logo, contact
line) is the same for every family.  So the DOCX backend renders it once,
through ``to_docx``, around a single marker paragraph: the *shell*.  Every
zip entry of the shell but ``word/document.xml`` is then fixed and
compressed once, and a letter is the document part with the letter's body
in place of the marker, written with fixed timestamps (byte-reproducible).

``--combined`` puts every letter in one document, each in its own section
(one letter a page, the letterhead on each first page, page numbers
restarting with each letter).
"""

from __future__ import annotations

import io
import re
import secrets
import struct
import zipfile
import zlib

from lxml import etree

from generator.errors import TemplateProblem
from generator.letters.wordml import W, StyleIds

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
DOCUMENT = "word/document.xml"
# Random per process, so that no profile text can imitate it.
BODY_MARK = f"policypack-letter-body-{secrets.token_hex(8)}"
_SECTPR = re.compile(r"<w:sectPr[ >].*?</w:sectPr>", re.S)
# CT_SectPr children that come after w:pgNumType (schema order matters to Word).
_AFTER_PGNUM = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                "docGrid", "printerSettings", "sectPrChange")
_FIX = "start from the built-in master in templates/masters/letter.docx"


class LetterPackage:
    """DOCX bytes for letter bodies, from a shell rendered once."""

    def __init__(self, shell: bytes, where: str, combined: bool = False) -> None:
        with zipfile.ZipFile(io.BytesIO(shell)) as src:
            entries = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
        self.styles = StyleIds.from_styles_xml(entries["word/styles.xml"], where)
        document = entries[DOCUMENT].decode("utf-8")
        found = re.search(r"<w:p[ >](?:(?!<w:p[ >]).)*?%s.*?</w:p>" % BODY_MARK, document, re.S)
        if not found:
            raise TemplateProblem(f"{where}: the letter's body has nowhere to go",
                                  "keep {{ body }} alone in its own paragraph of the master; " + _FIX)
        sections = _SECTPR.findall(document)
        if not sections:
            raise TemplateProblem(f"{where}: the master has no page settings (w:sectPr)", _FIX)
        self.width = _text_width(sections[-1])
        self.section_break = ""
        if combined:
            # Each letter is a section: page numbers restart, the first-page
            # letterhead comes back, and "of N" counts the letter's own pages.
            final = sections[-1]
            self.section_break = "<w:p><w:pPr>" + _restart_numbering(final) + "</w:pPr></w:p>"
            document = document.replace(final, _restart_numbering(final))
        self.prefix, self.suffix = document[:found.start()], document[found.end():]
        fixed = {}
        for name, data in entries.items():
            if name == DOCUMENT:
                continue
            if combined and re.fullmatch(r"word/(header|footer)[^/]*\.xml", name):
                data = data.replace(b" NUMPAGES ", b" SECTIONPAGES ")
            fixed[name] = _Deflated(data)
        self._fixed = fixed
        self._order = sorted([*fixed, DOCUMENT], key=_order)

    def docx(self, body: str) -> bytes:
        """A whole letter (or, combined, many) from body XML."""
        document = _Deflated((self.prefix + body + self.suffix).encode("utf-8"))
        return _write_zip([(name, document if name == DOCUMENT else self._fixed[name]) for name in self._order])

    def combined(self, bodies) -> bytes:
        return self.docx(self.section_break.join(bodies))


def _text_width(sect_pr: str) -> int:
    def attr(tag: str, name: str, default: int) -> int:
        found = re.search(rf"<w:{tag}\b[^>]*\bw:{name}=\"(\d+)\"", sect_pr)
        return int(found.group(1)) if found else default

    return attr("pgSz", "w", 11906) - attr("pgMar", "left", 1134) - attr("pgMar", "right", 1134) - attr("pgMar", "gutter", 0)


def _restart_numbering(sect_pr: str) -> str:
    ns = f'xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    element = etree.fromstring(sect_pr.replace("<w:sectPr", f"<w:sectPr {ns}", 1))
    for old in element.findall(f"{{{W}}}pgNumType"):
        element.remove(old)
    for old in element.findall(f"{{{W}}}type"):
        element.remove(old)
    pg = etree.Element(f"{{{W}}}pgNumType")
    pg.set(f"{{{W}}}start", "1")
    kind = etree.Element(f"{{{W}}}type")
    kind.set(f"{{{W}}}val", "nextPage")
    after = [c for c in element if etree.QName(c).localname in _AFTER_PGNUM]
    if after:
        after[0].addprevious(pg)
    else:
        element.append(pg)
    # w:type comes after the header/footer references and footnote/endnote settings.
    before_type = [c for c in element if etree.QName(c).localname in
                   ("headerReference", "footerReference", "footnotePr", "endnotePr")]
    if before_type:
        before_type[-1].addnext(kind)
    else:
        element.insert(0, kind)
    text = etree.tostring(element, encoding="unicode")
    # Drop the namespace declarations lxml adds back: the part declares them.
    return re.sub(r' xmlns:\w+="[^"]*"', "", text)


_FIRST = ("[Content_Types].xml", "_rels/.rels")


def _order(name: str) -> tuple[int, str]:
    return (_FIRST.index(name) if name in _FIRST else len(_FIRST), name)


class _Deflated:
    """A zip entry compressed once: its raw deflate data, CRC and sizes."""

    __slots__ = ("data", "crc", "size")

    def __init__(self, data: bytes) -> None:
        compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
        self.data = compressor.compress(data) + compressor.flush()
        self.crc = zlib.crc32(data)
        self.size = len(data)


def _write_zip(entries: list[tuple[str, _Deflated]]) -> bytes:
    """A zip of pre-compressed entries (what zipfile writes, without
    compressing the fixed parts again for every letter)."""
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
