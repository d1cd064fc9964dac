"""Validation reports every mistake of a file at once, each at its line, with a fix."""

from __future__ import annotations

import textwrap

import pytest
from helpers import ROOT, run_cli

from generator.errors import ProfileInvalid
from generator.profile.load import load_profile

VALID = textwrap.dedent("""\
    schema_version: 1
    organisation:
      id: test-ap
      name: Test Centre
      kind: alternative_provision
      local_authority: Leicestershire
    people:
      dsl:
        name: Jo Example
        phone: "0116 496 0001"
        email: jo@test.example
      deputy_dsls: []
    contacts:
      front_door:
        name: Front Door
        phone: "0116 305 0005"
      out_of_hours:
        name: Duty Team
        phone: "0116 305 0005"
      lado:
        phone: "0116 305 4141"
    systems:
      concern_recording: CPOMS
    guidance:
      kcsie: 2025
      working_together: 2023
    review:
      last_reviewed: 2026-09-01
      next_review: 2027-09-01
    """)

# Ten different mistakes; the comment on each line says which error it must produce.
TEN_MISTAKES = textwrap.dedent("""\
    schema_version: 1
    organisation:
      id: Test AP                          # 1 not a slug
      name: Test Centre
      kind: alternative_provider           # 2 not allowed, did you mean
      local_authority: Leicestershire
      website: not-a-website               # 3 not a URL
    people:
      dsl:
        name: Jo Example
        phone: 01163050005                 # 4 unquoted phone
        email: jo.example@                 # 5 bad email
      deputy_dls: []                       # 6 unknown key
    contacts:
      front_door:
        name: Front Door
        phone: "0116 305 0005"
      out_of_hours:                        # 7 no way to reach
        name: Duty Team
        hours: always
      lado:
        phone: "0116 305 4141"
    systems:
      concern_recording: yes               # 8 YAML boolean in a text field
    review:
      last_reviewed: 2026-09-01
      next_review: 2026-01-01              # 9 not after last_reviewed
      owner: chair                         # 10 names a person who is not there
    """)


def write(tmp_path, text, name="profile.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(path))
    return [p for p in caught.value.problems if p.severity == "error"]


def test_a_valid_profile_loads_into_frozen_typed_objects(tmp_path):
    profile = load_profile(str(write(tmp_path, VALID))).profile
    assert profile.people.dsl.phone.display == "0116 496 0001"
    assert profile.people.dsl.phone.tel == "+441164960001"
    assert profile.contacts.police.emergency.display == "999"
    assert profile.contacts.nspcc_whistleblowing.phone.display == "0800 028 0285"
    with pytest.raises(AttributeError):
        profile.people.dsl.name = "changed"  # frozen


def test_ten_mistakes_give_ten_errors_at_their_lines(tmp_path):
    path = write(tmp_path, TEN_MISTAKES)
    found = problems(path)
    expected_lines = {n + 1: line.split("# ")[1] for n, line in enumerate(TEN_MISTAKES.splitlines()) if "  # " in line}
    assert sorted(p.line for p in found) == sorted(expected_lines), [p.format() for p in found]
    assert all(p.fix for p in found)
    by_key = {p.key: p for p in found}
    assert "did you mean alternative_provision" in by_key["organisation.kind"].message
    assert "did you mean deputy_dsls" in by_key["people.deputy_dls"].message
    assert "quotes" in by_key["people.dsl.phone"].fix and '"01163050005"' in by_key["people.dsl.phone"].fix
    assert "drops the leading 0" in by_key["people.dsl.phone"].message
    assert "true" in by_key["systems.concern_recording"].message and "quotes" in by_key["systems.concern_recording"].fix
    assert "no way to reach" in by_key["contacts.out_of_hours"].message
    assert "not after last_reviewed" in by_key["review.next_review"].message
    assert "people.chair" in by_key["review.owner"].message


def test_the_cli_prints_file_line_key_and_exits_1(tmp_path):
    path = write(tmp_path, TEN_MISTAKES)
    result = run_cli("validate", str(path))
    assert result.returncode == 1
    assert f"{path}:11: people.dsl.phone: YAML reads the unquoted 01163050005 as a number" in result.stderr
    assert "did you mean deputy_dsls?" in result.stderr
    assert "invalid (10 errors)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("change, key, words", [
    (("phone: \"0116 496 0001\"", "phone: \"07700 901234\""), "people.dsl.phone", "not a valid UK phone number"),
    (("name: Jo Example", "name:"), "people.dsl.name", "has no value"),
    (("kcsie: 2025", "kcsie: 2031"), "guidance.kcsie", "not an edition"),
    (("schema_version: 1", "schema_version: 2"), "schema_version", "not allowed"),
    (("  front_door:\n    name: Front Door\n    phone: \"0116 305 0005\"\n", ""), "contacts.front_door", "required"),
    (("last_reviewed: 2026-09-01", "last_reviewed: 1st September"), "review.last_reviewed", "not a date"),
])
def test_single_rules(tmp_path, change, key, words):
    old, new = change
    assert old in VALID
    found = problems(write(tmp_path, VALID.replace(old, new)))
    assert any(p.key == key and words in p.message for p in found), [p.format() for p in found]


def test_unknown_prompt_answer_gets_a_hint(tmp_path):
    from generator.sources.prompts import catalogue

    real = next(iter(catalogue()))
    text = VALID + f"policy:\n  answers:\n    {real}x: something\n"
    found = problems(write(tmp_path, text))
    assert any(p.key == f"policy.answers.{real}x" and f"did you mean {real}?" in p.message for p in found)


def test_warnings_for_old_guidance_and_unverified_contacts_and_strict(tmp_path):
    text = VALID.replace("kcsie: 2025", "kcsie: 2023").replace("  lado:\n", "  lado:\n    verified: 2024-01-01\n")
    path = write(tmp_path, text)
    result = load_profile(str(path))
    messages = [w.message for w in result.warnings]
    assert any("2026 edition is in force" in m for m in messages)  # KCSIE 2026 is in force on the pinned day
    assert any("over 12 months ago" in m for m in messages)
    assert run_cli("validate", str(path)).returncode == 0
    strict = run_cli("validate", "--strict", str(path))
    assert strict.returncode == 1 and "--strict" in strict.stderr


def test_the_examples_are_valid():
    result = run_cli("validate", str(ROOT / "profiles/example.yaml"), str(ROOT / "profiles/riverside-school.yaml"))
    assert result.returncode == 0, result.stderr
    assert "valid (Oakfield Learning Centre)" in result.stdout


def test_the_schema_has_no_normalisation_rules():
    """validate() skips Cerberus' normalisation (it copies and re-checks the
    whole schema per document); a default or coercion added to the schema
    would then silently not apply, so none may be."""
    from generator.profile.schema import SCHEMA

    normalising = {"default", "default_setter", "coerce", "rename", "rename_handler", "purge_unknown",
                   "purge_readonly"}

    def rules(node, path=()):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in normalising:
                    yield ".".join(map(str, path + (key,)))
                yield from rules(value, path + (key,))
        elif isinstance(node, (list, tuple)):
            for index, value in enumerate(node):
                yield from rules(value, path + (index,))

    assert list(rules(SCHEMA)) == []
