"""The in-place edit changes the two values and not one other byte."""

import datetime as dt
import os
import stat

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import UserError
from generator.review.yamledit import replace_review_dates, update_review_dates

NEW = {"last_reviewed": "2026-10-01", "next_review": "2027-10-01"}

FULL = """\
# top comment
schema_version: 1
organisation:
    id: x   # c

review:
    # dates
    last_reviewed: 2025-09-01   # when
    next_review: '2026-09-01'

    approved_by: Local Board # who
# end
"""


def test_only_the_values_change_and_quoting_is_kept():
    result = replace_review_dates(FULL, NEW)
    assert result == FULL.replace("2025-09-01   # when", "2026-10-01   # when").replace(
        "'2026-09-01'", "'2027-10-01'"
    )


def test_crlf_line_endings_are_kept():
    text = FULL.replace("\n", "\r\n")
    result = replace_review_dates(text, NEW)
    assert result == text.replace("2025-09-01", "2026-10-01").replace("2026-09-01", "2027-10-01")
    assert "\n" not in result.replace("\r\n", "")


def test_missing_keys_are_added_to_this_files_review_mapping():
    text = "extends: la/x.yaml  # parent\nreview:\n  approved_by: Board  # c\n\npeople: {}\n"
    assert replace_review_dates(text, NEW) == (
        "extends: la/x.yaml  # parent\nreview:\n  approved_by: Board  # c\n"
        "  last_reviewed: 2026-10-01\n  next_review: 2027-10-01\n\npeople: {}\n"
    )


def test_a_missing_review_mapping_is_created_at_the_end_with_the_files_indent():
    text = "extends: la/x.yaml\norganisation:\n    id: a\n# last line"
    assert replace_review_dates(text, NEW) == (
        "extends: la/x.yaml\norganisation:\n    id: a\n# last line\n"
        "review:\n    last_reviewed: 2026-10-01\n    next_review: 2027-10-01\n"
    )


def test_flow_mappings_get_the_keys_inside_the_braces():
    assert replace_review_dates("review: {approved_by: B}\nx: 1\n", NEW) == (
        "review: {approved_by: B, last_reviewed: 2026-10-01, next_review: 2027-10-01}\nx: 1\n"
    )
    assert replace_review_dates("review: {}\n", NEW) == (
        "review: {last_reviewed: 2026-10-01, next_review: 2027-10-01}\n"
    )


def test_one_key_present_one_missing():
    text = "review:\n  last_reviewed: 2025-01-01\n  owner: dsl\n"
    assert replace_review_dates(text, NEW) == (
        "review:\n  last_reviewed: 2026-10-01\n  owner: dsl\n  next_review: 2027-10-01\n"
    )


def test_an_empty_value_gets_the_date():
    text = "review:\n  last_reviewed:   # fill in\n  next_review: 2026-01-01\n"
    assert replace_review_dates(text, NEW) == (
        "review:\n  last_reviewed: 2026-10-01   # fill in\n  next_review: 2027-10-01\n"
    )


@pytest.mark.parametrize(
    "text, words",
    [
        ("review: [1, 2]\n", "not a mapping"),
        ("base: &b {last_reviewed: 2025-01-01}\nreview: *b\n", "alias"),
        ("review:\n  last_reviewed: [2025]\n", "not a plain date"),
        ("a: 1\n---\nb: 2\n", "more than one YAML document"),
        ("", "empty"),
        ("review: [\n", "not valid YAML"),
    ],
)
def test_shapes_that_cannot_be_edited_are_user_errors(text, words):
    with pytest.raises(UserError) as caught:
        replace_review_dates(text, NEW, source="p.yaml")
    assert words in caught.value.message


def test_update_writes_atomically_and_keeps_permissions(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    path = folder / "p.yaml"
    path.write_bytes(FULL.encode())
    os.chmod(path, 0o640)
    old, new = update_review_dates(path, dt.date(2026, 10, 1), dt.date(2027, 10, 1))
    assert old == FULL
    assert path.read_text(encoding="utf-8") == new
    assert "last_reviewed: 2026-10-01   # when" in new
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in folder.iterdir()) == ["p.yaml"]  # no temp file left


def test_update_through_a_symlink_edits_the_target(tmp_path):
    target = tmp_path / "real.yaml"
    target.write_text(FULL, encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    update_review_dates(link, dt.date(2026, 10, 1), dt.date(2027, 10, 1))
    assert link.is_symlink()
    assert "2026-10-01" in target.read_text(encoding="utf-8")


comment = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(
    lambda s: s.replace("\n", " ")
)


@settings(max_examples=60, deadline=None)
@given(before=comment, after=comment, indent=st.integers(1, 6), blank=st.booleans())
def test_any_comments_and_indentation_survive(before, after, indent, blank):
    pad = " " * indent
    text = (
        f"# {before}\nreview:\n{pad}last_reviewed: 2025-09-01  # {after}\n"
        + ("\n" if blank else "")
        + f"{pad}next_review: 2026-09-01\n{pad}owner: dsl # {before}\n"
    )
    result = replace_review_dates(text, NEW)
    assert result == text.replace("2025-09-01", "2026-10-01", 1).replace("2026-09-01", "2027-10-01", 1)
    assert yaml.safe_load(result)["review"]["last_reviewed"] == dt.date(2026, 10, 1)
