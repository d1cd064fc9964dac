"""`policypack templates check DIR`: find what breaks custom templates
before a build does.

A template folder has the layout of the built-in ``templates/``:
``policy/*.md``, ``addendum/*.md``, ``letters/*.md``, ``handbook/*.md``
(content templates: YAML front matter, then Jinja + Markdown),
``masters/*.docx`` (Word masters with docxtpl tags) and YAML data files.

Checks, each reported as ``FILE:LINE: message`` with a fix:

- content templates: front matter YAML and prompt declarations; Jinja syntax
  (with the text of the line); Word's curly quotes inside ``{{ }}`` /
  ``{% %}``; names the render context does not provide; attributes that the
  profile's objects (generator/model.py) do not have; ``answer("id")`` with
  an id that no policy template declares; include/import/extend (refused by
  the sandbox);
- masters: not a DOCX, no ``word/document.xml``, no ``{{ body }}``, styles the
  body needs (generator/docx/styles.py) missing; curly
  quotes in tags (a warning for the four that docxtpl straightens itself); tags split across paragraphs (docxtpl would silently merge
  the paragraphs) or across runs (a warning: docxtpl joins them); ``{%p %}``,
  ``{%tr %}``, ``{%tc %}`` not alone in their paragraph / row / cell, or with
  ``%`` or ``}`` in their expression; Jinja syntax; names a master may not use;
- YAML data files: syntax errors with their line; ``policy/document.yaml`` and
  ``addendum/document.yaml`` need slug, title and subject; a ``slug`` (it names
  an output file) must be a plain file name.

Each content template is also rendered once in the build's sandbox with
stand-in values (``trial.py``), so a template the sandbox would refuse (a
value that doubles itself, a runaway loop) is reported here too.  Nothing is
written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from generator.errors import Problem
from generator.templates_check.common import MAX_FILE_BYTES, _error
from generator.templates_check.content import (
    CONTENT_FOLDERS,
    _check_content,
    _declared_prompts,
)
from generator.templates_check.data import _check_yaml
from generator.templates_check.masters import _check_master

SKIPPED_FOLDERS = ("profile", "review")  # policypack's own starter profile and report, not overridable


@dataclass
class Report:
    folder: str
    problems: list

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def check_folder(folder: str) -> Report:
    """Every finding about the templates in ``folder``."""
    from generator.errors import UserError

    if not os.path.isdir(folder):
        raise UserError(f"{folder} is not a folder", "give the template folder (the one holding policy/, masters/, ...)")
    problems: list[Problem] = []
    files = _files(folder, problems)
    prompts = _declared_prompts(folder, files, problems)
    for path in files:
        relative = os.path.relpath(path, folder).replace(os.sep, "/")
        if os.path.getsize(path) > MAX_FILE_BYTES:
            problems.append(_error(path, 0, f"the file is {os.path.getsize(path) / 1e6:.1f} MB; a template is a few kB",
                                   "check that this is the right file"))
            continue
        top = relative.split("/", 1)[0]
        if top in SKIPPED_FOLDERS:
            continue
        if path.endswith(".md") and top in CONTENT_FOLDERS:
            _check_content(path, relative, prompts, problems)
        elif path.endswith(".docx"):
            _check_master(path, problems)
        elif path.endswith((".yaml", ".yml")):
            _check_yaml(path, problems, relative)
    return Report(folder, sorted(problems, key=lambda p: (p.file, p.line, p.message)))


def _files(folder: str, problems: list) -> list[str]:
    real_root = os.path.realpath(folder)
    found = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = os.path.join(base, name)
            if name.startswith((".", "~$")):
                continue
            real = os.path.realpath(path)
            if not (real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)):
                problems.append(_error(path, 0, "is a link to a file outside the template folder",
                                       "copy the file into the folder instead of linking to it"))
                continue
            if os.path.isfile(path):
                found.append(path)
    return found


def format_report(report: Report) -> list[str]:
    lines = [problem.format() for problem in report.problems]
    lines.append(f"{report.folder}: {report.errors} error(s), {report.warnings} warning(s)")
    return lines
