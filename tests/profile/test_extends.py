"""Shared local-authority profiles: inherited, overridden, confined, blamed correctly."""

from __future__ import annotations

import os

import pytest

from generator.errors import ProfileInvalid
from generator.profile.load import load_profile


def test_the_example_inherits_the_la_contacts(profiles_copy):
    profile = load_profile(str(profiles_copy / "example.yaml")).profile
    assert profile.contacts.lado.phone.display == "0116 305 4141"
    assert profile.contacts.front_door.referral_form == "MARF"
    assert profile.organisation.local_authority == "Leicestershire"
    assert profile.organisation.name == "Oakfield Learning Centre"


def test_the_setting_wins_over_the_la(profiles_copy):
    example = profiles_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace(
        "contacts:\n  others:", 'contacts:\n  lado:\n    phone: "0116 496 0777"\n  others:'), encoding="utf-8")
    profile = load_profile(str(example)).profile
    assert profile.contacts.lado.phone.display == "0116 496 0777"
    assert profile.contacts.lado.email == "CFS-LADO@leics.gov.uk"  # deep merge keeps the LA's other values


def test_an_error_in_the_la_file_points_at_the_la_file(profiles_copy):
    la = profiles_copy / "la" / "leicestershire.yaml"
    la.write_text(la.read_text(encoding="utf-8").replace('phone: "0116 305 4141"', "phone: 01163054141"), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(profiles_copy / "example.yaml"))
    problem = caught.value.problems[0]
    assert problem.file.endswith("la/leicestershire.yaml")
    assert la.read_text(encoding="utf-8").splitlines()[problem.line - 1].strip() == "phone: 01163054141"
    assert problem.key == "contacts.lado.phone"


@pytest.mark.parametrize("target, words", [
    ("../../etc/passwd", "outside the profiles folder"),
    ("la/missing.yaml", "does not exist"),
    ("example.yaml", "loop"),
])
def test_bad_extends_is_refused(profiles_copy, target, words):
    example = profiles_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("extends: la/leicestershire.yaml", f"extends: {target}"), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(example))
    assert words in caught.value.problems[0].message
    assert caught.value.problems[0].key == "extends"


def test_a_symlink_out_of_the_profiles_folder_is_refused(profiles_copy, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text((profiles_copy / "la" / "leicestershire.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, profiles_copy / "la" / "sneaky.yaml")
    example = profiles_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("la/leicestershire.yaml", "la/sneaky.yaml"), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(example))
    assert "outside the profiles folder" in caught.value.problems[0].message


def test_a_logo_outside_the_profiles_folder_is_refused(profiles_copy):
    example = profiles_copy / "example.yaml"
    example.write_text(example.read_text(encoding="utf-8").replace("  website:", "  logo: ../../secret.png\n  website:"), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(example))
    assert caught.value.problems[0].key == "organisation.logo"
