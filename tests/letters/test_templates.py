"""The letter templates, their documentation, and the blank letters of a build."""

from __future__ import annotations

import datetime as dt
import re

from letters_kit import PRIVATE, docx_text

from generator.documents.base import BuildInputs
from generator.documents.docx_output import to_docx
from generator.documents.letters.produce import documents
from generator.documents.letters.spec import all_specs, column_descriptions
from generator.profile.load import load_profile
from generator.sources.templates import TemplateSet

LETTERS = ["cp-plan-closure", "critical-worker-travel", "support-numbers", "travel-to-school"]


def test_docs_describe_every_column_and_letter(repo_root):
    text = (repo_root / "docs" / "letters.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9_]+)` \|", text, re.M))
    templates = TemplateSet.for_dirs()
    assert documented == set(column_descriptions(templates))
    for spec in all_specs(templates):
        row = re.search(rf"^\| `{spec.name}` \|.*\| (.*) \|$", text, re.M)
        assert row, spec.name
        assert set(re.findall(r"`([a-z0-9_]+)`", row.group(1))) == set(spec.required), spec.name


def test_four_letters_each_need_a_reference():
    specs = all_specs(TemplateSet.for_dirs())
    assert [s.name for s in specs] == LETTERS
    assert all("reference" in s.required for s in specs)


def test_blank_letters_in_every_build_with_marked_spaces_and_no_private_numbers(profile):
    loaded = load_profile(str(profile))
    inputs = BuildInputs.create(loaded.profile, dt.date(2026, 11, 23))
    made = documents(inputs)
    assert [d.slug.removeprefix("letter-") for d in made] == LETTERS
    for document in made:
        output = to_docx(document, inputs)
        assert output.kind == "letter" and output.path == f"letters/{document.slug.removeprefix('letter-')}-blank.docx"
        text = docx_text(output.data)
        assert re.search(r"Child's name: _{10,}", text)
        assert not [p for p in PRIVATE if p in text], document.slug
        assert "Robin Placeholder" in text and "Brookside Learning Centre" in text
