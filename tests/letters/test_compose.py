"""Compile once, fill many: any text a family has prints exactly as typed."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letters_kit import docx_text

from generator.documents.letters.families import Family
from generator.documents.letters.merge import LetterMaker
from generator.documents.letters.spec import load_spec
from generator.profile.load import load_profile
from generator.sources.templates import TemplateSet

# Text as people type it: any printable character, XML-special ones included.
TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")), min_size=1, max_size=40) \
    .map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(child=TEXT, parent=TEXT)
def test_any_name_prints_exactly(profile, child, parent):
    maker = _maker(profile)
    family = Family(2, {"reference": "R1", "parent_name": parent, "child_name": child, "school_place": "Site",
                        "place_start": "Monday"})
    text = docx_text(maker.one(family))
    assert f"Child's name: {child}\n" in text
    assert f"Dear {parent},\n" in text


def test_shapes_are_compiled_once_each(profile):
    maker = _maker(profile)
    base = {"reference": "R", "parent_name": "P", "child_name": "C", "school_place": "S", "place_start": "M"}
    for i in range(10):
        maker.one(Family(i + 2, {**base, "reference": f"R{i}", "social_worker": "Sam" if i % 2 else ""}))
    assert len(maker.composer._compiled) == 2
    with_worker = docx_text(maker.one(Family(2, {**base, "social_worker": "Sam Worker"})))
    without = docx_text(maker.one(Family(3, base)))
    assert "social worker, Sam Worker, know" in with_worker
    assert "social worker know" in without


def test_profile_text_cannot_pass_for_a_placeholder(profile):
    maker = _maker(profile)
    family = Family(2, {"reference": "R", "parent_name": "P\ue0000\ue001", "child_name": "C", "school_place": "S",
                        "place_start": "M"})
    values = maker.composer.values(family)
    xml = maker.composer.compiled(values).body(values)
    assert "P\ue0000\ue001" in xml


_makers: dict = {}


def _maker(profile) -> LetterMaker:
    key = str(profile)
    if key not in _makers:
        loaded = load_profile(key).profile
        _makers.clear()
        _makers[key] = LetterMaker(loaded, load_spec(TemplateSet.for_dirs(), "cp-plan-closure"), dt.date(2026, 11, 23))
    return _makers[key]
