"""render_docx: one Document (blocks) + one master -> DOCX bytes.

1. The master's tags (header, footer, body) are rendered by Jinja from the
   master compiled once per process (generator/docx/master.py), with the
   caller's environment made to autoescape: profile text is data.
2. The body is built from the blocks at the ``{{ body }}`` paragraph, in the
   master's styles (generator/docx/body.py).
3. Core properties are set with python-docx afterwards (docxtpl would render
   and double-escape them), then the zip is rewritten reproducibly.
"""

from __future__ import annotations

import datetime as dt
import secrets
import weakref
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from jinja2 import Environment, TemplateError
from lxml import etree

from generator.docx import master as masters
from generator.docx import toc
from generator.docx.body import BodyBuilder
from generator.docx.logo import insert_logos
from generator.docx.meta import DocxMeta, master_context, xml_safe
from generator.docx.package import save_docx
from generator.docx.prototype import fresh_copy
from generator.errors import TemplateProblem
from generator.render import blocks as b

# Stand-ins the master's {{ body }} / {{ logo }} print, found again after
# rendering.  Random per process so that no profile text can imitate them.
_BODY_MARK = f"policypack-body-{secrets.token_hex(8)}"
_LOGO_MARK = f"policypack-logo-{secrets.token_hex(8)}"

_SETTINGS_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr", "w:compat", "w:docVars", "w:rsids",
    "m:mathPr", "w:attachedSchema", "w:themeFontLang", "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats", "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
    "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults",
    "w:doNotEmbedSmartTags", "w:decimalSymbol", "w:listSeparator",
)

_escaping: weakref.WeakKeyDictionary[Environment, Environment] = weakref.WeakKeyDictionary()


def render_docx(document: b.Document, meta: DocxMeta, master: Path, env: Environment) -> bytes:
    """The DOCX for ``document``; raises TemplateProblem for an unusable master."""
    compiled = masters.load(Path(master), _autoescaping(env))
    # A document with TO COMPLETE markers is a draft whatever the caller says.
    draft = meta.draft or bool(document.missing_prompts)
    context = master_context(meta, draft)
    context["body"] = _BODY_MARK

    # A private copy of the master parsed once per process (language set);
    # ``fixed`` holds the bytes of the parts every copy shares.
    word, fixed = fresh_copy(compiled.source.key, compiled.source.data, meta.language)
    _render_master_parts(word, compiled, context, meta)
    if document.landscape:
        _landscape(word)

    anchor = _find_body_anchor(word, compiled.source.path)
    section = word.sections[-1]
    width = int(section.page_width - section.left_margin - section.right_margin) // 635  # EMU -> twips
    builder = BodyBuilder(word.part, compiled.source.styles, word.part.numbering_part.element,
                          meta.numbered_headings, new_page=meta.toc,
                          first_bookmark_id=_max_bookmark_id(word) + 1)
    builder.insert(document.blocks, anchor, width)
    anchor.getparent().remove(anchor)

    if meta.toc:
        toc.fill(word.element.body, builder.headings, compiled.source.styles)
        _update_fields_on_open(word)
    _set_core_properties(word, meta, draft)
    # A producer may finish what blocks cannot say (a form's fill-in fields)
    # on the open document, saving a second unzip, parse and zip.
    finish = document.finish_docx
    if finish is not None:
        finish(word)

    return save_docx(word, f"{document.slug}.docx (made from the master {compiled.source.path})", fixed)


def _autoescaping(env: Environment) -> Environment:
    """``env`` itself if it autoescapes, else an overlay that does (cached).

    docxtpl's ``render(..., autoescape=True)`` would instead switch the
    caller's shared environment to autoescaping for good."""
    if env.autoescape is True:
        return env
    overlay = _escaping.get(env)
    if overlay is None:
        overlay = _escaping[env] = env.overlay(autoescape=True)
    return overlay


def _render_master_parts(word, compiled: masters.CompiledMaster, context: dict, meta: DocxMeta) -> None:
    source = compiled.source
    parts = {
        str(rel.target_part.partname): rel.target_part
        for rel in word.part.rels.values()
        if not rel.is_external and rel.reltype in (RT.HEADER, RT.FOOTER)
    }
    for key, template in compiled.templates.items():
        wants_logo = key in compiled.uses_logo and meta.logo is not None
        values = {**context, "logo": _LOGO_MARK if wants_logo else ""}
        where = source.where[key]
        try:
            element = parse_xml(masters.finish(template.render(values)).encode("utf-8"))
        except TemplateError as exc:
            raise TemplateProblem(f"{source.path}: a tag in the {where} failed: {exc}",
                                  "check the tags against templates/masters/ (names and spelling)") from None
        except etree.XMLSyntaxError as exc:
            raise TemplateProblem(
                f"{source.path}: the {where} is not valid Word XML once its tags are filled ({exc})",
                "a {% if %} ... {% endif %} must start and end in the same paragraph, "
                "or use {%p if %} ... {%p endif %} in paragraphs of their own",
            ) from None
        if key == masters.BODY:
            word.element.replace(word.element.body, element)
            part = word.part
        else:
            part = parts[key]
            part._element = element
        if wants_logo:
            insert_logos(part, element, _LOGO_MARK, meta.logo, f"{xml_safe(meta.org_name)} logo")


def _find_body_anchor(word, path: Path):
    for p in word.element.body.iter(qn("w:p")):
        if "".join(t.text or "" for t in p.iter(qn("w:t"))).strip() == _BODY_MARK:
            return p
    raise TemplateProblem(
        f"{path}: the {{{{ body }}}} paragraph disappeared when the master's tags were filled",
        "keep {{ body }} alone in its own paragraph, outside any {% if %} block",
    )


def _max_bookmark_id(word) -> int:
    ids = (b.get(qn("w:id")) for b in word.element.body.iter(qn("w:bookmarkStart")))
    return max((int(i) for i in ids if i and i.lstrip("-").isdigit()), default=-1)


def _landscape(word) -> None:
    for sect_pr in word.element.body.iter(qn("w:sectPr")):
        pg_sz = sect_pr.find(qn("w:pgSz"))
        if pg_sz is None:
            continue
        w, h = int(pg_sz.get(qn("w:w"))), int(pg_sz.get(qn("w:h")))
        if w < h:
            pg_sz.set(qn("w:w"), str(h))
            pg_sz.set(qn("w:h"), str(w))
        pg_sz.set(qn("w:orient"), "landscape")


def _update_fields_on_open(word) -> None:
    """Word fills in the table of contents when the file is opened (docxtpl #137)."""
    settings = word.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.insert_element_before(update, *_SETTINGS_AFTER_UPDATE_FIELDS)


def _set_core_properties(word, meta: DocxMeta, draft: bool) -> None:
    created = meta.created
    if created.tzinfo is not None:  # python-docx writes the time as UTC ("Z")
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    props = word.core_properties
    props.title = ("DRAFT \u2013 " if draft else "") + xml_safe(meta.title)
    props.subject = xml_safe(meta.subject)
    props.author = xml_safe(meta.author)
    props.last_modified_by = xml_safe(meta.author)
    props.language = meta.language
    props.created = created
    props.modified = created
    props.revision = 1
    props.content_status = "Draft" if draft else ""
    # Whatever a master made in Word carried over (its own title, comments).
    props.comments = ""
    props.keywords = ""
    props.category = ""
