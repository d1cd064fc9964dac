"""Each master parsed once per process and copied per document.

Opening a DOCX with python-docx unzips it and parses every XML part (about
5-10 ms for a small master); a deep copy of the parsed document is 3-4
times cheaper.  Parts a document never changes (styles, once the language
is set, the app properties, theme, fonts, images) are not copied at all:
every copy shares them, and they are written from bytes serialised once
instead of being re-serialised for every document.

A part is shared only if nothing in generator/docx/ changes it after
``fresh_copy``: the main document, numbering (lists add numbering
instances), settings (the table of contents sets updateFields), headers,
footers (their tags are rendered) and core properties are private to each
copy.
"""

from __future__ import annotations

import copy
import io
import threading
from dataclasses import dataclass

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import XmlPart
from docx.oxml.ns import qn

from generator.docx.xml import child

# Relationship types of the parts each document changes.
_PRIVATE_FROM_DOCUMENT = frozenset({RT.NUMBERING, RT.SETTINGS, RT.HEADER, RT.FOOTER})
_PRIVATE_FROM_PACKAGE = frozenset({RT.OFFICE_DOCUMENT, RT.CORE_PROPERTIES})


@dataclass(frozen=True)
class Prototype:
    document: object  # python-docx Document, never handed out
    shared: tuple  # parts every copy shares
    fixed: dict  # partname -> bytes of each shared part, serialised once


_lock = threading.Lock()
_prototypes: dict = {}  # (master key, language) -> Prototype


def fresh_copy(key, data: bytes, language: str):
    """``(document, fixed)``: a private python-docx Document of the master
    ``data`` (identified by ``key``) and the bytes of its shared parts, for
    ``save_docx``."""
    with _lock:
        prototype = _prototypes.get((key, language))
        if prototype is None:
            prototype = _prototypes[(key, language)] = _prototype(data, language)
    memo = {id(part): part for part in prototype.shared}  # deepcopy keeps these as they are
    return copy.deepcopy(prototype.document, memo), prototype.fixed


def _prototype(data: bytes, language: str) -> Prototype:
    document = docx.Document(io.BytesIO(data))
    set_language(document, language)
    package = document.part.package
    private = {id(rel.target_part) for rel in package.rels.values()
               if not rel.is_external and rel.reltype in _PRIVATE_FROM_PACKAGE}
    private |= {id(rel.target_part) for rel in document.part.rels.values()
                if not rel.is_external and rel.reltype in _PRIVATE_FROM_DOCUMENT}
    shared = tuple(part for part in package.iter_parts() if id(part) not in private)
    fixed = {part.partname: part.blob for part in shared if isinstance(part, XmlPart)}
    return Prototype(document, shared, fixed)


def set_language(word, language: str) -> None:
    """The PDF's language comes from the style defaults, not core properties."""
    defaults = child(word.styles.element, "w:docDefaults", first=True)
    rpr = child(child(defaults, "w:rPrDefault", first=True), "w:rPr")
    child(rpr, "w:lang").set(qn("w:val"), language)
