"""`review.owner` names one person, and every output says the same one.

With `owner: deputy_dsls` the policy, `review status` and `review record`
all name the first deputy (they once disagreed: policy deputy, tracker DSL).
"""

from __future__ import annotations

import json

import docx
from helpers import docx_text, profile_variant, run_cli


def test_review_owner_is_the_same_person_in_policy_status_and_history(tmp_path):
    profile = profile_variant(tmp_path, {"review.owner": "deputy_dsls"})
    env = {"POLICYPACK_TODAY": "2026-11-23", "HOME": str(tmp_path), "POLICYPACK_REVIEW_DB": str(tmp_path / "r.sqlite3")}
    out = tmp_path / "out"
    built = run_cli("build", str(profile), "-o", str(out), "--no-handbook", env=env)
    assert built.returncode == 0, built.stderr

    policy = docx_text(docx.Document(out / "oakfield-ap" / "safeguarding-policy.docx"))
    assert "Responsible for the review: Sam Sample" in policy

    status = run_cli("review", "status", str(profile), "--json", env=env)
    assert [row["owner"] for row in json.loads(status.stdout)["organisations"]] == ["Sam Sample"]

    recorded = run_cli("review", "record", str(profile), "--on", "2026-11-20", "--approved-by", "Local Board",
                       "--out", str(out), env=env)
    assert recorded.returncode == 0, recorded.stderr
    history = run_cli("review", "history", str(profile), "--json", env=env)
    assert [entry["reviewed_by"] for entry in json.loads(history.stdout)["reviews"]] == ["Sam Sample"]
