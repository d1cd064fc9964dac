"""Load, check and compile a master .docx, once per process.

docxtpl re-reads and re-parses its template on every render (pitfalls:
about 20-25 ms each).  Here the master's bytes are read once, its body,
header and footer XML is cleaned up once with docxtpl's own ``patch_xml``
(which joins tags Word split across runs and handles ``{%p %}``), and the
result is compiled once per Jinja environment.  Rendering is then just
Jinja plus XML parsing.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import weakref
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateSyntaxError, meta
from lxml import etree

from generator.docx import safety
from generator.docx.meta import CONTEXT_NAMES
from generator.docx.styles import REQUIRED_STYLES, StyleMap, missing_styles, style_map
from generator.errors import TemplateProblem

BODY = "body"  # the key of the document body among the compiled parts

# docxtpl's XML clean-up functions use no template state; one instance serves all.
_DOCXTPL = DocxTemplate(None)

_FIX = "start from the built-in master in templates/masters/ (open it in Word and restyle it), then try again"


@dataclass(frozen=True)
class MasterSource:
    """A checked master: its bytes and its tag-bearing XML, ready for Jinja."""

    path: Path
    data: bytes
    parts: dict  # BODY or a header/footer partname -> patched XML source
    where: dict  # same keys -> "body", "header", "footer" (for messages)
    styles: StyleMap

    @property
    def key(self) -> bytes:
        """The master's identity for the per-process copies of its parsed form."""
        return hashlib.sha256(self.data).digest()


@dataclass(frozen=True)
class CompiledMaster:
    source: MasterSource
    templates: dict  # same keys as source.parts -> jinja2.Template
    uses_logo: frozenset  # keys whose template prints {{ logo }}


_lock = threading.Lock()
_sources: dict = {}  # (path, mtime_ns, size) -> MasterSource
_compiled: weakref.WeakKeyDictionary[Environment, dict] = weakref.WeakKeyDictionary()


def load(path: Path, env: Environment) -> CompiledMaster:
    """The compiled master at ``path`` for ``env``; raises TemplateProblem."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError as exc:
        raise TemplateProblem(f"{path}: master document not found ({exc.strerror})", _FIX) from None
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _lock:
        source = _sources.get(key)
        if source is None:
            source = _sources[key] = _read(path)
        per_env = _compiled.setdefault(env, {})
        compiled = per_env.get(key)
        if compiled is None:
            compiled = per_env[key] = _compile(source, env)
    return compiled


MAX_MASTER_BYTES = 100_000_000  # packed or unpacked; a master is a few hundred kB


def _refuse_oversized(path: Path) -> None:
    """Before python-docx unpacks everything: a 1 MB zip can hold 1 GB of XML (2 GB of memory to refuse it)."""
    size = path.stat().st_size
    unpacked = 0
    if size <= MAX_MASTER_BYTES:
        try:
            with zipfile.ZipFile(path) as archive:
                unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            return  # python-docx reports "not a Word document" below
    if max(size, unpacked) > MAX_MASTER_BYTES:
        raise TemplateProblem(f"{path}: the master is {max(size, unpacked) / 1e6:,.0f} MB unpacked; "
                              "a master is a few hundred kB", _FIX)


def _read(path: Path) -> MasterSource:
    _refuse_oversized(path)
    data = path.read_bytes()
    # layout only: no macros, ActiveX, OLE, altChunk, external links or fetching fields (docx/safety.py)
    safety.check_entries(safety.entries_of(data), str(path))
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds (zip, KeyError, XML) for a non-DOCX file
        raise TemplateProblem(
            f"{path}: not a Word document (.docx)",
            "save the master from Word as 'Word Document (*.docx)', or " + _FIX,
        ) from None

    missing = missing_styles(document.styles.element)
    if missing:
        listed = "; ".join(f'"{name}" (for {REQUIRED_STYLES[name]})' for name in missing)
        raise TemplateProblem(
            f"{path}: the master lacks styles the documents use: {listed}",
            "add them in Word (Home > Styles > Create a Style) with exactly these names, or " + _FIX,
        )
    numbering = document.part.numbering_part.element
    styles = style_map(document.styles.element, numbering)

    parts = {BODY: _patch(etree.tostring(document.element.body, encoding="unicode"))}
    where = {BODY: "body"}
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype not in (RT.HEADER, RT.FOOTER):
            continue
        part = rel.target_part
        name = str(part.partname)
        parts[name] = _patch(etree.tostring(part.element, encoding="unicode"))
        where[name] = "header" if rel.reltype == RT.HEADER else "footer"

    if not re.search(r"\{\{\s*body\s*\}\}", parts[BODY]):
        raise TemplateProblem(
            f"{path}: the master's body has no {{{{ body }}}} paragraph, so there is nowhere to put the text",
            "type {{ body }} alone in an empty paragraph where the document's text should go",
        )
    return MasterSource(path=path, data=data, parts=parts, where=where, styles=styles)


def _patch(xml: str) -> str:
    xml = _DOCXTPL.patch_xml(xml)
    # As docxtpl does: one paragraph per line, so Jinja's line numbers point
    # at a paragraph in error messages.
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _compile(source: MasterSource, env: Environment) -> CompiledMaster:
    templates = {}
    uses_logo = set()
    for key, xml in source.parts.items():
        where = source.where[key]
        try:
            ast = env.parse(xml)
            templates[key] = env.from_string(ast)
        except TemplateSyntaxError as exc:
            raise TemplateProblem(
                f"{source.path}: broken tag in the {where} near \"{_text_at(xml, exc.lineno)}\": {exc.message}",
                "each tag must be whole, e.g. {{ org_name }} or {%p if draft %}, with straight quotes "
                "(turn off Word's AutoCorrect 'smart quotes' while editing tags)",
            ) from None
        unknown = meta.find_undeclared_variables(ast) - CONTEXT_NAMES
        if unknown:
            raise TemplateProblem(
                f"{source.path}: the {where} uses unknown name(s): {', '.join(sorted(unknown))}",
                "a master may use: " + ", ".join(sorted(CONTEXT_NAMES)),
            )
        if "logo" in meta.find_undeclared_variables(ast):
            uses_logo.add(key)
    return CompiledMaster(source=source, templates=templates, uses_logo=frozenset(uses_logo))


def _text_at(xml: str, lineno: int | None) -> str:
    lines = xml.splitlines()
    if not lineno or lineno > len(lines):
        return "?"
    return re.sub(r"<[^>]+>", "", lines[lineno - 1]).strip()[:80]


def finish(xml: str) -> str:
    """docxtpl's post-processing of a rendered part (see render_xml_part)."""
    xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
    # docxtpl's "{_{" -> "{{" unescaping is left out on purpose: it would also
    # rewrite profile text, and our masters print no literal braces.
    # resolve_listing turns "\n" / "\t" in values into line breaks / tabs.
    return _DOCXTPL.resolve_listing(xml)

