"""One editing session of one profile file: the values being edited, each
change checked by the validator before it is kept, and the save.

A change is kept only when it brings no new error (checked with
``policypack validate``'s own code on the whole profile as it would be);
the file on disk changes only on save, atomically, with the previous file
kept as ``PROFILE.yaml.bak``, and never over a file changed since it was
opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass

from generator import clock
from generator.editor.yamldoc import YamlDoc
from generator.errors import Problem, UserError
from generator.profile.inherit import load_with_parents, profiles_root
from generator.profile.load import problems_of
from generator.yamlload import YamlRefused


class ChangedOnDisk(UserError):
    """The file was changed by something else since the editor opened it."""


@dataclass(frozen=True)
class Outcome:
    key: str
    kept: bool
    problems: tuple[Problem, ...]  # what validate says about this key now (or about the refused value)


def fingerprint(path: str) -> str | None:
    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None


def related(problem_key: str, key: str) -> bool:
    """A problem at the key itself, at a mapping holding it, or inside it."""
    return problem_key == key or key.startswith(problem_key + ".") or problem_key.startswith(key + ".")


class Session:
    def __init__(self, path: str, text: str, opened: str | None, new: bool):
        self.path = path
        self.doc = YamlDoc(text, path)
        self.opened = opened  # the file's fingerprint when opened (None: it did not exist)
        self.new = new  # started from the starter: the LA file is still to be chosen
        self.dirty = new
        self.lock = threading.RLock()
        self._problems = self._check(self.doc)

    @classmethod
    def open(cls, path: str) -> "Session":
        """The file at ``path``, or the starter profile when there is none."""
        if os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as handle:
                    text = handle.read()
            except (OSError, UnicodeDecodeError) as exc:
                raise UserError(f"cannot read {path}: {exc}", "check the path and that the file is UTF-8 text") from None
            return cls(path, text, fingerprint(path), new=False)
        from generator.documents.starter import render_starter

        return cls(path, render_starter(path, {}, clock.today()), None, new=True)

    # -- what the validator says ---------------------------------------------

    def _check(self, doc: YamlDoc) -> list[Problem]:
        return problems_of(self.path, doc.text())

    @property
    def problems(self) -> list[Problem]:
        return list(self._problems)

    def problems_at(self, key: str) -> list[Problem]:
        return [p for p in self._problems if p.key == key]

    def errors(self) -> list[Problem]:
        return [p for p in self._problems if p.severity == "error"]

    def merged(self):
        """The profile with its LA file merged in (values and where each came from)."""
        try:
            return load_with_parents(self.path, self.doc.text())
        except YamlRefused:
            return None

    # -- changes ---------------------------------------------------------------

    def change(self, key: str, path: tuple, value) -> Outcome:
        """Set ``path`` to ``value`` (None removes it) if that brings no new error."""
        with self.lock:
            candidate = self.doc.copy()
            candidate.set(path, value)
            return self._try(candidate, key)

    def apply(self, key: str, edit) -> Outcome:
        """Run ``edit(doc)`` on a copy (lists: add, remove, move) and keep it if no new error."""
        with self.lock:
            candidate = self.doc.copy()
            edit(candidate)
            return self._try(candidate, key)

    def _try(self, candidate: YamlDoc, key: str) -> Outcome:
        after = self._check(candidate)
        before = {(p.key, p.message) for p in self._problems}
        new_errors = [p for p in after if p.severity == "error" and (p.key, p.message) not in before]
        if new_errors:
            return Outcome(key, False, tuple(new_errors))
        self.doc, self._problems, self.dirty = candidate, after, True
        return Outcome(key, True, tuple(p for p in after if related(p.key, key)))

    def choose_parent(self, relative: str | None, provided: dict) -> None:
        """Start the new profile again from the starter, extending the LA file
        ``relative`` (or none); the values that file gives (``provided``) are
        inherited rather than written as placeholders."""
        from generator.documents.starter import render_starter

        with self.lock:
            inherited = frozenset(_provided_keys(provided)) if relative else frozenset()
            text = render_starter(self.path, {}, clock.today(), relative, inherited)
            self.doc = YamlDoc(text, self.path)
            self.new = False
            self._problems = self._check(self.doc)

    # -- saving ----------------------------------------------------------------

    def save(self) -> None:
        with self.lock:
            if fingerprint(self.path) != self.opened:
                raise ChangedOnDisk(f"{self.path} was changed by another program since the editor opened it",
                                    "your changes are not saved; copy them, reload the page to see the file as it "
                                    "is now, then make them again")
            text = self.doc.text()
            write_keeping_backup(self.path, text)
            self.opened = fingerprint(self.path)
            self.dirty = False

    def reload(self) -> None:
        """Forget unsaved changes and read the file as it is on disk now."""
        with self.lock:
            fresh = Session.open(self.path)
            self.doc, self.opened, self.new, self.dirty, self._problems = (
                fresh.doc, fresh.opened, fresh.new, fresh.dirty, fresh._problems)


def _provided_keys(data: dict):
    """What a parent file gives: ``organisation.<key>`` and ``contacts.<contact>``, dotted."""
    for section in ("organisation", "contacts"):
        values = data.get(section)
        if isinstance(values, dict):
            yield from (f"{section}.{key}" for key in values)


def write_keeping_backup(path: str, text: str) -> None:
    """Write ``text`` to ``path`` in one step; the old file becomes ``path.bak``."""
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    mode = 0o644
    if os.path.exists(path):
        mode = os.stat(path).st_mode & 0o777
        shutil.copy2(path, path + ".bak")
    fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, path)  # atomic on POSIX and Windows
    except BaseException:
        if os.path.exists(temp):
            os.unlink(temp)
        raise


def parent_files(path: str) -> list[tuple[str, str]]:
    """Shared (LA) files in the profiles folder: (path relative to the profile, display name)."""
    from pathlib import Path

    from generator.profile.discover import PROFILE_SUFFIXES, declares_organisation

    root = Path(profiles_root(path))
    here = Path(os.path.dirname(os.path.abspath(path)))
    found = []
    for file in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in file.relative_to(root).parts):
            continue
        if file.suffix in PROFILE_SUFFIXES and file.is_file() and not declares_organisation(file):
            found.append((os.path.relpath(file, here).replace(os.sep, "/"), str(file.relative_to(root))))
    return found


def today() -> dt.date:
    return clock.today()
