"""Issue 17, point 4: `history` wraps at 80 columns instead of cutting;
`report` opens with the summary table, then the details."""

from __future__ import annotations

import datetime as dt

from click.testing import CliRunner

from generator.cli.review import review
from generator.documents.policy import missing_prompts
from generator.review.record import load, record_review

BODY = "The Management Committee of the Brookside Learning Centre Trust"
MINUTE = "MC/2026/02/item-7b-safeguarding"


def test_history_wraps_long_cells_at_80_columns(setting, tmp_path, today, monkeypatch):
    db = tmp_path / "h.sqlite"
    record_review(setting, without_pack=True, on=dt.date(2026, 2, 10), approved_by=BODY, minute=MINUTE,
                  note="Agreed after the LA audit", db=db, today=today)
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(review, ["history", str(setting), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "\u2026" not in result.output  # nothing cut with an ellipsis
    header, row = _cells(lines)
    assert [c.replace(" ", "") for c in header] == ["Reviewedon", "Approvedby", "Minute", "Nextreview",
                                                    "Documents", "Notes"]
    # Each cell, read down its column, holds every character of the value.
    assert [c.replace(" ", "") for c in row] == [
        "2026-02-10", BODY.replace(" ", ""), MINUTE, "2027-02-10", "-",
        "nodocumentsrecorded;AgreedaftertheLAaudit"]


def _cells(lines: list[str]) -> list[list[str]]:
    """The header and the first row of a ruled rich table, each cell's lines joined."""
    rows, current = [], None
    for line in lines:
        if line.startswith("\u2502"):  # a line of cells
            parts = [p.strip() for p in line.strip("\u2502").split("\u2502")]
            current = parts if current is None else [a + " " + b for a, b in zip(current, parts)]
        elif current is not None:  # a rule ends the row
            rows.append(current)
            current = None
    return rows[:2]


def test_report_opens_with_the_summary_table_then_the_details(setting, tmp_path, today):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(review, ["report", str(setting.parent), "-o", str(out), "--today",
                                         today.isoformat()])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    headers = ["Setting", "Review", "Next review", "Days left", "Unanswered prompts", "Stale contacts"]
    positions = [page.index(f"<th scope=\"col\">{h}</th>") for h in headers]
    assert positions == sorted(positions)
    unanswered = missing_prompts(load(setting, today))
    assert len(unanswered) > 3  # the fixture answers one prompt only
    row = page[page.index("<tbody>"):page.index("</tbody>")]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    assert cells == ["never recorded", "1 September 2026", "183", str(len(unanswered)), "2"]
    # The prompts themselves come after the table, under the details.
    assert page.index("</table>") < page.index("Details") < page.index(unanswered[0].question.split()[0] + " ")
