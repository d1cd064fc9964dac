"""What a master's tags and the core properties are filled with."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

# XML 1.0 cannot hold most C0 control characters; a profile's double-quoted
# YAML string can ("\v").  They are invisible anyway, so they are dropped
# rather than letting lxml fail half-way through a build.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class DocxMeta:
    """Everything about one DOCX that is not its body.

    Display strings (``reviewed``, ``next_review``) are formatted by the
    caller; ``created`` fixes the core-property dates so builds reproduce.
    """

    title: str
    subject: str
    author: str  # the organisation's name, as Word shows it in File > Info
    org_name: str
    created: dt.datetime
    org_address: str | None = None  # may contain newlines: one line each
    org_phone: str | None = None
    org_email: str | None = None
    org_website: str | None = None
    reviewed: str = ""
    next_review: str = ""
    draft: bool = False
    logo: Path | None = None
    footer_note: str = ""
    # The recorded approval this document carries (empty: none covers it).
    approved_by: str = ""
    approved_on: str = ""
    minute: str = ""
    confidential: bool = False
    language: str = "en-GB"
    toc: bool = False
    # Masters may number Heading 1/2 through their styles; a flowchart or a
    # letter can switch that off without a second master.
    numbered_headings: bool = True


# Names a master may use in its tags; anything else is an error in the master.
CONTEXT_NAMES = frozenset({
    "title", "subject", "org_name", "org_address", "org_phone", "org_email", "org_website",
    "reviewed", "next_review", "draft", "logo", "footer_note", "confidential", "toc", "body",
    "approved_by", "approved_on", "minute",
})


def master_context(meta: DocxMeta, draft: bool) -> dict:
    """The values the master's tags see.  All text goes in as data: the
    environment escapes it, and nothing here is ever compiled as a template."""

    def text(value: str | None) -> str:
        return xml_safe(value or "")

    return {
        "title": text(meta.title),
        "subject": text(meta.subject),
        "org_name": text(meta.org_name),
        "org_address": text(meta.org_address),
        "org_phone": text(meta.org_phone),
        "org_email": text(meta.org_email),
        "org_website": text(meta.org_website),
        "reviewed": text(meta.reviewed),
        "next_review": text(meta.next_review),
        "footer_note": text(meta.footer_note),
        "approved_by": text(meta.approved_by),
        "approved_on": text(meta.approved_on),
        "minute": text(meta.minute),
        "draft": draft,
        "confidential": meta.confidential,
        "toc": meta.toc,
    }
