"""The organisation's logo, where a master prints ``{{ logo }}``."""

from __future__ import annotations

from pathlib import Path

from docx.image.exceptions import UnrecognizedImageError
from docx.image.image import Image
from docx.oxml.ns import qn
from docx.shared import Cm

from generator.errors import UserError

# Fits a header without pushing the body down; wide logos are capped by width.
MAX_HEIGHT = Cm(1.6)
MAX_WIDTH = Cm(4.5)


def insert_logos(part, element, mark: str, path: Path, description: str) -> None:
    """Replace each run printing ``mark`` in ``element`` (of ``part``) by the logo."""
    for t in list(element.iter(qn("w:t"))):
        if mark not in (t.text or ""):
            continue
        run = t.getparent()
        t.text = t.text.replace(mark, "")
        width, height = _size(path)
        inline = part.new_pic_inline(str(path), width, height)
        # Alt text: tagged PDFs and screen readers announce the picture by it.
        inline.docPr.set("descr", description)
        run.add_drawing(inline)
        if not t.text:
            run.remove(t)


def _size(path: Path):
    try:
        image = Image.from_file(str(path))
    except (OSError, UnrecognizedImageError):
        raise UserError(f"{path}: the logo is not a readable PNG, JPEG or GIF image",
                        "export the logo as PNG from any image editor and point the profile at it") from None
    width, height = image.scaled_dimensions(None, MAX_HEIGHT)
    if width > MAX_WIDTH:
        width, height = image.scaled_dimensions(MAX_WIDTH, None)
    return width, height
