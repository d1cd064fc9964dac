"""The addendum's content, checked on its blocks (the format-neutral output)."""

from __future__ import annotations

import pytest
from addendum_kit import inputs_for, level_table, text_of, with_closure

from generator.documents import addendum
from generator.documents.base import Skipped
from generator.errors import ProfileInvalid
from generator.render.blocks import Document, plain_text


def build(path) -> Document:
    (document,) = addendum.documents(inputs_for(path))
    assert isinstance(document, Document)
    return document


def test_example_uses_categories_with_criteria_frequencies_and_timescales(profiles):
    document = build(profiles / "example.yaml")
    assert document.kind == "addendum" and document.audience == "staff"
    assert document.status == "complete"
    table = level_table(document.blocks)
    rows = [[plain_text(cell) for cell in row] for row in table.rows]
    assert [row[0] for row in rows] == ["Category 1", "Category 2", "Category 3"]
    assert [row[2] for row in rows] == ["Every day", "Twice a week", "Once a week"]
    assert "several domestic abuse notifications about their household" in rows[0][1]
    assert "children who have recently become a concern" in rows[2][1]
    text = text_of(document.blocks)
    assert "We use the categories 1, 2 and 3 scheme." in text
    assert "After 5 school days without any acknowledgement from a family" in text
    assert "Within 24 hours of that, a member of staff rings the family" in text
    assert "After 10 school days without contact, the DSL tells the local authority" in text
    assert "Record the visit on CPOMS under the tag CLOSURE within 24 hours" in text
    assert "Only the DSL (Jo Example) can authorise a home visit." in text
    assert "multi-agency escalation group, which meets weekly" in text
    # An alternative provider also keeps each learner's on-roll school informed.
    assert "The DSL keeps each learner's on-roll school informed in the same way." in text


def test_riverside_uses_rag_and_its_own_timescales(profiles):
    document = build(profiles / "riverside-school.yaml")
    rows = [[plain_text(cell) for cell in row] for row in level_table(document.blocks).rows]
    assert [row[0] for row in rows] == ["Red", "Amber", "Blue", "Yellow"]
    assert rows[0][1].startswith("Child protection plan or equivalent:")
    assert rows[1][1].startswith("Child in need plan or equivalent:")
    assert rows[0][2] == rows[1][2] == "Every day, in school; if not attending, by video call or a home visit"
    assert rows[2][2] == "Once a week, a check-in with the family's named worker"
    assert rows[3][2].startswith("Once a week")
    assert "hardship or financial difficulties" in rows[3][1]
    text = text_of(document.blocks)
    assert "We use the red, amber, blue and yellow (RAG) scheme." in text
    assert "If a child rated Red or Amber has not been seen today" in text
    assert "After 3 school days without any acknowledgement" in text
    assert "After 10 school days without contact" in text
    assert "Only the headteacher (Robin Placeholder) can authorise a home visit." in text
    assert "under the tag CLOSURE 2026" in text
    assert "MyConcern" in text and "CPOMS" not in text
    # The consultation line of the Nottingham front door is in the contacts.
    assert "07711 189544" in text
    assert "on-roll school" not in text


def test_every_topic_of_the_seeds_is_covered(profiles):
    document = build(profiles / "example.yaml")
    headings = [section[0] for section in document.sections]
    assert len(headings) == 15
    text = text_of(document.blocks)
    for expected in (
        "Who switches it on", "Children we keep in touch with", "Allocating staff", "Safe and well phone calls",
        "withhold your number", "Always go in pairs.", "Stay on the doorstep.", "Recording every contact",
        "Families we cannot reach", "at least every 6 weeks", "A coordinated contact plan.",
        "Safeguarding in remote learning", "No one-to-one live video", "password-protected document",
        "Publish only work numbers", "Closure task checklist", "Vulnerable children contact register",
        "Planned social-services meetings", "Home-visit record", "Phone-call record", "Duty-team rota",
        "First Response Children's Duty Team", "0116 305 4141", "0116 496 0123",  # staff audience: private deputy
    ):
        assert expected in text, expected


def test_missing_after_school_days_changes_the_wording(profiles):
    path = profiles / "example.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("missing_after_school_days: 5", "missing_after_school_days: 3"), encoding="utf-8")
    text = text_of(build(path).blocks)
    assert "After 3 school days without any acknowledgement" in text
    assert "After 5 school days" not in text


def test_wording_is_singular_for_one(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  missing_after_school_days: 1
  inform_la_after_school_days: 2
  first_call_within_hours: 1
  home_visit_record_within_hours: 48
  escalation_meeting: every Monday
""")
    text = text_of(build(profiles / "example.yaml").blocks)
    assert "After 1 school day without any acknowledgement" in text
    assert "Within 1 hour of that" in text
    assert "After 2 school days without contact" in text
    assert "within 48 hours" in text
    assert "which meets every Monday" in text


def test_closure_disabled_gives_skipped(profiles):
    with_closure(profiles / "example.yaml", "closure:\n  enabled: false\n")
    result = addendum.documents(inputs_for(profiles / "example.yaml"))
    assert result == [Skipped("addendum", "closure.enabled is false in the profile")]


def test_levels_override_by_key_and_new_levels_come_last(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  scheme: categories
  levels:
    - key: "2"
      contact: Every other school day
    - key: "4"
      label: Category 4
      meaning: Watching brief
      criteria: [siblings of children in category 1]
      contact: Once a fortnight
    - key: "1"
      label: Category 1
      criteria: [on a child protection plan]
""")
    inputs = inputs_for(profiles / "example.yaml")
    levels = addendum.resolved_levels(inputs)
    assert [lv.key for lv in levels] == ["1", "2", "3", "4"]
    assert levels[0].criteria == ("on a child protection plan",) and levels[0].contact == "Every day"
    assert levels[1].label == "Category 2" and levels[1].contact == "Every other school day"
    assert levels[1].criteria[0] == "on a child in need plan, or supported by early help"
    assert levels[3].label == "Category 4" and levels[3].contact == "Once a fortnight"
    (document,) = addendum.documents(inputs)
    rows = [[plain_text(cell) for cell in row] for row in level_table(document.blocks).rows]
    assert rows[1] == ["Category 2", rows[1][1], "Every other school day"]
    assert rows[3] == ["Category 4", "Watching brief: siblings of children in category 1", "Once a fortnight"]


def test_rag_override_keeps_the_other_fields(profiles):
    with_closure(profiles / "riverside-school.yaml", """\
closure:
  scheme: rag
  levels:
    - key: yellow
      contact: Every two weeks
""")
    levels = addendum.resolved_levels(inputs_for(profiles / "riverside-school.yaml"))
    assert [lv.label for lv in levels] == ["Red", "Amber", "Blue", "Yellow"]
    assert levels[3].contact == "Every two weeks" and levels[3].meaning == "Hardship or ongoing monitoring"


def test_a_new_level_needs_a_contact_frequency(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  levels:
    - key: green
      meaning: Doing fine
""")
    with pytest.raises(ProfileInvalid) as raised:
        inputs_for(profiles / "example.yaml")
    problem = raised.value.problems[0]
    assert problem.key == "closure.levels.0.key" and "green" in problem.message and "contact:" in problem.fix


def test_a_level_listed_twice_is_refused(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  levels:
    - key: "1"
      contact: Twice a day
    - key: "1"
      contact: Daily
""")
    with pytest.raises(ProfileInvalid) as raised:
        inputs_for(profiles / "example.yaml")
    problem = raised.value.problems[0]
    assert problem.key == "closure.levels.1.key" and "twice" in problem.message


def test_la_must_be_told_after_the_family_is_logged_missing(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  missing_after_school_days: 10
  inform_la_after_school_days: 5
""")
    with pytest.raises(ProfileInvalid) as raised:
        inputs_for(profiles / "example.yaml")
    problem = raised.value.problems[0]
    assert problem.key == "closure.inform_la_after_school_days" and problem.line > 1


def test_profile_text_stays_text(profiles):
    with_closure(profiles / "example.yaml", """\
closure:
  recording_tag: "*URGENT* [x](https://evil.example) {{ 7*7 }}"
  home_visit_authorised_by: "the head of **centre**"
  levels:
    - key: "3"
      criteria: ["<b>pipes | and # hashes</b>"]
""")
    document = build(profiles / "example.yaml")
    text = text_of(document.blocks)
    assert "under the tag *URGENT* [x](https://evil.example) {{ 7*7 }}" in text
    assert "Only the head of **centre** can authorise a home visit." in text
    rows = [[plain_text(cell) for cell in row] for row in level_table(document.blocks).rows]
    assert rows[2][1] == "Some need: <b>pipes | and # hashes</b>"
    assert all(run.link is None or not run.link.startswith("https://evil") for block in document.blocks
               for run in getattr(block, "runs", ()))


MINIMAL = """\
schema_version: 1
organisation:
  id: tiny-ap
  name: Tiny Tutoring
  kind: alternative_provision
  local_authority: Exampleshire
people:
  dsl:
    name: Pat Example
contacts:
  front_door:
    name: Exampleshire Front Door
    phone: "0116 496 0700"
  out_of_hours:
    name: Exampleshire Duty Team
    phone: "0116 496 0701"
  lado:
    email: lado@exampleshire.example
systems:
  concern_recording: paper records
review:
  last_reviewed: 2026-09-01
  next_review: 2027-09-01
"""


def test_a_minimal_profile_gets_the_defaults(tmp_path):
    folder = tmp_path / "profiles"
    folder.mkdir()
    (folder / "tiny.yaml").write_text(MINIMAL, encoding="utf-8")
    document = build(folder / "tiny.yaml")
    text = text_of(document.blocks)
    assert [label for label in ("Category 1", "Category 2", "Category 3", "Category 4") if label in text] == \
        ["Category 1", "Category 2", "Category 3"]
    assert "The DSL, Pat Example, decides when the addendum applies. If the DSL cannot be reached, the most senior member of staff available makes the decision." in text
    assert "Only the DSL (Pat Example) can authorise a home visit." in text
    assert "After 5 school days without any acknowledgement from a family, we log the family as missing on paper records under the tag CLOSURE" in text
    assert "After 10 school days without contact" in text and "Within 24 hours of that" in text
    assert "ring the front door yourself on 0116 496 0700, or the out-of-hours team on 0116 496 0701" in text
    assert "Exampleshire Front Door" in text  # every front door has a name (validation requires it)


def test_a_pandemic_is_one_cause_among_others(profiles, tmp_path):
    """The addendum is for any closure: severe weather, flood, fire, heating failure, a pandemic..."""
    from docx import Document as Docx
    from helpers import docx_text

    from generator.documents.docx_output import to_docx

    document = build(profiles / "example.yaml")
    path = tmp_path / "addendum.docx"
    path.write_bytes(to_docx(document, inputs_for(profiles / "example.yaml")).data)
    text = docx_text(Docx(str(path)))
    for cause in ("severe weather, such as heavy snow or ice;", "flooding;",
                  "fire, or a failure of the heating or water supply;",
                  "a pandemic, as with COVID-19, or another public health emergency."):
        assert cause in text, cause
