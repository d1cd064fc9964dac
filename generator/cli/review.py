"""``policypack review ...``: the review tracker's commands.

Registered in ``generator/cli/main.py``.  Each command parses options, calls one core
function in ``generator.review`` and prints; heavy modules are imported
inside the commands so that ``--help`` stays fast.  Errors are reported by
``GuardedGroup`` (``generator/cli/errors.py``), as for every command.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from generator.cli.errors import CONTEXT, GuardedGroup

STATUS_OVERDUE = 3  # also `verify`: the pack differs from the approved one
DEFAULT_WITHIN = 60
SORT_KEYS = ("state", "next-review", "last-reviewed", "days-left", "name", "id")


def _date(ctx, param, value):
    if value is None:
        return None
    from generator.profile.schema import EARLIEST_DATE, LATEST_DATE

    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-09-01") from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:  # a year later would overflow (9999-12-31)
        raise click.BadParameter(f"{value} is out of range: give a date from {EARLIEST_DATE} to {LATEST_DATE}")
    return day


def _today(value: dt.date | None) -> dt.date:
    if value is not None:
        return value
    from generator.review.dates import default_today

    return default_today()


def _console():
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="POLICYPACK_REVIEW_DB",
    help="The review history database. Default: reviews.sqlite3 beside each profile "
    "(or $POLICYPACK_REVIEW_DB).",
)
today_option = click.option(
    "--today", callback=_date, metavar="YYYY-MM-DD", help="Count days from this date instead of today."
)
paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _paths(paths: tuple[Path, ...]) -> tuple[Path, ...]:
    return paths or (Path("profiles"),)


@click.group(cls=GuardedGroup, context_settings=CONTEXT)
def review() -> None:
    """Keep the annual review-and-approval cycle, with evidence."""


@review.command()
@paths_argument
@click.option("--within", type=click.IntRange(min=0), default=DEFAULT_WITHIN, show_default=True,
              help='Days before the next review that count as "due soon".')
@click.option("--sort", "sort_key", type=click.Choice(SORT_KEYS), default="state", show_default=True,
              help="Sort the rows by this column.")
@click.option("--reverse", is_flag=True, help="Reverse the sort order.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
@db_option
@today_option
def status(paths, within, sort_key, reverse, as_json, as_csv, db, today):
    """Review state of every profile in PATHS (files or folders; default profiles/).

    Exit code 0 when nothing is overdue, 3 when something is overdue, 1 when
    a profile cannot be read (and nothing is overdue).
    """
    from generator.review.status import exit_code, sort_rows, status_rows

    if as_json and as_csv:
        raise click.UsageError("choose one of --json and --csv")
    today = _today(today)
    rows = sort_rows(status_rows(_paths(paths), today=today, within=within, db=db), sort_key, reverse)
    if as_json:
        import json

        click.echo(json.dumps(
            {"today": today.isoformat(), "within_days": within, "organisations": [r.as_json() for r in rows]},
            indent=2, ensure_ascii=False,
        ))
    elif as_csv:
        _print_csv(rows)
    else:
        _print_status_table(rows, today)
    sys.exit(exit_code(rows))


def _print_csv(rows) -> None:
    import csv
    import io

    buffer = io.StringIO()
    fields = ["organisation_id", "name", "profile", "state", "last_reviewed", "next_review", "days_left",
              "approved_by", "owner", "last_recorded", "reviews_recorded"]
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row.as_json())
    click.echo(buffer.getvalue(), nl=False)


def _print_status_table(rows, today: dt.date) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from generator.review.wording import longdate, phrase

    console = _console()
    columns = phrase("report.columns")
    states = phrase("states")
    styles = {"overdue": "bold red", "due soon": "yellow", "never recorded": "cyan", "invalid": "magenta"}
    keys = ["setting", "state", "next_review", "days_left"]  # the rest only when the terminal is wide enough
    if console.width >= 100:
        keys.insert(2, "last_reviewed")
    if console.width >= 120:
        keys += ["approved_by", "owner"]
    table = Table(title=f"{phrase('report.title')} ({longdate(today)})", title_justify="left",
                  box=box.SIMPLE_HEAD, pad_edge=False)
    for key in keys:
        table.add_column(columns[key], justify="right" if key == "days_left" else "left",
                         no_wrap=key in ("state", "last_reviewed", "next_review", "days_left"))
    for row in rows:
        cells = {  # Text(): profile text is never read as rich markup
            "setting": Text(row.name or row.path),
            "state": Text(states[row.state.value], style=styles.get(row.state.value, "")),
            "last_reviewed": row.last_reviewed.isoformat() if row.last_reviewed else "",
            "next_review": row.next_review.isoformat() if row.next_review else "",
            "days_left": "" if row.days_left is None else str(row.days_left),
            "approved_by": Text(row.approved_by or ""),
            "owner": Text(row.owner or ""),
        }
        table.add_row(*(cells[key] for key in keys))
    console.print(table)
    for row in rows:
        if row.problems:
            click.echo(f"\n{row.path}:", err=True)
            for problem in row.problems:
                click.echo(f"  {problem}", err=True)


@review.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--on", "on", callback=_date, required=True, metavar="YYYY-MM-DD",
              help="The date the review was approved.")
@click.option("--approved-by", required=True, help='The approving body, e.g. "Local Board".')
@click.option("--minute", help="The minute reference of the approval.")
@click.option("--note", help="A short note kept with the entry.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build folder whose manifest lists the approved documents.")
@db_option
@today_option
def record(profile, on, approved_by, minute, note, out, db, today):
    """Record an approved review of PROFILE.

    Updates review.last_reviewed and review.next_review in the profile (in
    place: comments and layout are kept) and adds an entry, with the sha256
    of every built document, to the review history.
    """
    from generator.review.record import record_review

    done = record_review(profile, on=on, approved_by=approved_by, minute=minute, note=note, db=db, out=out,
                         today=_today(today))
    click.echo(f"Recorded the review of {done.organisation_name} on {done.reviewed_on.isoformat()} "
               f"(entry {done.review_id} in {done.db_path}).")
    click.echo(f"Next review due by {done.next_review.isoformat()}; {done.profile_path} updated.")
    if not done.build_found:
        click.echo(f"No build found in {out}: the entry records that no documents were built.")
    else:
        click.echo(f"{done.documents} built document(s) recorded by sha256.")
        if done.documents_changed:
            click.echo(f"Warning: {done.documents_changed} document(s) differ from the build manifest "
                       "or are missing; rebuild before the next review.", err=True)


def _load_for_history(profile: Path, today: dt.date):
    from generator.review.record import load

    return load(profile, today)


@review.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--docx", "docx_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a review-summary DOCX for the board paper.")
@db_option
@today_option
def diff(profile, docx_path, db, today):
    """What changed in PROFILE since its last recorded review, in plain words."""
    from generator.errors import UserError
    from generator.review.diff import describe
    from generator.review.report import summary_docx, write_bytes
    from generator.review.snapshot import normalise
    from generator.review.wording import longdate, say
    from generator.store.reviews import default_db_path, read_history

    today = _today(today)
    loaded = _load_for_history(profile, today)
    entries = read_history(default_db_path(profile, db), loaded.organisation.id)
    last = entries[-1] if entries else None
    if last is None and docx_path is None:
        raise UserError(f"No review of {loaded.organisation.name} has been recorded yet, so there is nothing "
                        "to compare with.", f"record one: policypack review record {profile} --on DATE "
                        "--approved-by NAME")
    changes = describe(last.snapshot, normalise(loaded)) if last else []
    if last is not None:
        click.echo(say("diff.heading", date=longdate(last.reviewed_on)) + ":")
        for sentence in changes or [say("diff.nothing", date=longdate(last.reviewed_on))]:
            click.echo(f"- {sentence}")
    if docx_path is not None:
        write_bytes(docx_path, summary_docx(loaded, last, changes, today))
        click.echo(f"Wrote {docx_path}.")


@review.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@db_option
@today_option
def history(profile, as_json, db, today):
    """Every recorded review of PROFILE, oldest first."""
    from generator.store.reviews import default_db_path, read_history

    loaded = _load_for_history(profile, _today(today))
    entries = read_history(default_db_path(profile, db), loaded.organisation.id)
    if as_json:
        import json

        click.echo(json.dumps({"organisation": loaded.organisation.id, "reviews": [e.as_json() for e in entries]},
                              indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"No review of {loaded.organisation.name} has been recorded yet.")
        return
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(f"Reviews of {loaded.organisation.name}"), title_justify="left")
    for name in ("Reviewed on", "Approved by", "Minute", "Next review", "Documents", "Recorded", "Version"):
        table.add_column(name, no_wrap=name in ("Reviewed on", "Next review"))
    for entry in entries:
        documents = str(len(entry.documents)) if entry.build_found else "no build"
        table.add_row(entry.reviewed_on.isoformat(), Text(entry.approved_by), Text(entry.minute_ref or ""),
                      entry.next_review.isoformat(), documents,
                      Text(f"{entry.recorded_at} {entry.recorded_by or ''}".strip()), Text(entry.tool_version))
    _console().print(table)


@review.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build folder to check.")
@click.option("--entry", "entry_id", type=int, help="The history entry to check against (default: the last).")
@db_option
@today_option
def verify(profile, out, entry_id, db, today):
    """Check that the built documents of PROFILE are the ones its last review approved.

    Exit code 0 when every document is unchanged, 3 when one changed or is missing.
    """
    from generator.review.verify import pick_entry, verify_pack
    from generator.store.reviews import default_db_path, read_history

    loaded = _load_for_history(profile, _today(today))
    entry = pick_entry(read_history(default_db_path(profile, db), loaded.organisation.id), entry_id)
    checked = verify_pack(entry, out)
    for item in checked:
        click.echo(f"{item.state:8} {item.document.path}")
    differing = [c for c in checked if c.state != "same"]
    click.echo(f"{len(checked) - len(differing)} of {len(checked)} document(s) are as approved on "
               f"{entry.reviewed_on.isoformat()} (entry {entry.id}).")
    sys.exit(STATUS_OVERDUE if differing else 0)


@review.command()
@paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("reviews.ics"),
              show_default=True, help="The iCalendar file to write.")
@db_option
@today_option
def calendar(paths, output, db, today):
    """Write an iCalendar file with each next review of PATHS, with alarms 60, 30 and 7 days before."""
    from generator.review.calendar import build_calendar
    from generator.review.report import write_bytes
    from generator.review.status import status_rows

    rows = status_rows(_paths(paths), today=_today(today), db=db)
    valid = [r for r in rows if r.next_review is not None]
    write_bytes(output, build_calendar(valid))
    click.echo(f"Wrote {len(valid)} review date(s) to {output}.")
    for row in rows:
        if row.problems:
            click.echo(f"Skipped {row.path}: the profile could not be loaded.", err=True)


@review.command()
@paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The report to write: .html or .docx.")
@click.option("--within", type=click.IntRange(min=0), default=DEFAULT_WITHIN, show_default=True,
              help='Days before the next review that count as "due soon".')
@db_option
@today_option
def report(paths, output, within, db, today):
    """The LA overview of every setting in PATHS: review state, guidance, prompts, contacts, deputies."""
    from generator.review.report import overview, report_format, write_report
    from generator.review.status import sort_rows, status_rows

    report_format(output)  # refuse an unknown extension before any work
    today = _today(today)
    rows = sort_rows(status_rows(_paths(paths), today=today, within=within, db=db), "state")
    write_report(overview(rows, today), output, today)
    click.echo(f"Wrote the overview of {len(rows)} setting(s) to {output}.")


if __name__ == "__main__":  # pragma: no cover - `python -m generator.cli.review`
    review()
