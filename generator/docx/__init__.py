"""The DOCX backend: content blocks + a master .docx -> Word document bytes.

    from generator.docx import DocxMeta, render_docx
    data = render_docx(document, meta, Path("templates/masters/document.docx"), xml_env())
"""

from generator.docx.meta import DocxMeta
from generator.docx.render import render_docx

__all__ = ["DocxMeta", "render_docx"]
