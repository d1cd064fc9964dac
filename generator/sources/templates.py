"""Where templates come from: setting -> local authority -> built-in.

A setting or LA may override any content template or master by putting a
file with the same relative name in its own template folder.  Lookups never
leave those folders (symlinks are resolved and checked).
"""

from __future__ import annotations

import fnmatch
import os
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from generator.errors import TemplateProblem


def shipped_folder(name: str, marker: str | None = None) -> Path:
    """A folder that ships with policypack (``templates``, ``site``): inside the
    package when installed from a wheel, beside it in a checkout.  The one
    place that knows both layouts."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / name, package.parent / name):
        if (candidate / marker).is_file() if marker else candidate.is_dir():
            return candidate
    raise TemplateProblem(f"the built-in {name} folder is missing", "reinstall policypack")


def builtin_dir() -> str:
    """The built-in templates."""
    return str(shipped_folder("templates"))


@dataclass
class Lookups:
    """The template names a build looked up and the folder listings it made:
    what the pack was built from (generator/pack/buildkey.py)."""

    names: set[str] = field(default_factory=set)  # relative names, e.g. "policy/10-intro.md"
    listings: set[tuple[str, str]] = field(default_factory=set)  # (folder, pattern)


_recording: ContextVar[Lookups | None] = ContextVar("policypack_template_lookups", default=None)


@contextmanager
def recording(lookups: Lookups):
    """Record into ``lookups`` every lookup made in this context."""
    token = _recording.set(lookups)
    try:
        yield lookups
    finally:
        _recording.reset(token)


@dataclass(frozen=True)
class TemplateSet:
    dirs: tuple[str, ...]  # highest priority first; the built-in folder last
    # Where each name was found: a build asks for the same template many times
    # (read, compile, data), and each search resolves links component by component.
    _found: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    @classmethod
    def for_dirs(cls, override_dirs: tuple[str, ...] = ()) -> "TemplateSet":
        return cls(tuple(os.path.realpath(d) for d in override_dirs) + (builtin_dir(),))

    def find(self, relative: str) -> str:
        """The path of ``relative`` in the first folder that has it."""
        lookups = _recording.get()
        if lookups is not None:
            lookups.names.add(relative)
        found = self._found.get(relative)
        if found is None:
            found = self._found[relative] = self._search(relative)
        return found

    def _search(self, relative: str) -> str:
        for folder in self.dirs:
            candidate = os.path.realpath(os.path.join(folder, relative))
            if not candidate.startswith(folder.rstrip(os.sep) + os.sep):
                raise TemplateProblem(f"template '{relative}' resolves outside {folder}",
                                      "remove the symbolic link or '..' from the template folder")
            if os.path.isfile(candidate):
                return candidate
        raise TemplateProblem(f"no template '{relative}' in {', '.join(self.dirs)}",
                              "restore the built-in templates or add the file to your template folder")

    def names(self, folder: str, pattern: str) -> list[str]:
        """Relative names matching ``folder/pattern`` across all folders, sorted."""
        lookups = _recording.get()
        if lookups is not None:
            lookups.listings.add((folder, pattern))
        found: set[str] = set()
        for base in self.dirs:
            path = os.path.join(base, folder)
            if os.path.isdir(path):
                found.update(name for name in os.listdir(path) if fnmatch.fnmatch(name, pattern))
        return [f"{folder}/{name}" for name in sorted(found)]

    def read(self, relative: str) -> str:
        return read_text(self.find(relative))


@lru_cache(maxsize=512)
def _read_cached(path: str, mtime_ns: int) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.read()


MAX_TEMPLATE_BYTES = 2_000_000  # the largest built-in template is about 30 kB


def read_text(path: str) -> str:
    stat = os.stat(path)
    if stat.st_size > MAX_TEMPLATE_BYTES:  # refused before reading it into memory
        raise TemplateProblem(f"{path} is {stat.st_size / 1e6:.1f} MB; a template may be at most {MAX_TEMPLATE_BYTES // 1_000_000} MB",
                              "check that this is the right file")
    try:
        return _read_cached(path, stat.st_mtime_ns)
    except UnicodeDecodeError:
        raise TemplateProblem(f"{path} is not UTF-8 text", "save the template as UTF-8") from None


def split_front_matter(text: str) -> tuple[str, str, int]:
    """``(front_matter_yaml, body, body_first_line)`` of a content template."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end != -1:
            front = text[4:end]
            return front, text[end + 5:], front.count("\n") + 4
    return "", text, 1
