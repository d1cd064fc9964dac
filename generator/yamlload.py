"""Load a YAML file safely, keeping the line of every key.

Profiles come from people, and sometimes from attackers: the loader refuses
oversized files, alias bombs ("billion laughs"), deep nesting, non-UTF-8
bytes and tabs *before* anything expands, and turns every YAML syntax error
into a :class:`Problem` with a line number.

PyYAML's composer keeps an alias as a reference to the same node, so
composing a billion-laughs file is cheap; we then count the nodes the file
*would* expand to (memoised per node) and refuse before constructing values.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.errors import Problem

MAX_BYTES = 1_000_000  # a real profile is about 20 kB
MAX_EXPANDED_NODES = 50_000
MAX_DEPTH = 40

Path_ = tuple  # a key path: ("people", "deputy_dsls", 0, "phone")

try:  # the C loader is several times faster where libyaml is present
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader



def _scalar_constructor() -> yaml.SafeLoader:
    """A constructor for one load's scalars (it never reads a stream).

    One per load, not one per process: PyYAML's constructor remembers every
    node it built (``constructed_objects``), so a shared one kept every node
    of every profile alive (a worker's memory grew with each profile)."""
    return yaml.SafeLoader("")


@dataclass
class Scalar:
    """What the file literally said for a scalar, for precise messages."""

    text: str
    quoted: bool
    tag: str


@dataclass
class LoadedYaml:
    path: str
    data: Any
    lines: dict = field(default_factory=dict)  # key path -> 1-based line
    scalars: dict = field(default_factory=dict)  # key path -> Scalar

    def line_of(self, key_path: Path_) -> int:
        """The line of ``key_path``, or of its nearest ancestor that has one."""
        key_path = tuple(key_path)
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return 1


class YamlRefused(Exception):
    """Internal: carries the problems of a file that cannot be loaded."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems)
        self.problems = problems


def load_yaml_file(path: str) -> LoadedYaml:
    """Read and load ``path``; raises :class:`YamlRefused` with problems."""
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
            # a named pipe or device: opening it could wait forever (a FIFO called x.yaml in a batch's glob)
            raise YamlRefused([_whole(path, "is not a regular file (a pipe or device)", "give the path of a .yaml file")])
        size = info.st_size
        if size > MAX_BYTES:
            raise YamlRefused([_whole(path, f"the file is {size / 1e6:.1f} MB; a profile may be at most {MAX_BYTES // 1000} kB",
                                      "check that this is the right file; a profile is a short text file")])
        with open(path, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except IsADirectoryError:
        raise YamlRefused([_whole(path, "is a folder, not a profile file", "give the path of a .yaml file")]) from None
    except FileNotFoundError:
        raise YamlRefused([_whole(path, "file not found", "check the path")]) from None
    except OSError as exc:
        raise YamlRefused([_whole(path, f"cannot be read: {exc.strerror}", "check the file's permissions")]) from None
    return load_yaml_bytes(raw, path)


def load_yaml_bytes(raw: bytes, path: str) -> LoadedYaml:
    return load_yaml_text(_decode(raw, path), path)


def load_yaml_text(text: str, path: str, *, profile: bool = True) -> LoadedYaml:
    """Load ``text`` with every check above.  ``profile=False`` (a template
    folder's data file): the file may be empty (data ``None``) or hold a list."""
    _refuse_tabs(text, path)
    refuse_deep_flow(text, path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or "invalid YAML"
        raise YamlRefused([Problem(path, line, "", f"YAML syntax error: {problem}",
                                   "check the indentation and quoting on this line and the one before")]) from None
    except yaml.YAMLError as exc:
        raise YamlRefused([_whole(path, f"YAML error: {exc}", "check the file is YAML")]) from None
    if root is None:
        if not profile:
            return LoadedYaml(path=path, data=None)
        raise YamlRefused([_whole(path, "the file is empty", "start from `policypack new PATH`")])
    if profile and not isinstance(root, yaml.MappingNode):
        raise YamlRefused([Problem(path, root.start_mark.line + 1, "", "the top level must be a mapping of keys (schema_version:, organisation:, ...)",
                                   "start from `policypack new PATH`")])
    _refuse_bombs(root, path)
    loaded = LoadedYaml(path=path, data=None)
    problems: list[Problem] = []
    constructor = _scalar_constructor()
    try:
        loaded.data = _construct(root, (), loaded, problems, constructor)
    finally:
        constructor.constructed_objects.clear()
        constructor.dispose()  # breaks the parser's reference cycle: freed now, not at the next gc
    if problems:
        raise YamlRefused(problems)
    return loaded


def _whole(path: str, message: str, fix: str) -> Problem:
    return Problem(path, 0, "", message, fix)


UTF16_FIX = ("save it as UTF-8: in Notepad, File > Save as > Encoding: UTF-8; "
             "in PowerShell write it with `Set-Content -Encoding utf8` instead of `>`")


def looks_utf16(raw: bytes) -> bool:
    """UTF-16 text (Windows' "Unicode"; what PowerShell 5's ``>`` writes):
    a byte-order mark, or ASCII text with a NUL after (or before) every character."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return odd.count(0) > 0.9 * len(odd) or even.count(0) > 0.9 * len(even)


def _decode(raw: bytes, path: str) -> str:
    if looks_utf16(raw):
        raise YamlRefused([_whole(path, "is saved as UTF-16 (Windows 'Unicode' text), not UTF-8", UTF16_FIX)])
    if b"\x00" in raw:
        raise YamlRefused([_whole(path, "is a binary file, not YAML text", "give the path of the profile's .yaml file")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRefused([Problem(path, line, "", f"the file is not UTF-8 text (byte {exc.start})",
                                   "save the file as UTF-8 (in Notepad: Save as -> Encoding: UTF-8)")]) from None


def _refuse_tabs(text: str, path: str) -> None:
    problems = [
        Problem(path, number, "", "a tab is used for indentation; YAML allows only spaces",
                "replace the tab at the start of this line with spaces")
        for number, line in enumerate(text.splitlines(), start=1)
        if line[: len(line) - len(line.lstrip(" \t"))].count("\t")
    ]
    if problems:
        raise YamlRefused(problems[:20])


def refuse_deep_flow(text: str, path: str) -> None:
    """libyaml's composer recurses in C: about 100,000 nested [ or { crash the
    process (a segfault, no exception).  Count them before composing (brackets
    inside quotes count too; no real profile has 40 open at once)."""
    depth = 0
    for found in re.finditer(r"[\[{\]}]", text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, found.start()) + 1
                raise YamlRefused([Problem(path, line, "", f"nested more than {MAX_DEPTH} levels deep",
                                           "a profile needs only a few levels; check the [ and { brackets")])
        elif depth:
            depth -= 1


def _refuse_bombs(root: yaml.Node, path: str) -> None:
    """Refuse alias bombs and deep nesting before any value is built."""
    sizes: dict[int, int] = {}
    on_stack: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        if depth > MAX_DEPTH:
            raise YamlRefused([Problem(path, node.start_mark.line + 1, "", f"nested more than {MAX_DEPTH} levels deep",
                                       "a profile needs only a few levels; check the indentation")])
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in on_stack:
            raise YamlRefused([Problem(path, node.start_mark.line + 1, "", "an alias refers to itself",
                                       "remove the recursive alias (*name) from this line")])
        on_stack.add(key)
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k, depth + 1) + size(v, depth + 1)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item, depth + 1)
                if total > MAX_EXPANDED_NODES:
                    break
        on_stack.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise YamlRefused([Problem(path, node.start_mark.line + 1, "", "anchors and aliases (&name / *name) expand to more than "
                                       f"{MAX_EXPANDED_NODES:,} values; this looks like an alias bomb",
                                       "write the values out instead of nesting aliases")])
        return total

    size(root, 0)


def _construct(node: yaml.Node, key_path: Path_, loaded: LoadedYaml, problems: list[Problem],
               scalars: yaml.SafeLoader) -> Any:
    loaded.lines.setdefault(key_path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(loaded.path, line, _dotted(key_path), "merge keys (<<) are not supported",
                                        "write the keys out, or use `extends:` to share a whole file"))
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(Problem(loaded.path, line, _dotted(key_path), "a key must be a plain word",
                                        "use lower_snake_case words as keys"))
                continue
            key = key_node.value
            child = key_path + (key,)
            if key in result:
                problems.append(Problem(loaded.path, line, _dotted(child), "this key appears twice in the same mapping",
                                        "keep one of the two; the second would silently replace the first"))
                continue
            loaded.lines[child] = line
            result[key] = _construct(value_node, child, loaded, problems, scalars)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, key_path + (index,), loaded, problems, scalars)
            for index, item in enumerate(node.value)
        ]
    loaded.scalars[key_path] = Scalar(node.value, node.style in ("'", '"', "|", ">"), node.tag)
    try:
        return scalars.construct_object(node, deep=True)
    except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
        problems.append(Problem(loaded.path, node.start_mark.line + 1, _dotted(key_path), f"cannot read this value: {exc}",
                                "put the value in double quotes"))
        return None


def _dotted(key_path: Path_) -> str:
    return ".".join(str(part) for part in key_path)


dotted = _dotted
