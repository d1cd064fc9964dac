"""The ``policypack`` command: the top group and the registration of every command.

Each command lives in the module of its group and imports heavy libraries
inside its body, so that ``--help`` is instant.  Errors are handled once, in
``generator.cli.errors.GuardedGroup``.
"""

from __future__ import annotations

import io
import sys

import click

from generator import __version__
from generator.cli import build, doctor, edit, handbook, letters, profile, review, templates
from generator.cli.errors import CONTEXT, GuardedGroup


@click.group(cls=GuardedGroup, context_settings=CONTEXT)
@click.version_option(__version__, prog_name="policypack")
def cli():
    """policypack: one organisation profile in, the whole safeguarding pack out.

    \b
    Start here:
      policypack edit profiles/my-setting.yaml     make or change a profile in your browser
      policypack new profiles/my-setting.yaml      write a starter profile
      policypack validate profiles/my-setting.yaml check it
      policypack check profiles/my-setting.yaml    list prompts still to answer
      policypack build profiles/my-setting.yaml    make the pack in out/<id>/
      policypack doctor                            what this computer lacks
    """
    _tolerant_console()


def _tolerant_console() -> None:
    """A console or redirection in a legacy code page (cp1252 on many Windows
    machines) cannot show every name (``Ł``): print ``?`` there, never fail."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding not in ("utf8", "utf16", "utf32") and isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


for command in (edit.edit, profile.validate, profile.check, profile.new, profile.schema, build.build,
                review.review, letters.letters, handbook.handbook, templates.templates, doctor.doctor):
    cli.add_command(command)


def main():
    cli(prog_name="policypack")
