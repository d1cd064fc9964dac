"""The foundation's commands: new, schema, check, help."""

from __future__ import annotations

import json

import jsonschema
import yaml
from helpers import ROOT, run_cli

from generator.profile.inherit import load_with_parents
from generator.profile.schema_export import json_schema, markdown_reference


def _json_view(data):
    # What an editor's YAML plugin sees: unquoted dates are strings.
    return json.loads(json.dumps(data, default=str))


def test_json_schema_validates_the_examples_as_files_and_merged():
    schema = json.loads(run_cli("schema", "--format", "json-schema").stdout)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for name in ("example.yaml", "riverside-school.yaml"):
        path = ROOT / "profiles" / name
        assert not list(validator.iter_errors(_json_view(yaml.safe_load(path.read_text(encoding="utf-8")))))
        assert not list(validator.iter_errors(_json_view(load_with_parents(str(path)).data)))


def test_json_schema_catches_a_typo_like_the_validator():
    validator = jsonschema.Draft202012Validator(json_schema())
    data = _json_view(load_with_parents(str(ROOT / "profiles/example.yaml")).data)
    data["people"]["deputy_dls"] = data["people"].pop("deputy_dsls")
    assert any("deputy_dls" in e.message for e in validator.iter_errors(data))


def test_the_profile_docs_are_generated_from_the_schema():
    assert (ROOT / "docs/profile.md").read_text(encoding="utf-8") == markdown_reference(), "run: policypack schema --format markdown -o docs/profile.md"


def test_new_writes_a_starter_whose_placeholders_fail_validation_with_their_lines(tmp_path):
    target = tmp_path / "profiles" / "mine.yaml"
    result = run_cli("new", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "REPLACE" in text and "# " in text
    checked = run_cli("validate", str(target))
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    lines = text.splitlines()
    reported = [line for line in checked.stderr.splitlines() if "placeholder" in line]
    assert len(reported) == sum("REPLACE" in line and not line.lstrip().startswith("#") for line in lines) == 11
    for line in reported:  # each names its line, which holds the placeholder
        number = int(line.split(":")[1])
        assert "REPLACE" in lines[number - 1], line
    assert "people.dsl.phone: still holds the starter's placeholder 'REPLACE 0116 496 0001'" in checked.stderr
    again = run_cli("new", str(target))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_new_interactive_escapes_what_is_typed(tmp_path):
    target = tmp_path / "mine.yaml"
    typed = 'Smith & "Jones": {{ 7*7 }}\n' + "\n" * 20
    result = run_cli("new", "-i", str(target), input=typed)
    assert result.returncode == 0, result.stderr
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["organisation"]["name"] == 'Smith & "Jones": {{ 7*7 }}'
    checked = run_cli("validate", str(target))  # the questions left at their placeholders
    assert "organisation.name" not in checked.stderr and "people.dsl.name: still holds" in checked.stderr


def test_every_command_has_help_with_examples():
    top = run_cli("--help")
    assert top.returncode == 0
    for command in ("validate", "check", "new", "schema", "build"):
        assert command in top.stdout
        text = run_cli(command, "--help").stdout
        assert "Example" in text, command


def test_check_lists_unanswered_prompts_and_exits_1(profiles_copy):
    from generator.sources.prompts import catalogue

    example = profiles_copy / "example.yaml"
    assert run_cli("check", str(example)).returncode == 0
    prompts = catalogue(kind="alternative_provision")  # the example is an AP: its wording
    first = next(iter(prompts.values()))
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    del data["policy"]["answers"][first.id]
    example.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run_cli("check", str(example))
    assert result.returncode == 1
    assert first.id in result.stdout and first.question in result.stdout and first.section in result.stdout
    assert "1 prompt(s)" in result.stdout
