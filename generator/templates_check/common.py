"""What the three checkers share: limits, the tag pattern, and how a finding is made."""

from __future__ import annotations

import re

from generator.errors import Problem

MAX_FILE_BYTES = 2_000_000  # a template is a few kB; a master a few hundred kB
MAX_XML_BYTES = 20_000_000  # one uncompressed part of a master (zip bombs)
CURLY = "\u201c\u201d\u2018\u2019\u201e\u201f\u2032\u2033"
DOCXTPL_STRAIGHTENS = "\u201c\u201d\u2018\u2019"  # docxtpl's patch_xml fixes these inside a master's tags
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_FIX_QUOTES = "retype the quotes as straight quotes (\" or ') and turn off Word's AutoCorrect 'smart quotes' while editing tags"


def _error(file, line, message, fix, severity="error", key=""):
    return Problem(file, line, key, message, fix, severity)


def _line_of(text: str, needle: str) -> int:
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _curly_in_tags(text: str, first_line: int = 1):
    """``(line, tag text)`` of each tag holding a curly quote."""
    for match in _TAG.finditer(text):
        if any(ch in match.group(0) for ch in CURLY):
            at = match.start() + next(i for i, ch in enumerate(match.group(0)) if ch in CURLY)
            yield first_line + text.count("\n", 0, at), match.group(0)


def _straighten(text: str) -> str:
    return (text.replace("\u201c", '"').replace("\u201d", '"').replace("\u201e", '"').replace("\u201f", '"')
            .replace("\u2018", "'").replace("\u2019", "'").replace("\u2032", "'").replace("\u2033", '"'))


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def _read_text(path: str, problems: list) -> str | None:
    with open(path, "rb") as handle:
        raw = handle.read()
    if b"\x00" in raw:
        problems.append(_error(path, 0, "is a binary file, not a text template", "save the template as plain UTF-8 text"))
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(_error(path, line, "is not UTF-8 text", "save the template as UTF-8"))
        return None


MAX_YAML_DEPTH = 40


class _TooDeep(Exception):
    def __init__(self, line: int):
        super().__init__(f"nested more than {MAX_YAML_DEPTH} levels deep")
        self.line = line


def _load_yaml(text: str):
    """yaml.safe_load, refusing deep nesting first: libyaml crashes on about
    100,000 nested brackets and the Python loader runs out of stack."""
    import yaml

    depth = 0
    for found in re.finditer(r"[\[{\]}]", text):
        if found.group() in "[{":
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _TooDeep(text.count("\n", 0, found.start()) + 1)
        elif depth:
            depth -= 1
    try:
        return yaml.load(text, Loader=yaml.SafeLoader)  # pure Python: a RecursionError, never a crash
    except RecursionError:
        raise _TooDeep(1) from None
