"""Turn a Document into DOCX bytes on the right master."""

from __future__ import annotations

from pathlib import Path

from generator import clock
from generator.documents.base import BuildInputs, Output
from generator.render.blocks import Document
from generator.render.jinja_env import longdate, xml_env

MASTERS = {"form": "masters/form.docx", "letter": "masters/letter.docx"}
DEFAULT_MASTER = "masters/document.docx"


def master_for(document: Document) -> str:
    return document.master or MASTERS.get(document.kind, DEFAULT_MASTER)


def to_docx(document: Document, inputs: BuildInputs) -> Output:
    from generator.docx.render import DocxMeta, render_docx  # heavy: docxtpl, lxml

    profile = inputs.profile
    org = profile.organisation
    approval = inputs.approval
    meta = DocxMeta(
        title=document.title,
        subject=document.subject,
        author=org.name,
        org_name=org.name,
        org_address=org.address,
        org_phone=str(org.phone) if org.phone else None,
        org_email=org.email,
        org_website=org.website,
        reviewed=longdate(profile.review.last_reviewed),
        next_review=longdate(profile.review.next_review),
        draft=document.status == "draft",
        logo=Path(org.logo) if org.logo else None,
        footer_note=document.footer_note,
        approved_by=approval.approved_by if approval else "",
        approved_on=longdate(approval.approved_on) if approval else "",
        minute=(approval.minute_ref or "") if approval else "",
        confidential=document.confidential,
        created=clock.build_datetime(profile.review.last_reviewed),
        language="en-GB",
        toc=document.toc,
    )
    data = render_docx(document, meta, Path(inputs.templates.find(master_for(document))), xml_env())
    return Output(kind=document.kind, title=document.title, path=document.path or f"{document.slug}.docx",
                  data=data, status=document.status, publish=document.kind != "letter" or document.blank)
