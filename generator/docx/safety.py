"""A DOCX carries layout, never code or a call home.

Masters come from a local authority or a setting, and every generated
document inherits their parts, so a compromised master would reach every
parent and member of staff.  ``hazards(entries)`` lists what a Word file may
hold that runs code or fetches something when opened:

- macros (``vbaProject.bin``, macro-enabled ``.docm`` content types);
- ActiveX controls; embedded or linked OLE objects; ``altChunk`` (a whole
  other document imported when Word opens the file);
- relationships to outside the file (``TargetMode="External"``) other than
  hyperlinks: a remote ``attachedTemplate`` (Word's template injection), an
  image fetched from a server (a tracking pixel), a linked sub-document;
- hyperlinks other than ``http(s):``, ``mailto:`` and ``tel:``;
- fields that fetch or run: ``DDE``, ``DDEAUTO``, ``INCLUDETEXT``,
  ``INCLUDEPICTURE``, ``INCLUDE``, ``IMPORT``, ``LINK`` (in ``w:fldSimple`` and in
  ``w:instrText`` runs, any case, split across runs or not).

The master loader (``generator.docx.master``) and ``templates check`` refuse
a master with any of them; every DOCX written is checked again on its way out
(``generator.docx.package``, the letters' package).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Mapping

from lxml import etree

from generator.errors import TemplateProblem

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
SAFE_SCHEMES = ("http", "https", "mailto", "tel")
DANGEROUS_FIELDS = frozenset({"DDE", "DDEAUTO", "INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "IMPORT", "LINK"})
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_FIX = ("open the master in Word, remove it (and save as 'Word Document (*.docx)', not .docm), "
        "or start again from the built-in master in templates/masters/")


@dataclass(frozen=True)
class Hazard:
    part: str  # the zip member, e.g. word/_rels/settings.xml.rels
    what: str  # what it holds, in words
    fix: str = _FIX

    def format(self, source: str) -> str:
        return f"{source}: {self.part} holds {self.what}"


def hazards(entries: Mapping[str, bytes]) -> list[Hazard]:
    """Everything in the DOCX parts ``entries`` (member name -> bytes) that
    runs code or reaches outside the file when Word opens it."""
    found: list[Hazard] = []
    for name, data in entries.items():
        lower = name.lower()
        if lower.endswith("vbaproject.bin") or lower.endswith("vbadata.xml"):
            found.append(Hazard(name, "a macro project (Visual Basic code)"))
        elif lower.startswith("word/activex/"):
            found.append(Hazard(name, "an ActiveX control"))
        elif lower.startswith("word/embeddings/"):
            found.append(Hazard(name, "an embedded object (OLE)"))
        elif lower == "[content_types].xml":
            found += _content_types(name, data)
        elif lower.endswith(".rels"):
            found += _relationships(name, data)
        elif lower.endswith(".xml") and lower.startswith("word/"):
            found += _content(name, data)
    return found


def check_entries(entries: Mapping[str, bytes], source: str) -> None:
    """Raise a TemplateProblem naming ``source`` and the part for the first hazard."""
    found = hazards(entries)
    if found:
        first = found[0]
        others = sorted({h.part for h in found[1:]} - {first.part})
        more = f" (more in: {', '.join(others)})" if others else ""
        raise TemplateProblem(first.format(source) + more, first.fix)


def entries_of(data: bytes) -> dict[str, bytes]:
    """The members of a DOCX (zip) as name -> bytes; {} if it is not a zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError):
        return {}


def check_docx(data: bytes, source: str) -> None:
    check_entries(entries_of(data), source)


def _parse(data: bytes):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None  # python-docx reports a broken part; not this check's business


def _content_types(name: str, data: bytes) -> list[Hazard]:
    root = _parse(data)
    if root is None:
        return []
    found = []
    for element in root:
        kind = (element.get("ContentType") or "").lower()
        if "macroenabled" in kind or "vbaproject" in kind or "vbadata" in kind:
            found.append(Hazard(name, f"a macro-enabled content type ({kind})"))
        elif "activex" in kind:
            found.append(Hazard(name, "an ActiveX content type"))
        elif "oleobject" in kind:
            found.append(Hazard(name, "an OLE object content type"))
    return found


def _relationships(name: str, data: bytes) -> list[Hazard]:
    root = _parse(data)
    if root is None:
        return []
    found = []
    for rel in root.iter(f"{{{_REL}}}Relationship"):
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        target = rel.get("Target") or ""
        external = (rel.get("TargetMode") or "").lower() == "external"
        if kind in ("vbaProject", "wordVbaData", "keyMapCustomizations"):
            found.append(Hazard(name, "a macro project (Visual Basic code)"))
        elif kind in ("control", "activeXControlBinary"):
            found.append(Hazard(name, "an ActiveX control"))
        elif kind in ("oleObject", "package", "oleObjectLink"):
            found.append(Hazard(name, f"{'a linked' if external else 'an embedded'} object (OLE) to {target!r}"))
        elif kind == "aFChunk":
            found.append(Hazard(name, f"an altChunk (a whole other document imported when opened): {target!r}"))
        elif kind == "hyperlink":
            if external and not _safe_link(target):
                found.append(Hazard(name, f"a hyperlink to {target!r}",
                                    "link only to http(s), mailto or tel addresses: edit or remove the link in Word"))
        elif external:
            if kind == "attachedTemplate":
                what = f"an attached template fetched from {target!r} when Word opens the file"
                fix = ("in Word: Developer > Document Template, clear the template (use Normal), save, "
                       "or start again from the built-in master in templates/masters/")
            else:
                what, fix = f"a link to {target!r} outside the file ({kind}), fetched when Word opens it", _FIX
            found.append(Hazard(name, what, fix))
    return found


def _safe_link(target: str) -> bool:
    scheme = _SCHEME.match(target.strip())
    return bool(scheme) and scheme.group(1).lower() in SAFE_SCHEMES


_ANY_ALTCHUNK, _ANY_OLEOBJECT = "{*}altChunk", "{*}OLEObject"
_MARKERS = (b"instrText", b"fldSimple", b"altChunk", b"w:object", b"w:control", b"OLEObject", b"<object", b"<control")


def _content(name: str, data: bytes) -> list[Hazard]:
    if not any(marker in data for marker in _MARKERS):  # most parts: no parse needed
        return []
    root = _parse(data)
    if root is None:
        return []
    found = []
    # Only the elements that matter, picked out by lxml (a policy's body has
    # tens of thousands of others); "{*}" matches the name in any namespace.
    for element in root.iter(_ANY_ALTCHUNK, f"{{{W}}}control", _ANY_OLEOBJECT, f"{{{W}}}fldSimple"):
        local = etree.QName(element).localname
        if local == "altChunk":
            found.append(Hazard(name, "an altChunk (a whole other document imported when opened)"))
        elif local == "control":
            found.append(Hazard(name, "an ActiveX control"))
        elif local == "OLEObject":
            linked = (element.get("Type") or "").lower() == "link"
            found.append(Hazard(name, f"{'a linked' if linked else 'an embedded'} object (OLE)"))
        else:  # w:fldSimple
            found += _field(name, element.get(f"{{{W}}}instr") or "")
    found += _complex_fields(name, root)
    return found


def _complex_fields(name: str, root) -> list[Hazard]:
    """Fields written as runs: begin, instrText pieces (perhaps split, perhaps
    nested), separate, end.  Each field's instruction is put together whole."""
    found, stack = [], []  # per open field: [instruction pieces, checked already]
    for element in root.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText"):
        if element.tag == f"{{{W}}}instrText":
            if stack and not stack[-1][1]:
                stack[-1][0].append(element.text or "")
            elif not stack:  # instruction text outside begin/end: check it anyway
                found += _field(name, element.text or "")
            continue
        kind = element.get(f"{{{W}}}fldCharType")
        if kind == "begin":
            stack.append([[], False])
        elif kind in ("separate", "end") and stack:
            pieces, checked = stack.pop() if kind == "end" else stack[-1]
            if not checked:
                found += _field(name, "".join(pieces))
            if kind == "separate":
                stack[-1][1] = True  # what follows is the field's result, not its instruction
    for pieces, checked in stack:  # a field never closed
        if not checked:
            found += _field(name, "".join(pieces))
    return found


def _field(name: str, instruction: str) -> list[Hazard]:
    words = instruction.replace("\u00a0", " ").split()
    if not words:
        return []
    code = words[0].lstrip("\\").upper()
    if code in DANGEROUS_FIELDS:
        return [Hazard(name, f"a {code} field ({_short(instruction)}), which fetches or runs something when opened",
                       "delete the field in Word (Alt+F9 shows field codes), or start again from the built-in master")]
    if code == "HYPERLINK" and len(words) > 1:
        target = words[1].strip('"')
        if not target.startswith("\\") and not _safe_link(target):
            return [Hazard(name, f"a HYPERLINK field to {target!r}",
                           "link only to http(s), mailto or tel addresses: edit or remove the link in Word")]
    return []


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


__all__ = ["Hazard", "check_docx", "check_entries", "entries_of", "hazards"]
