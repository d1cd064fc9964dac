"""`extends:` — a setting's profile inherits a shared (local-authority) one.

Values are deep-merged, the child's winning; lists are replaced whole (a
setting's deputy list is its own).  Each value remembers the file and line it
came from, so that an error in an LA value points at the LA file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from generator.errors import Problem
from generator.yamlload import LoadedYaml, YamlRefused, load_yaml_bytes, load_yaml_file

MAX_CHAIN = 5


@dataclass
class Merged:
    data: dict
    origin: dict = field(default_factory=dict)  # key path -> LoadedYaml that holds it
    chain: tuple[str, ...] = ()  # files, child first
    sources: tuple[LoadedYaml, ...] = ()  # the loaded files, child first

    def place(self, key_path) -> tuple[str, int]:
        key_path = tuple(key_path)
        probe = key_path
        while True:
            if probe in self.origin:
                source = self.origin[probe]
                return source.path, source.line_of(key_path)
            if not probe:
                return self.chain[0], 1
            probe = probe[:-1]


def profiles_root(path: str) -> str:
    """The folder that `extends:` and `logo:` may not leave.

    The nearest ancestor folder named ``profiles``; otherwise the profile's
    own folder.  ``POLICYPACK_PROFILES_ROOT`` overrides both.
    """
    override = os.environ.get("POLICYPACK_PROFILES_ROOT")
    if override:
        return os.path.realpath(override)
    folder = os.path.dirname(os.path.realpath(path))
    probe = folder
    while True:
        if os.path.basename(probe) == "profiles":
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return folder
        probe = parent


def inside(path: str, root: str) -> bool:
    """True when ``path`` (symlinks resolved) is ``root`` or below it."""
    real = os.path.realpath(path)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@lru_cache(maxsize=64)
def _cached_load(real_path: str, inode: int, mtime_ns: int, ctime_ns: int, size: int) -> LoadedYaml:
    # Keyed on the file's identity and change times: a batch of 300 settings
    # parses their shared LA profile once, yet a file edited in place (even
    # to the same size within one clock tick, or replaced) is read again.
    return load_yaml_file(real_path)


def load_cached(path: str) -> LoadedYaml:
    try:
        stat = os.stat(path)
    except OSError:
        return load_yaml_file(path)  # reports the missing file properly
    loaded = _cached_load(os.path.realpath(path), stat.st_ino, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
    if loaded.path != path:  # keep the user's spelling of the path in messages
        loaded = LoadedYaml(path, loaded.data, loaded.lines, loaded.scalars)
    return loaded


def load_with_parents(path: str, text: str | None = None) -> Merged:
    """Load ``path`` and the files it extends; ``text``, when given, stands
    for the file's content (the editor checks a change before writing it)."""
    root = profiles_root(path)
    chain: list[LoadedYaml] = []
    current = path
    while True:
        if chain:
            loaded = load_cached(current)
        else:
            loaded = load_yaml_file(current) if text is None else load_yaml_bytes(text.encode("utf-8"), current)
        chain.append(loaded)
        parent = loaded.data.get("extends") if isinstance(loaded.data, dict) else None
        if parent is None:
            break
        line = loaded.line_of(("extends",))
        if not isinstance(parent, str) or not parent.strip():
            raise YamlRefused([Problem(current, line, "extends", "must be the path of a profile file",
                                       "write e.g. extends: ../la/leicestershire.yaml")])
        if "\0" in parent:  # the operating system refuses such a path ("embedded null byte")
            raise YamlRefused([Problem(current, line, "extends", "the path contains a NUL character (\\0)",
                                       "write the path of the file, e.g. extends: ../la/leicestershire.yaml")])
        target = os.path.normpath(os.path.join(os.path.dirname(current), parent))
        if not inside(target, root):
            raise YamlRefused([Problem(current, line, "extends", f"'{parent}' is outside the profiles folder {root}",
                                       "keep shared profiles inside the profiles folder")])
        if not os.path.isfile(target):
            raise YamlRefused([Problem(current, line, "extends", f"the file '{parent}' does not exist (looked for {target})",
                                       "check the path; it is relative to this file")])
        if any(os.path.realpath(c.path) == os.path.realpath(target) for c in chain):
            raise YamlRefused([Problem(current, line, "extends", "profiles extend each other in a loop",
                                       "remove `extends:` from one of them")])
        if len(chain) >= MAX_CHAIN:
            raise YamlRefused([Problem(current, line, "extends", f"more than {MAX_CHAIN} levels of extends",
                                       "extend the shared profile directly")])
        current = target
    merged = Merged(data={}, chain=tuple(c.path for c in chain), sources=tuple(chain))
    for loaded in reversed(chain):  # the most general first, the setting last
        _merge_into(merged, loaded.data, loaded, ())
    merged.data.pop("extends", None)
    return merged


def _merge_into(merged: Merged, data: dict, source: LoadedYaml, prefix: tuple) -> None:
    target = _dig(merged.data, prefix)
    for key, value in data.items():
        path = prefix + (key,)
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _merge_into(merged, value, source, path)
            continue
        target[key] = _copy(value)
        for known in [p for p in merged.origin if p[: len(path)] == path]:
            del merged.origin[known]
        merged.origin[path] = source


def _dig(data: dict, prefix: tuple) -> dict:
    for key in prefix:
        data = data[key]
    return data


def _copy(value):
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
