"""Issue 15's fixes for everyone who edits profiles: validate takes folders
and LA files, `new -i` checks each answer as typed, drama mobiles pass."""

from __future__ import annotations

import yaml
from helpers import profile_variant, run_cli

from generator.profile.phones import parse_phone


def test_validate_takes_a_folder_of_profiles_and_skips_la_files(profiles_copy):
    result = run_cli("validate", str(profiles_copy))
    assert result.returncode == 0, result.stderr
    assert "example.yaml: valid (Oakfield" in result.stdout and "riverside-school.yaml: valid" in result.stdout
    assert "leicestershire" not in result.stdout  # a parent file is not a setting of the folder


def test_a_folder_with_one_bad_profile_fails_and_names_it(tmp_path):
    bad = profile_variant(tmp_path, {"people.dsl.phone": "0116 123"}, name="bad.yaml")
    result = run_cli("validate", str(bad.parent))
    assert result.returncode == 1
    assert f"{bad}:" in result.stderr and "people.dsl.phone: '0116 123' is not a valid UK phone number" in result.stderr


def test_an_la_file_on_its_own_is_checked_as_a_partial_profile(profiles_copy):
    la = profiles_copy / "la" / "leicestershire.yaml"
    good = run_cli("validate", str(la))
    assert good.returncode == 0 and "valid shared profile" in good.stdout, good.stderr
    la.write_text(la.read_text(encoding="utf-8").replace('"0116 305 4141"', '"0116 305"'), encoding="utf-8")
    bad = run_cli("validate", str(la))
    assert bad.returncode == 1
    assert "contacts.lado.phone: '0116 305' is not a valid UK phone number" in bad.stderr
    assert "is required" not in bad.stderr  # organisation.id, people...: left to the settings


def test_ofcom_drama_mobiles_are_accepted_with_a_notice(tmp_path):
    assert parse_phone("07700 900123").display == "07700 900123"
    assert parse_phone("+44 7700 900999").tel == "+447700900999"
    profile = profile_variant(tmp_path, {"people.dsl.phone": "07700 900461"})
    result = run_cli("validate", str(profile))
    assert result.returncode == 0, result.stderr
    assert "warning: people.dsl.phone: '07700 900461' is in Ofcom's drama range" in result.stderr
    assert "fictional" in result.stderr
    outside = run_cli("validate", str(profile_variant(tmp_path, {"people.dsl.phone": "07700 901000"})))
    assert outside.returncode == 1


def test_new_interactive_asks_again_after_a_bad_answer_and_keeps_the_others(tmp_path):
    target = tmp_path / "profiles" / "mine.yaml"
    typed = "Oak Centre\nschol\nschool\nLeicestershire\nJo Example\n\n0116 123\n0116 496 0123\n" + "\n" * 20
    result = run_cli("new", "-i", str(target), input=typed)
    assert result.returncode == 0, result.stderr
    assert "'schol' is not allowed; did you mean school?" in result.stdout
    assert "'0116 123' is not a valid UK phone number" in result.stdout
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["organisation"]["name"] == "Oak Centre" and data["organisation"]["kind"] == "school"
    assert data["people"]["dsl"]["phone"] == "0116 496 0123"


def test_new_interactive_keeps_what_was_typed_when_stopped_part_way(tmp_path):
    target = tmp_path / "profiles" / "mine.yaml"
    result = run_cli("new", "-i", str(target), input="Oak Centre\nschool\n")  # input ends: like Ctrl+D
    assert result.returncode == 1 and "Traceback" not in result.stderr
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["organisation"]["name"] == "Oak Centre" and data["organisation"]["kind"] == "school"


def test_new_asks_nothing_when_the_file_exists(tmp_path):
    target = tmp_path / "mine.yaml"
    target.write_text("keep me", encoding="utf-8")
    result = run_cli("new", "-i", str(target), input="Oak\n")
    assert result.returncode == 1 and "already exists" in result.stderr and "Organisation name" not in result.stdout
    assert target.read_text(encoding="utf-8") == "keep me"
