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
        from generator.review.tables import status_csv

        click.echo(status_csv(rows), nl=False)
    else:
        from generator.review.tables import problem_lines, status_table

        console = _console()
        console.print(status_table(rows, today, console.width))
        for line in problem_lines(rows):
            click.echo(line, err=True)
    sys.exit(exit_code(rows))


@review.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("--on", "on", callback=_date, required=True, metavar="YYYY-MM-DD",
              help="The date the review was approved.")
@click.option("--approved-by", required=True, help='The approving body, e.g. "Local Board".')
@click.option("--minute", help="The minute reference of the approval.")
@click.option("--note", help="A short note kept with the entry.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build folder holding the pack the board approved; it is rebuilt to show the approval.")
@click.option("--allow-draft", is_flag=True,
              help="Record the approval of a DRAFT pack; the history says how many prompts were unanswered.")
@click.option("--without-pack", is_flag=True,
              help="Record the approval of the profile alone: no pack is checked, rebuilt or recorded.")
@db_option
@today_option
def record(profile, on, approved_by, minute, note, out, allow_draft, without_pack, db, today):
    """Record an approved review of PROFILE.

    Refuses (exit 1, nothing changed) when no pack of PROFILE is in --out,
    when the pack was built from another version of PROFILE (rebuild first),
    or when it is a DRAFT (unless --allow-draft).  Then updates
    review.last_reviewed and review.next_review in the profile (in place:
    comments and layout are kept), rebuilds the pack so that its documents
    show the approval, and adds an entry, with the sha256 of every published
    document, to the review history.

    \b
    Example:
      policypack build profiles/oakfield.yaml -o out
      policypack review record profiles/oakfield.yaml --on 2026-09-14 \\
          --approved-by "Local Board" --minute "LB 26/09" --out out
    """
    from generator.review.record import record_review

    done = record_review(profile, on=on, approved_by=approved_by, minute=minute, note=note, db=db, out=out,
                         today=_today(today), allow_draft=allow_draft, without_pack=without_pack)
    click.echo(f"Recorded the review of {done.organisation_name} on {done.reviewed_on.isoformat()} "
               f"(entry {done.review_id} in {done.db_path}).")
    click.echo(f"Next review due by {done.next_review.isoformat()}; {done.profile_path} updated.")
    if not done.build_found:
        click.echo("No documents were recorded (--without-pack).")
    else:
        click.echo(f"Rebuilt {done.pack_folder} to show the approval; {done.documents} published document(s) "
                   "recorded by sha256.")
        if done.prompts_unanswered:
            click.echo(f"Approved with {done.prompts_unanswered} prompt(s) unanswered (--allow-draft).")
    from generator.store.reviews import default_db_path

    if default_db_path(profile).resolve() != done.db_path.resolve():
        click.echo(f"Warning: builds read the history at {default_db_path(profile)}, not {done.db_path}: "
                   "a rebuild will not show this approval, and verify will then fail. Set "
                   "POLICYPACK_REVIEW_DB for the builds too.", err=True)


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
    from generator.review.tables import history_table

    console = _console()
    console.print(history_table(loaded.organisation.name, entries, console.width))


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
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The zip file to write, e.g. evidence.zip.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build folder holding the approved pack.")
@click.option("--entry", "entry_id", type=int, help="The history entry to take (default: the last).")
@db_option
@today_option
def evidence(profile, output, out, entry_id, db, today):
    """One zip for an inspector or the board: the approved documents, their
    manifest, the history entry and a README on checking the sha256 of each.

    Refuses (exit 1) when a document in --out is not the approved one.
    """
    from generator.review.evidence import build_evidence
    from generator.review.report import write_bytes
    from generator.review.verify import pick_entry
    from generator.store.reviews import default_db_path, read_history

    loaded = _load_for_history(profile, _today(today))
    entry = pick_entry(read_history(default_db_path(profile, db), loaded.organisation.id), entry_id)
    made = build_evidence(entry, loaded.organisation.name, out)
    write_bytes(output, made.data)
    click.echo(f"Wrote {output}: {len(entry.documents)} approved document(s) of {entry.reviewed_on.isoformat()} "
               f"(entry {entry.id}), {made.files} file(s) in all.")


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
