"""The tracker's terminal tables (rich) and CSV, built here so that the CLI
only parses options and prints.

Every cell that can hold profile text is a ``rich.text.Text``, so that text
such as ``[b]`` is printed as written, never read as rich markup.  Columns
wrap (``overflow="fold"``) instead of being cut at the terminal's width.
"""

from __future__ import annotations

import datetime as dt

from rich import box
from rich.table import Table
from rich.text import Text

from generator.review.status import StatusRow
from generator.review.wording import longdate, phrase
from generator.store.reviews import ReviewEntry

STATE_STYLES = {"overdue": "bold red", "due soon": "yellow", "never recorded": "cyan", "invalid": "magenta"}
CSV_FIELDS = ["organisation_id", "name", "profile", "state", "last_reviewed", "next_review", "days_left",
              "approved_by", "owner", "last_recorded", "reviews_recorded"]
_DATES = ("state", "last_reviewed", "next_review", "days_left")  # short cells: never broken


def status_table(rows: list[StatusRow], today: dt.date, width: int) -> Table:
    """``review status``: one row per profile; more columns on a wider terminal."""
    columns = phrase("report.columns")
    states = phrase("states")
    keys = ["setting", "state", "next_review", "days_left"]
    if width >= 100:
        keys.insert(2, "last_reviewed")
    if width >= 120:
        keys += ["approved_by", "owner"]
    table = Table(title=f"{phrase('report.title')} ({longdate(today)})", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for key in keys:
        table.add_column(columns[key], justify="right" if key == "days_left" else "left",
                         no_wrap=key in _DATES, overflow="fold")
    for row in rows:
        cells = {
            "setting": Text(row.name or row.path),
            "state": Text(states[row.state.value], style=STATE_STYLES.get(row.state.value, "")),
            "last_reviewed": row.last_reviewed.isoformat() if row.last_reviewed else "",
            "next_review": row.next_review.isoformat() if row.next_review else "",
            "days_left": "" if row.days_left is None else str(row.days_left),
            "approved_by": Text(row.approved_by or ""),
            "owner": Text(row.owner or ""),
        }
        table.add_row(*(cells[key] for key in keys))
    return table


def status_csv(rows: list[StatusRow]) -> str:
    """Spreadsheet-safe CSV (formula cells neutralised: see csvcells)."""
    from generator.review.csvcells import csv_text

    return csv_text((row.as_json() for row in rows), CSV_FIELDS)


def history_note(entry: ReviewEntry) -> str:
    """What the history says about an entry besides its dates: no build, or
    an approval given while policy questions were unanswered."""
    words = phrase("history")
    notes = []
    if not entry.build_found:
        notes.append(words["no_build"])
    if entry.prompts_unanswered:
        notes.append(words["unanswered"].format(count=entry.prompts_unanswered,
                                                s="" if entry.prompts_unanswered == 1 else "s"))
    if entry.note:
        notes.append(entry.note)
    return "; ".join(notes)


def history_table(organisation_name: str, entries: list[ReviewEntry], width: int) -> Table:
    """``review history``: every entry, oldest first.  Long cells wrap inside
    ruled cells; below 100 columns the "recorded" column is left to --json."""
    words = phrase("history")
    table = Table(title=Text(words["title"].format(organisation=organisation_name)), title_justify="left",
                  box=box.SQUARE)
    keys = ["reviewed_on", "approved_by", "minute", "next_review", "documents", "notes"]
    if width >= 100:
        keys.append("recorded")
    for key in keys:
        header = words["columns"][key]
        short = key in ("reviewed_on", "next_review", "documents")  # dates and counts: never broken
        table.add_column(header, no_wrap=short, overflow="fold")
    for entry in entries:
        documents = str(len(entry.documents)) if entry.build_found else "-"
        when = entry.recorded_at[:16].replace("T", " ")  # to the minute; --json has it all
        recorded = f"{when} {entry.recorded_by or ''}".strip()
        cells = [entry.reviewed_on.isoformat(), Text(entry.approved_by), Text(entry.minute_ref or ""),
                 entry.next_review.isoformat(), documents, Text(history_note(entry)), Text(recorded)]
        table.add_row(*cells[:len(keys)])
    return table


def problem_lines(rows: list[StatusRow]) -> list[str]:
    """The load problems of each row, for stderr."""
    lines = []
    for row in rows:
        if row.problems:
            lines.append(f"\n{row.path}:")
            lines += [f"  {problem}" for problem in row.problems]
    return lines
