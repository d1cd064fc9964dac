"""Which files are organisation profiles: one answer for `build`, `validate` and `review`.

Files named are taken as they are; glob patterns are expanded; folders are
searched recursively (hidden names skipped), and a file found there counts
only when it declares ``organisation.id``, so that shared local-authority
files (``extends:`` parents) and template data files are not taken for
settings.
"""

from __future__ import annotations

import glob
from pathlib import Path
from typing import Iterable

import yaml

from generator.errors import UserError

PROFILE_SUFFIXES = (".yaml", ".yml")
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 10x faster


def declares_organisation(path: Path) -> bool:
    """True when the file sets ``organisation.id`` or ``extends:`` another file
    (a setting, even a broken one); an LA parent file does neither.

    Looks at composed nodes only, so a hostile file cannot blow up here;
    a file that does not parse counts as a profile (and is reported).
    """
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_FAST_LOADER)
    except (yaml.YAMLError, UnicodeDecodeError, OSError, ValueError):
        return True
    if not isinstance(root, yaml.MappingNode):
        return False
    for key, value in root.value:
        if getattr(key, "value", None) == "extends":
            return True
        if getattr(key, "value", None) == "organisation" and isinstance(value, yaml.MappingNode):
            return any(getattr(k, "value", None) == "id" for k, _ in value.value)
    return False


def find_profiles(paths: Iterable[str | Path], keep_missing: bool = False) -> list[Path]:
    """Profile files named, matched by a pattern, or found in folders; each once, in order.

    A path that does not exist is an error, or (``keep_missing``: a batch
    reports it as that profile's failure and builds the others) kept."""
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found[path] = None
        elif path.is_dir():
            for file in sorted(path.rglob("*")):
                relative = file.relative_to(path)
                if any(part.startswith(".") for part in relative.parts):
                    continue
                if file.suffix in PROFILE_SUFFIXES and file.is_file() and declares_organisation(file):
                    found[file] = None
        elif any(ch in str(raw) for ch in "*?["):
            for match in sorted(glob.glob(str(raw))):
                found[Path(match)] = None
        elif keep_missing:
            found[path] = None
        else:
            raise UserError(f"{path} does not exist", "name profile files or folders of profiles")
    return list(found)
