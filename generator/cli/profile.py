"""Profile commands: ``validate``, ``check``, ``new`` and ``schema``."""

from __future__ import annotations

import sys

import click

from generator.cli.errors import print_problems


@click.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def validate(profiles, strict):
    """Check PROFILES for mistakes; every problem of a file is listed at once.

    A PROFILES entry may be a folder: every profile in it (and below) is
    checked. A shared local-authority file named on its own (one without
    organisation.id) is checked as a partial profile: the values it holds
    are checked, the keys it leaves to the settings are not required.

    Exit code 0 when all are valid (warnings are shown), 1 otherwise.

    \b
    Examples:
      policypack validate profiles/example.yaml
      policypack validate --strict profiles/
      policypack validate profiles/la/leicestershire.yaml
    """
    from pathlib import Path

    from generator.profile.discover import declares_organisation, find_profiles

    failed = False
    for path in find_profiles(profiles):
        shared = Path(path).is_file() and str(path) in profiles and not declares_organisation(Path(path))
        failed |= _validate_one(str(path), strict, shared)
    sys.exit(1 if failed else 0)


def _validate_one(path: str, strict: bool, shared: bool) -> bool:
    """Check one file and print what was found; True when it failed."""
    from generator.errors import ProfileInvalid
    from generator.profile.load import check_shared, load_profile

    if shared:
        problems = check_shared(path)
        warnings = [p for p in problems if p.severity == "warning"]
        errors = len(problems) - len(warnings)
        if errors:
            print_problems(problems)
            click.echo(f"{path}: invalid shared profile ({errors} error{'s' if errors != 1 else ''})", err=True)
            return True
        return _report_valid(path, warnings, strict, "valid shared profile (checked on its own)")
    try:
        result = load_profile(path)
    except ProfileInvalid as exc:
        print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        click.echo(f"{path}: invalid ({errors} error{'s' if errors != 1 else ''})", err=True)
        return True
    return _report_valid(path, result.warnings, strict, f"valid ({result.profile.organisation.name})")


def _report_valid(path: str, warnings, strict: bool, verdict: str) -> bool:
    print_problems(warnings)
    if strict and warnings:
        click.echo(f"{path}: {len(warnings)} warning(s), and --strict makes them errors", err=True)
        return True
    click.echo(f"{path}: {verdict}")
    return False


@click.command()
@click.argument("profile", type=click.Path(dir_okay=False))
def check(profile):
    """List every "How do we do this" prompt PROFILE has not answered yet,
    and the tokens (such as [dsl.phone]) the answers use.

    An answer may name a profile value with a token instead of typing it:
    [dsl], [dsl.phone], [dsl.email], [deputy_dsls], [front_door.phone],
    [lado.email], [out_of_hours.phone], [organisation.phone],
    [concern_recording], [police.emergency] ... The token prints the current
    value, so a changed number is changed in every answer.

    Exit code 0 when the policy is complete, 1 when any prompt is unanswered
    (the built policy would be a DRAFT) or the profile is invalid.

    \b
    Example:
      policypack check profiles/example.yaml
    """
    from generator.documents.policy import missing_prompts
    from generator.profile.load import load_profile

    result = load_profile(profile)
    print_problems(result.warnings)
    _print_tokens(result.profile)
    _print_former_holders(result.profile)
    missing = missing_prompts(result.profile)
    if not missing:
        click.echo(f"{profile}: complete: every prompt is answered")
        sys.exit(0)
    click.echo(f"{profile}: {len(missing)} prompt(s) to answer under policy.answers:")
    for prompt in missing:
        click.echo(f"  {prompt.id}  [{prompt.section}]\n      {prompt.question}")
    sys.exit(1)


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("-i", "--interactive", is_flag=True, help="Ask the key questions (names, numbers) and fill them in.")
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
def new(path, interactive, force):
    """Write a fully commented starter profile to PATH that validates as it is.

    \b
    Examples:
      policypack new profiles/my-setting.yaml
      policypack new -i profiles/my-setting.yaml
    """
    from generator.documents.starter import ask, refuse_existing, write_starter

    refuse_existing(path, force)  # before any question: typed answers are never thrown away
    answers: dict = {}
    if interactive:
        try:
            ask(click.prompt, click.echo, path, answers)
        except click.Abort:
            # Ctrl+C or the end of the input part-way: what was typed is
            # written; the questions not reached keep their placeholders.
            if answers:
                write_starter(path, answers, force=force)
                click.echo(f"\nstopped; the answers typed so far are in {path}", err=True)
            raise
    write_starter(path, answers, force=force)
    click.echo(f"wrote {path}; fill in every REPLACE value (policypack edit {path} guides you), then run: "
               f"policypack validate {path}")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["json-schema", "markdown"]), default="json-schema", show_default=True,
              help="json-schema for editors (VS Code YAML), markdown for the documentation page.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of the screen.")
def schema(fmt, output):
    """Print the profile's schema, for editors or as documentation.

    \b
    Example (VS Code with the YAML extension): put this first line in a profile:
      # yaml-language-server: $schema=policypack-profile.schema.json
    after: policypack schema -o policypack-profile.schema.json
    """
    from generator.profile.schema_export import json_schema_text, markdown_reference

    text = json_schema_text() if fmt == "json-schema" else markdown_reference()
    if output:
        from pathlib import Path

        from generator.review.report import write_bytes

        write_bytes(Path(output), text.encode("utf-8"))  # atomic; a full disk is a message, not a crash
    else:
        click.echo(text, nl=False)


def _print_tokens(profile) -> None:
    """The tokens the answers use, and where; the full list is in --help of check."""
    from generator.profile.tokens import tokens_in

    used = {}
    for prompt_id, text in profile.answers.items():
        for token in tokens_in(text):
            used.setdefault(token.text, []).append(prompt_id)
    if used:
        click.echo("tokens in answers (each prints the profile's current value):")
        for text, prompt_ids in sorted(used.items()):
            click.echo(f"  {text}  in {', '.join(sorted(set(prompt_ids)))}")


def _print_former_holders(profile) -> None:
    from generator.review.holders import stale_names

    for stale in stale_names(profile):
        now = f"now {stale.current}" if stale.current else "now nobody"
        click.echo(f"warning: policy.answers.{stale.prompt_id} still names {stale.former}, who was "
                   f"{stale.role} at the last recorded review ({now}); use [{stale.role}] or update the answer",
                   err=True)
