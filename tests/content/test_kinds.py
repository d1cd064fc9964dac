"""Issue 14, point 4: a school gets a school's policy; every kind builds."""

from __future__ import annotations

import re

import pytest

from generator.profile.schema import KINDS
from helpers import run_cli

AP_ONLY = re.compile(r"(?i)\blearners?\b|on-roll|commissioner|centre manager")


def test_the_school_policy_speaks_of_pupils_and_governors_only(school):
    found = [s for s in school.sentences() if AP_ONLY.search(re.sub(r"\(prompt [a-z-]+\)", "", s))]
    assert not found, found[:5]
    assert school.text.count("pupil") > 100 and "governing body" in school.text


def test_the_ap_policy_keeps_its_own_words(ap):
    assert "on-roll school" in ap.text and "management committee" in ap.text and ap.text.count("learner") > 100


def test_check_on_a_school_lists_no_ap_only_prompt(packs):
    result = run_cli("check", str(packs.profiles / "riverside-school.yaml"), env={"POLICYPACK_TODAY": "2026-11-23"})
    assert result.returncode == 1 and "prompt(s) to answer" in result.stdout
    assert not AP_ONLY.search(re.sub(r"^  [a-z-]+  ", "", result.stdout, flags=re.M).replace("acceptable-use-learners", ""))


EARLY_YEARS_ANSWER = "We have no children in the early years foundation stage."


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_builds_complete(packs, kind):
    folder, report = packs.build(packs.variant(f"kind-{kind.replace('_', '-')}", {
        "organisation.kind": kind, "policy.answers.early-years-arrangements": EARLY_YEARS_ANSWER}))
    import json
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert {d["status"] for d in manifest["documents"]} == {"complete"}, manifest["documents"]
    from helpers import docx_text
    text = docx_text((folder / "safeguarding-policy.docx").read_bytes())
    words = {"school": "pupils", "academy_trust": "pupils", "college": "students", "early_years": "children",
             "alternative_provision": "learners", "partnership": "learners"}[kind]
    assert f"Listening to {words}" in text
    assert ("Children in the early years" in text) is (kind in ("school", "academy_trust", "early_years"))


def test_an_answer_to_a_prompt_of_other_kinds_is_a_warning(packs):
    from generator.profile.load import load_profile

    result = load_profile(str(packs.variant("ap-with-eyfs-answer",
                                            {"policy.answers.early-years-arrangements": EARLY_YEARS_ANSWER})))
    warning = next(w for w in result.warnings if w.key == "policy.answers.early-years-arrangements")
    assert "asked only of school, academy_trust, early_years, not of alternative_provision" in warning.message
