"""Word masters: a real DOCX, the styles the body needs, and docxtpl tags Word has not mangled."""

from __future__ import annotations

import re
import zipfile

from generator.templates_check.common import (
    _FIX_QUOTES,
    _TAG,
    CURLY,
    DOCXTPL_STRAIGHTENS,
    MAX_XML_BYTES,
    _error,
    _short,
)

# -- Word masters -----------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PART = re.compile(r"word/(document|header\d*|footer\d*)\.xml")
_FIX_MASTER = "start from the built-in master in templates/masters/ and restyle it in Word"
_SPECIAL = re.compile(r"\{%(p|tr|tc|r)\s(.*?)%\}", re.DOTALL)


def _check_master(path: str, problems: list) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            if "word/document.xml" not in infos:
                problems.append(_error(path, 0, "not a Word document (.docx): it has no word/document.xml",
                                       "save the master from Word as 'Word Document (*.docx)', or " + _FIX_MASTER))
                return
            parts = {}
            for name in sorted(infos, key=lambda n: (n != "word/document.xml", n)):
                if not _PART.fullmatch(name):
                    continue
                if infos[name].file_size > MAX_XML_BYTES:
                    problems.append(_error(path, 0, f"{name} unpacks to {infos[name].file_size / 1e6:.0f} MB",
                                           "this is not a normal Word document; " + _FIX_MASTER))
                    return
                parts[name] = archive.read(name)
            # what runs code or calls home (generator/docx/safety.py): XML and relationships are read,
            # binaries (a macro project, an embedded object) are known by their names
            members = {name: archive.read(name) if name.endswith((".xml", ".rels")) and
                       infos[name].file_size <= MAX_XML_BYTES else b"" for name in infos}
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
        problems.append(_error(path, 0, "not a Word document (.docx)",
                               "save the master from Word as 'Word Document (*.docx)', or " + _FIX_MASTER))
        return
    from generator.docx.safety import hazards

    for hazard in hazards(members):
        problems.append(_error(path, 0, f"{hazard.part} holds {hazard.what}; a master carries layout, never code "
                               "or a call home", hazard.fix))
    for name, data in parts.items():
        _check_part(path, name, data, problems)
    _check_styles(path, parts.get("word/document.xml"), problems)


def _check_styles(path: str, document_xml, problems: list) -> None:
    """The styles the DOCX backend builds the body with (generator/docx/styles.py)."""
    import io

    import docx

    from generator.docx.styles import REQUIRED_STYLES, missing_styles

    if document_xml is None:
        return
    try:
        with open(path, "rb") as handle:
            document = docx.Document(io.BytesIO(handle.read()))
    except Exception:  # noqa: BLE001 - python-docx raises many kinds; the zip checks above name the problem
        problems.append(_error(path, 0, "python-docx cannot open this master", _FIX_MASTER))
        return
    missing = missing_styles(document.styles.element)
    if missing:
        listed = "; ".join(f'"{name}" (for {REQUIRED_STYLES[name]})' for name in missing)
        problems.append(_error(path, 0, f"the master lacks styles the documents use: {listed}",
                               "add them in Word (Home > Styles > Create a Style) with exactly these names, or "
                               + _FIX_MASTER))


def _paragraph_text(paragraph) -> tuple[str, list[str]]:
    texts = [t.text or "" for t in paragraph.iter(f"{{{W}}}t")]
    return "".join(texts), texts


def _where(name: str, number: int, text: str) -> str:
    part = "body" if name == "word/document.xml" else name[5:-4]
    return f"{part}, paragraph {number} (\"{_short(text, 60)}\")"


def _check_part(path: str, name: str, data: bytes, problems: list) -> None:
    from lxml import etree

    try:
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    except etree.XMLSyntaxError as exc:
        problems.append(_error(path, 0, f"{name} is not well-formed XML: {exc}", _FIX_MASTER))
        return
    paragraphs = list(root.iter(f"{{{W}}}p"))
    count_before = len(problems)
    open_tag = None  # (number, text) of a paragraph whose tag is not closed
    for number, paragraph in enumerate(paragraphs, start=1):
        text, pieces = _paragraph_text(paragraph)
        where = _where(name, number, text)
        if open_tag is None and _unclosed(text):
            open_tag = (number, text)
            problems.append(_error(path, 0, f"{where}: a tag is not closed in its paragraph; docxtpl would join "
                                   "the paragraphs and lose the break",
                                   "retype the whole tag in one paragraph, e.g. {{ org_name }}"))
        elif open_tag is not None and not _unclosed(text):
            open_tag = None
        for match in _TAG.finditer(text):
            tag = match.group(0)
            if any(ch in tag for ch in CURLY):
                if all(ch in DOCXTPL_STRAIGHTENS for ch in tag if ch in CURLY):
                    problems.append(_error(path, 0, f"{where}: curly quotes inside the tag {_short(tag)} (docxtpl "
                                           "straightens \u201c \u201d \u2018 \u2019 when building, so this works, "
                                           "but the tag is easy to misread)", _FIX_QUOTES, "warning"))
                else:
                    problems.append(_error(path, 0, f"{where}: curly quotes inside the tag {_short(tag)} "
                                           "(docxtpl cannot straighten \u201e \u201f \u2032 \u2033)", _FIX_QUOTES))
            if _runs_spanned(pieces, match.start(), match.end()) > 1:
                problems.append(_error(path, 0, f"{where}: the tag {_short(tag)} is split across "
                                       f"{_runs_spanned(pieces, match.start(), match.end())} pieces of text "
                                       "(Word formatting or spell-check marks inside it); docxtpl joins them, "
                                       "but formatting inside the tag is lost",
                                       "select the tag, clear its formatting and retype it in one go", "warning"))
        for special in _SPECIAL.finditer(text):
            _check_special(path, where, special, paragraph, text, problems)
    if len(problems) > count_before and any(p.severity == "error" for p in problems[count_before:]):
        return  # the Jinja check below would only repeat these
    _check_master_jinja(path, name, data.decode("utf-8", "replace"), problems)


def _unclosed(text: str) -> bool:
    stripped = _TAG.sub("", text)
    return "{{" in stripped or "{%" in stripped or "{#" in stripped


def _runs_spanned(pieces: list[str], start: int, end: int) -> int:
    at, spanned = 0, 0
    for piece in pieces:
        if piece and at < end and at + len(piece) > start:
            spanned += 1
        at += len(piece)
    return spanned


def _ancestor(element, tag: str):
    parent = element.getparent()
    while parent is not None and parent.tag != f"{{{W}}}{tag}":
        parent = parent.getparent()
    return parent


def _check_special(path, where, match, paragraph, text, problems) -> None:
    kind, expression = match.group(1), match.group(2)
    tag = match.group(0)
    scope = {"p": ("paragraph", paragraph), "tr": ("table row", _ancestor(paragraph, "tr")),
             "tc": ("table cell", _ancestor(paragraph, "tc")), "r": ("run", None)}[kind]
    if "%" in expression or "}" in expression:
        problems.append(_error(path, 0, f"{where}: '%' or '}}' inside {_short(tag)} breaks docxtpl's {{%{kind} %}} tags",
                               "move the calculation out of the tag, e.g. test a simpler value"))
    label, element = scope
    if kind in ("tr", "tc") and element is None:
        problems.append(_error(path, 0, f"{where}: {_short(tag)} is not inside a table",
                               f"put {{%{kind} ... %}} in its own {label} of a table, or use {{%p ... %}} for a paragraph"))
        return
    if element is not None:
        own = "".join(t.text or "" for t in element.iter(f"{{{W}}}t")).strip()
        if own != tag.strip():
            problems.append(_error(path, 0, f"{where}: {_short(tag)} must be alone in its {label}",
                                   f"put the tag in a {label} of its own, with nothing else in it"))


def _check_master_jinja(path: str, name: str, xml: str, problems: list) -> None:
    import jinja2
    from docxtpl import DocxTemplate
    from jinja2 import meta

    from generator.docx.meta import CONTEXT_NAMES
    from generator.render.jinja_env import xml_env

    patched = re.sub(r"<w:p([ >])", r"\n<w:p\1", DocxTemplate(None).patch_xml(xml))
    part = "body" if name == "word/document.xml" else name[5:-4]
    try:
        ast = xml_env().parse(patched)
    except jinja2.TemplateSyntaxError as exc:
        lines = patched.splitlines()
        around = re.sub(r"<[^>]+>", "", lines[exc.lineno - 1]).strip() if exc.lineno and exc.lineno <= len(lines) else ""
        number = sum(1 for line in lines[: exc.lineno or 0] if line.startswith("<w:p"))
        problems.append(_error(path, 0, f"{part}, paragraph {number} (\"{_short(around, 60)}\"): broken tag: {exc.message}",
                               "each tag must be whole, e.g. {{ org_name }} or {%p if draft %}, with straight quotes"))
        return
    try:
        xml_env().from_string(ast)
        unknown = meta.find_undeclared_variables(ast) - CONTEXT_NAMES
    except (jinja2.TemplateSyntaxError, RecursionError):
        problems.append(_error(path, 0, f"the {part}'s tags are nested too deeply",
                               "split the deeply nested tags into simpler steps"))
        return
    if unknown:
        problems.append(_error(path, 0, f"the {part} uses unknown name(s): {', '.join(sorted(unknown))}",
                               "a master may use: " + ", ".join(sorted(CONTEXT_NAMES))))
    if name == "word/document.xml" and not re.search(r"\{\{\s*body\s*\}\}", patched):
        problems.append(_error(path, 0, "the body has no {{ body }} paragraph, so there is nowhere to put the text",
                               "type {{ body }} alone in an empty paragraph where the document's text should go"))
