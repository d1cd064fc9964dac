"""Phone numbers that never break across lines inside a table cell.

Word and LibreOffice wrap at spaces; a number split over two lines of a
narrow cell ("0116 496" / "0001") gets misdialled.  The spaces between the
digit groups of a phone number in a table cell become no-break spaces.
(An email has no space to break at; the letters' tables hold none.)
"""

from __future__ import annotations

import re

from generator.docx.xml import tag

NBSP = "\u00a0"
# Digit groups separated by single spaces: 0116 496 0001, 0808 800 5000, 116 123.
_PHONE = re.compile(r"(?<![\w])\+?\d{2,5}(?: \d{2,6}){1,3}(?![\w])")


def keep_numbers_whole(word) -> None:
    """Finish hook for a python-docx Document: no-break spaces in the phone
    numbers of every table cell."""
    for text in word.element.body.iter(tag("w:t")):
        if text.text and " " in text.text and _in_cell(text):
            text.text = _PHONE.sub(lambda m: m.group(0).replace(" ", NBSP), text.text)


def _in_cell(element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent.tag == tag("w:tc"):
            return True
        parent = parent.getparent()
    return False
