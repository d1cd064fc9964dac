"""``policypack doctor``: what this computer has and lacks, with the fixes."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def doctor(as_json):
    """Check this computer for what policypack needs: Python, LibreOffice (for
    --pdf), the Carlito and Caladea fonts, and writable folders for the review
    history and the caches.  Each missing part comes with its fix.

    Exit code 0 when everything is there, 1 when something is missing.

    \b
    Example:
      policypack doctor
    """
    from generator.doctor import run_checks

    findings = run_checks()
    missing = [f for f in findings if not f.ok]
    if as_json:
        import json

        click.echo(json.dumps([f.as_json() for f in findings], indent=2, ensure_ascii=False))
        sys.exit(1 if missing else 0)
    for finding in findings:
        click.echo(f"{'ok' if finding.ok else 'MISSING':8} {finding.part} (for {finding.needed_for})")
        click.echo(f"{'':8} {finding.found}")
        if finding.fix:
            click.echo(f"{'':8} fix: {finding.fix}")
    if missing:
        parts = ", ".join(f.part for f in missing)
        click.echo(f"\n{len(missing)} part(s) missing: {parts}. Follow the fix under each, then run policypack doctor again.")
        sys.exit(1)
    click.echo("\nEverything policypack needs is here.")
