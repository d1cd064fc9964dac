"""`policypack letters`: mail-merge a parent letter from a families CSV.

Only parses options, asks for the password, shows progress and the summary;
the work is generator.documents.letters.merge.  Nothing from the CSV is ever printed.
"""

from __future__ import annotations

import os
import sys

import click

from generator.cli.errors import CONTEXT

LETTERS = ("cp-plan-closure", "travel-to-school", "critical-worker-travel", "support-numbers")


def _password() -> str:
    from generator.documents.letters.secure import PASSWORD_ENV, check_password

    password = os.environ.get(PASSWORD_ENV)
    if password is None:
        if not sys.stdin.isatty():  # a script, a pipe, a scheduled task: nobody to type it
            from generator.errors import UserError

            raise UserError("--encrypt needs a password, and there is no terminal to type it in",
                            f"set the environment variable {PASSWORD_ENV} to the password, or run the command "
                            "in a terminal")
        password = click.prompt("Password for the letters", hide_input=True, confirmation_prompt=True,
                                err=True)
    return check_password(password)


@click.command(context_settings=CONTEXT)
@click.argument("profile", type=click.Path(dir_okay=False))
@click.option("--letter", "letter", required=True, metavar="NAME",
              help="Which letter: " + ", ".join(LETTERS) + " (key-worker-travel is the old name of critical-worker-travel).")
@click.option("--families", "families", required=True, type=click.Path(dir_okay=False),
              help="The families CSV (columns: docs/letters.md). Excel's CSV exports work as they are.")
@click.option("-o", "--out", "out_dir", type=click.Path(file_okay=False),
              help="Output folder [default: letters-out/<organisation.id>/<letter>/]. Made owner-only.")
@click.option("--combined", is_flag=True, help="One printable document, one letter a page, in CSV order.")
@click.option("--pdf", is_flag=True, help="Also write PDFs (needs LibreOffice).")
@click.option("--encrypt", is_flag=True,
              help="Password-protect every file. The password comes from POLICYPACK_LETTER_PASSWORD, "
                   "or you are asked for it.")
def letters(profile, letter, families, out_dir, combined, pdf, encrypt):
    """Make LETTER for every family in the CSV, for the organisation of PROFILE.

    Without --combined, one file per family, named from its reference
    column. Letters hold personal data: they are written only to their own
    owner-only folder, never to the build's output or the handbook, and
    nothing from the CSV is printed. A problem in the CSV is reported by row
    and column, and then nothing is written.

    \b
    Examples:
      policypack letters profiles/example.yaml --letter cp-plan-closure --families families.csv
      policypack letters profiles/example.yaml --letter support-numbers --families families.csv \\
          --combined --pdf --encrypt
    """
    from generator.documents.letters.merge import merge_letters, read_input
    from generator.documents.letters.plaintext import Interrupted, remove_stale
    from generator.profile.load import load_profile

    for folder in remove_stale():
        click.echo(f"note: removed {folder}: unencrypted letters left by a run that was killed", err=True)
    loaded = load_profile(profile)
    for warning in loaded.warnings:
        click.echo(warning.format(), err=True)
    spec, table = read_input(loaded.profile, letter, families)  # checked before asking for anything
    for column in table.ignored:
        click.echo(f"notice: column '{column}' is not used by the {spec.name} letter and was ignored", err=True)
    from generator.documents.letters.merge import default_folder
    from generator.documents.letters.secure import check_target

    check_target(out_dir or default_folder(loaded.profile, spec.name))  # before a password is asked for
    password = _password() if encrypt else None

    try:
        with _Progress() as progress:
            report = merge_letters(loaded.profile, spec, table, out_dir=out_dir, combined=combined, pdf=pdf,
                                   password=password, progress=progress)
    except Interrupted as stop:
        click.echo(f"stopped by {stop.name}: no letters were written, and no unencrypted copy was left", err=True)
        sys.exit(128 + stop.signum)
    for notice in report.notices:
        click.echo(f"note: {notice}", err=True)

    kinds = "DOCX and PDF" if report.pdf else "DOCX"
    layout = "one document, one letter a page" if report.combined else "one file per family"
    click.echo(f"wrote {report.letters} {spec.name} letter{'s' if report.letters != 1 else ''} "
               f"({layout}, {kinds}, {len(report.files)} file{'s' if len(report.files) != 1 else ''}) "
               f"to {report.folder}")
    if report.encrypted:
        click.echo("encrypted: every file needs the password to open")
    else:
        click.echo("NOT encrypted: these letters hold personal data; keep them on school systems "
                   "(use --encrypt to password-protect them)")


class _Progress:
    """A rich progress bar on stderr for long runs (stage names only)."""

    def __enter__(self):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        self._bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                             TimeElapsedColumn(), console=console, transient=True,
                             disable=not console.is_terminal)
        self._bar.__enter__()
        self._tasks: dict[str, int] = {}
        return self

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._bar.add_task(stage, total=total)
        self._bar.update(self._tasks[stage], completed=done, total=total)

    def __exit__(self, *exc):
        return self._bar.__exit__(*exc)
