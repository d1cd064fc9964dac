"""The privacy guard finds a private number in every way it can be written."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from helpers import ROOT

from generator.handbook.privacy import Guard, private_items
from generator.profile.load import load_profile

PRIVATE_FORMS = ["0116 496 0123", "01164960123", "+441164960123", "+44 116 496 0123", "+44 (0)116 496 0123",
                 "0116-496-0123", "0116.496.0123", "tel:+441164960123", "0116&nbsp;496&nbsp;0123", "%2B441164960123",
                 "(0116) 4960123", "0116\u00a0496\u00a00123", "00441164960123",
                 "0116 &nbsp;496%200123", "0116\u2009496\u202f0123", "0116 496\n0123"]


@pytest.fixture(scope="module")
def guard():
    profile = load_profile(str(ROOT / "profiles" / "example.yaml"), dt.date(2026, 11, 23)).profile
    assert [p.name for p in private_items(profile)] == ["Sam Sample"]
    return Guard.for_profile(profile)


@pytest.mark.parametrize("form", PRIVATE_FORMS)
def test_every_form_of_the_private_number_is_found_and_redacted(guard, form):
    text = f"Ring Sam on {form} today."
    assert guard.found(text)
    assert guard.leaks_in_file("page.html", text.encode())
    if "&nbsp;" not in form and "%2B" not in form:
        redacted = guard.redact(text, "[private]")
        assert "[private] today." in redacted
        assert not guard.found(redacted)


@pytest.mark.parametrize("text", ["0116 496 0124", "0116 496 0001", "999", "0116 305 0005", "Sam Sample, Lead Tutor"])
def test_public_numbers_are_not_flagged(guard, text):
    assert not guard.found(text)


def test_a_number_split_across_docx_runs_is_found(guard):
    xml = ('<w:document><w:body><w:p><w:r><w:t>0116 496</w:t></w:r><w:r><w:t xml:space="preserve"> 0123</w:t>'
           '</w:r></w:p></w:body></w:document>')
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", xml)
    assert guard.leaks_in_file("form.docx", data.getvalue())
    assert b"0123" not in data.getvalue()  # compressed: a plain grep would miss it


def test_a_remembered_verdict_is_per_content_and_per_kind(guard):
    """The guard keeps one verdict per content, so a handbook's downloads are
    unpacked once; the same bytes read as another kind of file are judged again."""
    xml = '<w:document><w:body><w:p><w:r><w:t>0116 496 0123</w:t></w:r></w:p></w:body></w:document>'
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("word/document.xml", xml)
    assert guard.leaks_in_file("form.docx", data.getvalue())
    assert not guard.leaks_in_file("form.bin", data.getvalue())  # compressed, not unpacked: as before the memo
    assert guard.leaks_in_file("letter.DOCX", data.getvalue())
    assert not guard.leaks_in_file("other.docx", data.getvalue().replace(b"PK", b"XX", 1))  # not a zip: read as it is
