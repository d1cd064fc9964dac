"""Masters a user can get wrong give a TemplateProblem naming the file."""

from __future__ import annotations

import re

import jinja2
import pytest
from docx_kit import (
    HOSTILE,
    MASTERS,
    Rendered,
    make_doc,
    make_meta,
    para,
    patched_master,
)

from generator.docx import render_docx
from generator.errors import TemplateProblem


def _render(path, env):
    return render_docx(make_doc(para("x")), make_meta(), path, env)


def test_a_master_that_is_not_a_docx(tmp_path, env):
    fake = tmp_path / "document.docx"
    fake.write_text("I am a text file with the wrong name", encoding="utf-8")
    with pytest.raises(TemplateProblem) as caught:
        _render(fake, env)
    assert str(fake) in caught.value.message and "not a Word document" in caught.value.message
    assert caught.value.fix


def test_a_zip_that_is_not_a_docx(tmp_path, env):
    import zipfile

    fake = tmp_path / "document.docx"
    with zipfile.ZipFile(fake, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(TemplateProblem, match="not a Word document"):
        _render(fake, env)


def test_a_missing_master(tmp_path, env):
    with pytest.raises(TemplateProblem, match=re.escape(str(tmp_path / "nope.docx"))):
        _render(tmp_path / "nope.docx", env)


def test_a_master_without_a_style_the_body_needs(tmp_path, env):
    path = patched_master(tmp_path, "word/styles.xml", lambda xml: xml.replace('w:val="To Complete"', 'w:val="Other"'))
    with pytest.raises(TemplateProblem) as caught:
        _render(path, env)
    assert str(path) in caught.value.message and '"To Complete"' in caught.value.message


def test_a_broken_tag_in_the_header(tmp_path, env):
    path = patched_master(tmp_path, "word/header_default.xml",
                          lambda xml: xml.replace("{{ title }}", "{{ title }"))
    with pytest.raises(TemplateProblem) as caught:
        _render(path, env)
    assert str(path) in caught.value.message and "header" in caught.value.message


def test_a_tag_with_an_unknown_name(tmp_path, env):
    path = patched_master(tmp_path, "word/footer_default.xml",
                          lambda xml: xml.replace("{{ next_review }}", "{{ next_revew }}"))
    with pytest.raises(TemplateProblem, match="next_revew"):
        _render(path, env)


def test_a_master_without_a_body_placeholder(tmp_path, env):
    path = patched_master(tmp_path, "word/document.xml", lambda xml: xml.replace("{{ body }}", "Body here"))
    with pytest.raises(TemplateProblem, match=r"\{\{ body \}\}"):
        _render(path, env)


def test_tags_split_across_runs_by_word_still_work(tmp_path, env):
    # Word often stores "{{ org_name }}" as several runs; docxtpl's clean-up joins them.
    split = '{{ org_</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">name }}'
    path = patched_master(tmp_path, "word/header_default.xml", lambda xml: xml.replace("{{ org_name }}", split, 1))
    rendered = Rendered(_render(path, env))
    assert HOSTILE in "\n".join(rendered.header_texts())


def test_an_environment_without_autoescape_is_not_changed_and_still_escapes(tmp_path):
    plain = jinja2.Environment(undefined=jinja2.StrictUndefined)
    rendered = Rendered(_render(MASTERS / "document.docx", plain))
    assert HOSTILE in "\n".join(rendered.header_texts())
    assert plain.autoescape is False  # docxtpl would have switched it on for good
