"""The one error handler of every command group.

Known errors (``UserError``) become their message and exit code 1; a closed
pipe ends quietly; anything else is a bug: its traceback is kept for the
report and the exit code is 70.
"""

from __future__ import annotations

import os
import sys
import traceback

import click

from generator.errors import UserError

EXIT_BUG = 70
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class GuardedGroup(click.Group):
    """A click group whose commands' errors are reported, never raised at the user."""

    def parse_args(self, ctx, args):
        # No path holds a NUL character, and the operating system refuses one
        # ("embedded null byte", a crash further down): refuse it here, for every option.
        for arg in args:
            if "\0" in arg:
                click.echo(f"error: the argument {arg!r} contains a NUL character (\\0)\n"
                           "  fix: type the path or value again, without the \\0", err=True)
                sys.exit(1)
        return super().parse_args(ctx, args)

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
            click.echo("policypack hit a bug (above). Please report it with the profile's structure, not its personal data.",
                       err=True)
            sys.exit(EXIT_BUG)


def print_problems(problems) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
