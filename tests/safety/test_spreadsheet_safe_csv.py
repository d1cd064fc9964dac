"""Issue 13 pt 6: every CSV policypack writes is safe to open in a spreadsheet (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

import pytest
from helpers import profile_variant, run_cli

from generator.review.csvcells import FORMULA_STARTS, csv_text, neutralise


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_every_formula_start_is_neutralised(start):
    assert neutralise(f"{start}HYPERLINK(\"http://evil.example\")") == f"'{start}HYPERLINK(\"http://evil.example\")"


def test_plain_text_and_numbers_are_left_alone():
    assert neutralise("Oakfield AP") == "Oakfield AP" and neutralise(-3) == -3 and neutralise(None) is None
    rows = list(csv.reader(io.StringIO(csv_text([{"a": "=1+1", "b": -3}], ["a", "b"]))))
    assert rows == [["a", "b"], ["'=1+1", "-3"]]


def test_review_status_csv_neutralises_profile_text(tmp_path):
    formula = '=HYPERLINK("http://evil.example","click")'
    path = profile_variant(tmp_path, {"organisation.name": formula, "review.approved_by": "@SUM(1+1)*cmd|' /C calc'!A0"})
    result = run_cli("review", "status", str(path), "--csv", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    [row] = [r for r in rows if r["profile"].endswith(path.name)]
    assert row["name"] == "'" + formula
    assert row["approved_by"].startswith("'@")
    for cells in rows:
        for value in cells.values():
            assert not (value or "").startswith(("=", "+", "@", "\t", "\r"))
