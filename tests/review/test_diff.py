"""Plain-word differences between two snapshots."""

import copy
import json

from generator.profile.load import load_profile
from generator.review.diff import describe
from generator.review.snapshot import normalise


def snapshot(path, today):
    return normalise(load_profile(str(path), today=today, check_prompts=False).profile)


def test_snapshot_is_json_without_machine_paths(setting, today):
    data = snapshot(setting, today)
    assert json.loads(json.dumps(data)) == data
    assert "source" not in data and "template_dirs" not in data
    assert data["people"]["dsl"] == {"name": "Jo Example", "job_title": "Centre Manager",
                                     "phone": "0116 496 0001", "email": None, "private": False}
    assert data["review"]["last_reviewed"] == "2025-09-01"
    assert data["answers"] == {"attendance": "We ring home by 10am on the first day."}
    assert data["contacts"]["lado"]["phone"] == "0116 496 0502"  # inherited from the LA file
    assert set(data["tool"]) == {"version", "templates"}


def test_an_unchanged_profile_has_no_differences(setting, today):
    assert describe(snapshot(setting, today), snapshot(setting, today)) == []


def test_every_kind_of_change_in_plain_words(setting, today):
    old = snapshot(setting, today)
    new = copy.deepcopy(old)
    new["people"]["chair"] = {"name": "Pat Placeholder", "job_title": None, "phone": None, "email": None,
                              "private": False}
    new["people"]["dsl"]["phone"] = "0116 496 0009"
    new["people"]["dsl"]["email"] = "dsl@brookside.example"
    new["people"]["deputy_dsls"][0]["phone"] = "0116 496 0999"  # private: not quoted
    new["contacts"]["consultation_line"] = {"name": "DSL advice line", "phone": "0116 496 0777"}
    new["contacts"]["lado"]["hours"] = "Monday to Friday " * 10
    new["contacts"]["front_door"]["verified"] = "2026-02-01"
    new["contacts"]["others"] = [{"name": "Youth service", "phone": "0116 496 0333"}]
    new["guidance"]["working_together"] = 2026
    new["answers"] = {"online-safety": "We filter with a fictional product."}
    new["organisation"]["name"] = "Brookside Centre"
    new["closure"]["missing_after_school_days"] = 3
    new["closure"]["duty_rota"] = False
    new["review"]["approved_by"] = "Trustees"
    new["tool"] = {"version": "0.2.0", "templates": "ffff"}
    old["tool"] = {"version": "0.1.0", "templates": "0000"}
    assert describe(old, new) == [
        "The DSL's phone changed from 0116 496 0001 to 0116 496 0009.",
        "The DSL's email added: dsl@brookside.example.",
        "Chair added: Pat Placeholder.",
        "Deputy DSL Sam Sample's phone changed (a private detail, not shown here).",
        "Children's social care front door date last checked changed from 15 August 2025 to 1 February 2026.",
        "LADO opening hours changed.",
        "Consultation line added: DSL advice line.",
        "Local contact added: Youth service.",
        "The edition of Working Together to Safeguard Children cited changed from 2023 to 2026.",
        "Answer to prompt attendance removed.",
        "Answer to prompt online-safety added.",
        "Organisation name changed from Brookside Learning Centre to Brookside Centre.",
        "Review approving body changed from Local Board to Trustees.",
        "Closure addendum missing after school days changed from 5 to 3.",
        "Closure addendum duty rota changed from yes to no.",
        "The policypack version changed from 0.1.0 to 0.2.0.",
        "The document templates changed since that review, so the wording of the documents may differ.",
    ]


def test_people_and_contacts_removed(setting, today):
    old = snapshot(setting, today)
    new = copy.deepcopy(old)
    new["people"]["deputy_dsls"] = []
    new["contacts"]["partnership"] = None
    new["people"]["dsl"]["job_title"] = None
    assert describe(old, new) == [
        "The DSL's job title removed (it was Centre Manager).",
        "Deputy DSL removed: Sam Sample.",
        "Safeguarding partnership removed: Exampleshire Safeguarding Children Partnership.",
    ]
