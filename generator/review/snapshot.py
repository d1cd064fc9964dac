"""A profile as plain JSON data that can be stored and compared later.

The snapshot keeps every fact the documents are built from, with dates as
ISO strings and phones as display text.  It leaves out what depends on the
machine (the profile's path, absolute template and logo paths) and adds the
tool version and a digest of the templates, so that a later diff can say
when the wording of the documents changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any, Mapping

from generator.profile.model import Phone, Profile
from generator.sources.templates import builtin_dir

BUILTIN_TEMPLATES = Path(builtin_dir())
REVIEW_TEMPLATES = BUILTIN_TEMPLATES / "review"
MACHINE_KEYS = ("source", "template_dirs")


def tool_version() -> str:
    import generator

    return str(getattr(generator, "__version__", "unknown"))


def _plain(value: Any) -> Any:
    if isinstance(value, Phone):
        return value.display
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(value[k]) for k in sorted(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def templates_digest(dirs: tuple[str, ...] = ()) -> str:
    """sha256 over the built-in templates (not the tracker's own) and ``dirs``."""
    digest = hashlib.sha256()
    roots = [BUILTIN_TEMPLATES, *(Path(d) for d in dirs)]
    for number, root in enumerate(roots):
        if not root.is_dir():
            continue
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            relative = file.relative_to(root)
            if number == 0 and relative.parts[0] == "review":
                continue
            digest.update(f"{number}:{relative.as_posix()}\0".encode())
            digest.update(file.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def normalise(profile: Profile) -> dict[str, Any]:
    """The profile as JSON-ready data (see the module docstring)."""
    data = {k: v for k, v in _plain(profile).items() if k not in MACHINE_KEYS}
    logo = data["organisation"].get("logo")
    if logo:
        data["organisation"]["logo"] = Path(logo).name
    data["tool"] = {
        "version": tool_version(),
        "templates": templates_digest(profile.template_dirs)[:16],
    }
    return data
