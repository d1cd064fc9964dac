"""Free-text answers keep a single source: tokens such as [dsl.phone] print
the profile's value; typed-out details are flagged; private ones refused."""

from __future__ import annotations

import docx
import yaml
from helpers import ROOT, docx_text, profile_variant, run_cli

ENV = {"POLICYPACK_TODAY": "2026-11-23"}


def _answers(**changes):
    answers = yaml.safe_load((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))["policy"]["answers"]
    return {**answers, **changes}


def test_a_token_prints_the_current_value_in_the_built_policy(tmp_path):
    answers = _answers(**{"dsl-availability": "Ring [dsl] on [dsl.phone], or the front door on [front_door.phone]. "
                                              "Record it on [concern_recording]."})
    profile = profile_variant(tmp_path, {"policy.answers": answers, "people.dsl.phone": "0116 496 0999"})
    built = run_cli("build", str(profile), "-o", str(tmp_path / "out"), "--no-handbook", env={**ENV, "HOME": str(tmp_path)})
    assert built.returncode == 0, built.stderr
    text = docx_text(docx.Document(tmp_path / "out" / "oakfield-ap" / "safeguarding-policy.docx"))
    assert "Ring Jo Example on 0116 496 0999, or the front door on 0116 305 0005. Record it on CPOMS." in text
    assert "[dsl" not in text


def test_a_token_value_is_data_never_template_or_markup(tmp_path):
    answers = _answers(**{"dsl-availability": "Ask [dsl]."})
    profile = profile_variant(tmp_path, {"policy.answers": answers, "people.dsl.name": "Jo *{{ 7*7 }}* [lado]"})
    built = run_cli("build", str(profile), "-o", str(tmp_path / "out"), "--no-handbook", env={**ENV, "HOME": str(tmp_path)})
    assert built.returncode == 0, built.stderr
    text = docx_text(docx.Document(tmp_path / "out" / "oakfield-ap" / "safeguarding-policy.docx"))
    assert "Ask Jo *{{ 7*7 }}* [lado]." in text


def _validate(tmp_path, answer, **changes):
    profile = profile_variant(tmp_path, {"policy.answers": _answers(**{"dsl-availability": answer}), **changes})
    return profile, run_cli("validate", str(profile), env=ENV)


def test_an_unknown_token_is_an_error_with_its_line_and_a_hint(tmp_path):
    profile, result = _validate(tmp_path, "Ring [dls.phone].")
    assert result.returncode == 1
    assert f"{profile}:" in result.stderr and "policy.answers.dsl-availability" in result.stderr
    assert "[dls.phone] is not a token policypack knows" in result.stderr and "did you mean [dsl.phone]?" in result.stderr


def test_a_token_for_a_private_number_is_an_error_for_the_published_policy(tmp_path):
    _, result = _validate(tmp_path, "Ring [dsl.phone].", **{"people.dsl.private": True})
    assert result.returncode == 1
    assert "[dsl.phone] would print a private phone in the published policy" in result.stderr


def test_a_private_number_typed_out_is_an_error(tmp_path):
    _, result = _validate(tmp_path, "Or ring Sam on 0116 496 0123 at home.")
    assert result.returncode == 1
    assert "'0116 496 0123' is a private number or email: the published policy would print it" in result.stderr


def test_a_typed_out_profile_number_gets_a_warning_naming_the_token(tmp_path):
    _, result = _validate(tmp_path, "Ring 0116 496 0001 or email lado: CFS-LADO@leics.gov.uk.")
    assert result.returncode == 0, result.stderr
    assert "write [dsl.phone] so it stays in step with the profile" in result.stderr
    assert "write [lado.email] so it stays in step with the profile" in result.stderr


def test_check_lists_the_tokens_the_answers_use(tmp_path):
    profile, _ = _validate(tmp_path, "Ring [dsl] on [dsl.phone].")
    result = run_cli("check", str(profile), env=ENV)
    assert "[dsl.phone]  in dsl-availability" in result.stdout


def test_an_answer_naming_a_former_role_holder_is_flagged_after_a_review(tmp_path):
    env = {**ENV, "HOME": str(tmp_path), "POLICYPACK_REVIEW_DB": str(tmp_path / "reviews.sqlite3")}
    answers = _answers(**{"dsl-availability": "Jo Example carries the duty phone."})
    profile = profile_variant(tmp_path, {"policy.answers": answers})
    assert run_cli("build", str(profile), "-o", str(tmp_path / "out"), "--no-handbook", env=env).returncode == 0
    recorded = run_cli("review", "record", str(profile), "--on", "2026-11-20", "--approved-by", "Local Board",
                       "--out", str(tmp_path / "out"), env=env)
    assert recorded.returncode == 0, recorded.stderr
    text = profile.read_text(encoding="utf-8").replace("name: Jo Example", "name: Kim Newlead")
    profile.write_text(text, encoding="utf-8")
    result = run_cli("check", str(profile), env=env)
    assert ("policy.answers.dsl-availability still names Jo Example, who was dsl at the last recorded review "
            "(now Kim Newlead); use [dsl]") in result.stderr
