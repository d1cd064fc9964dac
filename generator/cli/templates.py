"""`policypack templates check DIR`: check a custom template folder before a build."""

from __future__ import annotations

import sys

import click

from generator.cli.errors import CONTEXT, GuardedGroup


@click.group(cls=GuardedGroup, context_settings=CONTEXT)
def templates():
    """Work with custom template folders (a setting's or a local authority's).

    \b
    Example:
      policypack templates check profiles/la/templates
    """


@templates.command()
@click.argument("folder", type=click.Path(file_okay=False))
def check(folder):
    """Check the template FOLDER (policy/*.md, addendum/*.md, letters/*.md,
    handbook/*.md, masters/*.docx, *.yaml) for what breaks a build: Jinja
    syntax errors, Word's curly quotes and split tags, values the profile does
    not provide, {%p %} / {%tr %} misuse, broken YAML, unknown prompt ids.

    Prints one finding per line as FILE:LINE: message, with a fix below it.
    Exit code 1 when there is any error, 0 otherwise (warnings are shown).
    Nothing is rendered or written.

    \b
    Examples:
      policypack templates check profiles/la/templates
      policypack templates check templates
    """
    from generator.templates_check.checks import check_folder, format_report

    report = check_folder(folder)
    for line in format_report(report):
        click.echo(line, err=report.errors > 0)
    sys.exit(1 if report.errors else 0)
