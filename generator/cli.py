"""The command line: parse options, call one core function, report.

Heavy libraries are imported inside the commands so that `--help` is
instant. Known errors (UserError) become a message and exit code 1; a bug
keeps its traceback and exits 70.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from generator import __version__
from generator.errors import UserError

EXIT_BUG = 70


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as exc:
            click.echo(f"error: {exc}" if not hasattr(exc, "problems") else str(exc), err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # The reader went away (`policypack check ... | head`): stop
            # quietly, as other command-line tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        except Exception:  # a bug: keep the traceback for the report
            traceback.print_exc()
            click.echo("policypack hit a bug (above). Please report it with the profile's structure, not its personal data.", err=True)
            sys.exit(EXIT_BUG)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="policypack")
def cli():
    """policypack: one organisation profile in, the whole safeguarding pack out.

    \b
    Start here:
      policypack new profiles/my-setting.yaml      write a starter profile
      policypack validate profiles/my-setting.yaml check it
      policypack check profiles/my-setting.yaml    list prompts still to answer
      policypack build profiles/my-setting.yaml    make the pack in out/<id>/
    """


def _print_problems(problems) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)


@cli.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit 1).")
def validate(profiles, strict):
    """Check PROFILES for mistakes; every problem of a file is listed at once.

    Exit code 0 when all are valid (warnings are shown), 1 otherwise.

    \b
    Examples:
      policypack validate profiles/example.yaml
      policypack validate --strict profiles/*.yaml
    """
    from generator.errors import ProfileInvalid
    from generator.profile import load_profile

    failed = False
    for path in profiles:
        try:
            result = load_profile(path)
        except ProfileInvalid as exc:
            _print_problems(exc.problems)
            errors = sum(p.severity == "error" for p in exc.problems)
            click.echo(f"{path}: invalid ({errors} error{'s' if errors != 1 else ''})", err=True)
            failed = True
            continue
        _print_problems(result.warnings)
        if strict and result.warnings:
            click.echo(f"{path}: {len(result.warnings)} warning(s), and --strict makes them errors", err=True)
            failed = True
        else:
            click.echo(f"{path}: valid ({result.profile.organisation.name})")
    sys.exit(1 if failed else 0)


@cli.command()
@click.argument("profile", type=click.Path(dir_okay=False))
def check(profile):
    """List every "How do we do this" prompt PROFILE has not answered yet.

    Exit code 0 when the policy is complete, 1 when any prompt is unanswered
    (the built policy would be a DRAFT) or the profile is invalid.

    \b
    Example:
      policypack check profiles/example.yaml
    """
    from generator.documents.policy import missing_prompts
    from generator.profile import load_profile

    result = load_profile(profile)
    _print_problems(result.warnings)
    missing = missing_prompts(result.profile)
    if not missing:
        click.echo(f"{profile}: complete: every prompt is answered")
        sys.exit(0)
    click.echo(f"{profile}: {len(missing)} prompt(s) to answer under policy.answers:")
    for prompt in missing:
        click.echo(f"  {prompt.id}  [{prompt.section}]\n      {prompt.question}")
    sys.exit(1)


@cli.command()
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
    from generator.starter import ask, write_starter

    answers = ask(click.prompt) if interactive else {}
    write_starter(path, answers, force=force)
    click.echo(f"wrote {path}; edit it, then run: policypack validate {path}")


@cli.command()
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
    from generator.schema_export import json_schema_text, markdown_reference

    text = json_schema_text() if fmt == "json-schema" else markdown_reference()
    if output:
        with open(output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.argument("profiles", nargs=-1, type=click.Path())
@click.option("-o", "--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder; each organisation gets OUT/<organisation.id>/.")
@click.option("--pdf", is_flag=True, help="Also convert every DOCX to tagged PDF (needs LibreOffice).")
@click.option("--no-handbook", is_flag=True, help="Skip the handbook site (faster).")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Build several profiles in parallel (default: number of cores).")
def build(profiles, out_dir, pdf, no_handbook, jobs):
    """Build the whole pack for each PROFILE (default: profiles/example.yaml).

    PROFILES may be files, folders of profiles or glob patterns. Writes the
    policy, flowcharts, addendum, forms, blank letters and handbook into
    OUT/<organisation.id>/ with a manifest.json, atomically: a failed build
    leaves the previous output as it was. Exit 1 if any profile failed.

    \b
    Examples:
      policypack build profiles/example.yaml
      policypack build profiles/ --jobs 2 --pdf -o out
    """
    from generator.batch import build_many

    ok = build_many(profiles or ("profiles/example.yaml",), out_dir, pdf=pdf, handbook=not no_handbook, jobs=jobs,
                    echo=click.echo)
    sys.exit(0 if ok else 1)


def _register_optional():
    """Command groups that live in their own modules (light imports only)."""
    import importlib

    for module, name in (("generator.cli_review", "review"), ("generator.cli_letters", "letters"),
                         ("generator.cli_handbook", "handbook"), ("generator.cli_templates", "templates")):
        try:
            command = getattr(importlib.import_module(module), name)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        cli.add_command(command, name)


_register_optional()


def main():
    cli(prog_name="policypack")
