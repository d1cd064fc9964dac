"""The letter master, read and filled in once; DOCX bytes per letter.

The master (``masters/letter.docx``, which a setting or local authority may
override) holds the letterhead in its header and a ``{{ body }}``
paragraph.  Its header and footer tags are the same for every family, so
they are rendered once, with docxtpl's own XML clean-up and the project's
XML environment (autoescape).  Every zip entry but ``word/document.xml`` is
then fixed: a letter is the document part plus those entries, written with
fixed timestamps (byte-reproducible).

``--combined`` puts every letter in one document, each in its own section
(one letter a page, the letterhead on each first page, page numbers
restarting with each letter).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from lxml import etree

from generator.errors import TemplateProblem
from generator.letters.wordml import _NOT_XML, W, StyleIds

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
_BODY_TAG = re.compile(r"<w:p[ >](?:(?!<w:p[ >]).)*?\{\{\s*body\s*\}\}.*?</w:p>", re.S)
_BODY_MARK = "\ue002BODY\ue002"
_SECTPR = re.compile(r"<w:sectPr[ >].*?</w:sectPr>", re.S)
# CT_SectPr children that come after w:pgNumType (schema order matters to Word).
_AFTER_PGNUM = ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
                "docGrid", "printerSettings", "sectPrChange")
_FIX = "start from the built-in master in templates/masters/letter.docx"


@dataclass(frozen=True)
class LetterheadValues:
    """What the master's tags are filled with (the organisation, not a family)."""

    org_name: str
    org_address: str = ""
    org_phone: str = ""
    org_email: str = ""
    org_website: str = ""
    title: str = ""
    subject: str = ""

    def context(self) -> dict:
        values = {k: _NOT_XML.sub("", v or "") for k, v in self.__dict__.items()}
        return {**values, "draft": False, "confidential": False, "toc": False, "logo": "", "reviewed": "",
                "next_review": "", "footer_note": ""}


class LetterPackage:
    def __init__(self, master: bytes, where: str, letterhead: LetterheadValues, created: dt.datetime,
                 combined: bool = False) -> None:
        from docxtpl import DocxTemplate  # heavy; only its XML clean-up is used

        from generator.render.jinja_env import xml_env

        self.where = where
        cleaner = DocxTemplate(None)
        try:
            with zipfile.ZipFile(io.BytesIO(master)) as src:
                entries = {i.filename: src.read(i) for i in src.infolist() if not i.is_dir()}
        except zipfile.BadZipFile:
            raise TemplateProblem(f"{where}: not a Word document (.docx)", _FIX) from None
        if DOCUMENT not in entries or "word/styles.xml" not in entries:
            raise TemplateProblem(f"{where}: not a Word document (.docx)", _FIX)
        self.styles = StyleIds.from_styles_xml(entries["word/styles.xml"], where)
        context = letterhead.context()
        env = xml_env()

        def render(name: str, xml: str) -> str:
            try:
                patched = cleaner.patch_xml(xml)
                return cleaner.resolve_listing(env.from_string(patched).render(context))
            except Exception as exc:  # jinja2 errors: a broken tag in the master
                raise TemplateProblem(f"{where}: cannot fill in the tags of {name}: {exc}", _FIX) from None

        document = entries[DOCUMENT].decode("utf-8")
        found = _BODY_TAG.search(document)
        if not found:
            raise TemplateProblem(f"{where}: the master's body has no {{{{ body }}}} paragraph",
                                  "type {{ body }} alone in an empty paragraph where the letter should go")
        document = render(DOCUMENT, document[:found.start()] + _BODY_MARK + document[found.end():])
        sections = _SECTPR.findall(document)
        if not sections:
            raise TemplateProblem(f"{where}: the master has no page settings (w:sectPr)", _FIX)
        self.width = _text_width(sections[-1])
        if combined:
            # Each letter is a section: page numbers restart, and the first-page
            # letterhead comes back; "of N" counts the letter's own pages.
            final = sections[-1]
            self.section_break = "<w:p><w:pPr>" + _restart_numbering(final) + "</w:pPr></w:p>"
            document = document.replace(final, _restart_numbering(final))
        self.prefix, self.suffix = document.split(_BODY_MARK)

        fixed = {}
        for name, data in entries.items():
            if name in (DOCUMENT, CORE):
                continue
            if re.fullmatch(r"word/(header|footer)[^/]*\.xml", name):
                xml = render(name, data.decode("utf-8"))
                if combined:
                    xml = xml.replace(" NUMPAGES ", " SECTIONPAGES ")
                data = xml.encode("utf-8")
            fixed[name] = data
        fixed[CORE] = _core(letterhead.title, letterhead.subject, letterhead.org_name, created)
        self._fixed = {name: _Deflated(data) for name, data in fixed.items()}
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


def _core(title: str, subject: str, author: str, created: dt.datetime) -> bytes:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")

    def text(value: str) -> str:
        return escape(_NOT_XML.sub("", value))

    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{text(title)}</dc:title><dc:subject>{text(subject)}</dc:subject>"
        f"<dc:creator>{text(author)}</dc:creator><dc:language>en-GB</dc:language><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>").encode("utf-8")


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
    import struct

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
