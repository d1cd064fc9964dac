"""The profile file as ruamel.yaml keeps it: comments, key order and quoting.

PyYAML (used to *load* profiles everywhere else) forgets comments; the editor
must write the file back with every comment the user or the starter put in
it, so edits go through ruamel.yaml's round-trip mode.  Only the values the
user changed are touched; indentation is guessed from the file itself.
"""

from __future__ import annotations

import copy
import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from generator.errors import UserError

_QUOTED = (DoubleQuotedScalarString, SingleQuotedScalarString)


class YamlDoc:
    """One profile file's round-trip tree."""

    def __init__(self, text: str, source: str):
        self._yaml = YAML(typ="rt")
        self._yaml.preserve_quotes = True
        self._yaml.width = 4096  # never fold a long answer onto a new line
        try:
            root = self._yaml.load(text)
            _, _, offset = load_yaml_guess_indent(text)
        except Exception as exc:  # ruamel's parse errors share no base class worth naming
            raise UserError(f"{source} is not YAML the editor can read: {str(exc).splitlines()[0]}",
                            "run policypack validate on it and fix what it reports") from None
        if not isinstance(root, CommentedMap):
            raise UserError(f"{source} is not a mapping of profile keys", "start again from policypack new")
        self.root = root
        indent = _mapping_indent(text)
        offset = indent if offset is None else offset  # "- " under its key, indented like a mapping
        self._yaml.indent(mapping=indent, sequence=offset + 2, offset=offset)

    def copy(self) -> "YamlDoc":
        clone = object.__new__(YamlDoc)
        clone.root = copy.deepcopy(self.root)
        clone._yaml = self._yaml
        return clone

    def text(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self.root, out)
        return out.getvalue()

    # -- reading and writing values by key path ------------------------------

    def get(self, path: tuple):
        node = self.root
        for part in path:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node

    def has(self, path: tuple) -> bool:
        parent = self.get(path[:-1])
        return isinstance(parent, dict) and path[-1] in parent or (
            isinstance(parent, list) and isinstance(path[-1], int) and 0 <= path[-1] < len(parent))

    def set(self, path: tuple, value) -> None:
        """Set ``path`` to ``value`` (None deletes it), creating mappings on the way."""
        if value is None:
            self.delete(path)
            return
        node = self.root
        for part in path[:-1]:
            child = node[part] if (isinstance(node, dict) and part in node) or isinstance(node, list) else None
            if not isinstance(child, (dict, list)):
                child = CommentedMap()
                node[part] = child
            node = child
        key = path[-1]
        old = node[key] if isinstance(node, dict) and key in node else None
        node[key] = _styled(value, old)

    def delete(self, path: tuple) -> None:
        parent = self.get(path[:-1])
        if isinstance(parent, dict) and path[-1] in parent:
            del parent[path[-1]]
        elif isinstance(parent, list) and isinstance(path[-1], int) and 0 <= path[-1] < len(parent):
            del parent[path[-1]]

    def block_list(self, path: tuple) -> CommentedSeq:
        """The list at ``path`` in block style (``- name: ...``), created if missing."""
        current = self.get(path)
        if not isinstance(current, list) or not current:
            fresh = CommentedSeq(list(current or []))
            fresh.fa.set_block_style()
            self.set(path, fresh)
            current = fresh
        return current


def _mapping_indent(text: str) -> int:
    """How far this file indents a nested mapping (the first indented key line)."""
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith(("#", "-")) and len(stripped) < len(line):
            return len(line) - len(stripped)
    return 2


def _styled(value, old):
    """``value`` written the way the file wrote the old one (quotes kept)."""
    if isinstance(value, str) and not isinstance(value, (LiteralScalarString, *_QUOTED)):
        if "\n" in value:
            return LiteralScalarString(value)
        if isinstance(old, _QUOTED):
            return type(old)(value)
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        return CommentedMap(value)
    return value


def quoted(text: str) -> DoubleQuotedScalarString:
    """A string always written in double quotes (phone numbers: "0116 496 0001")."""
    return DoubleQuotedScalarString(text)
