"""Change ``review.last_reviewed`` / ``review.next_review`` in place.

Only the value text of those keys changes: every other byte of the file
(comments, key order, quoting, blank lines, line endings) stays as it was.
The places come from PyYAML's composed nodes (their start and end marks are
character offsets into the text).  When a key is missing from the file (for
example because it is inherited through ``extends:``), it is added to this
file's ``review:`` mapping, which is created if needed; the parent file is
never edited.

After editing, both texts are parsed again and compared: everything but the
two values must be equal, or the edit is refused (a bug, not a user error).

Writing is atomic (temporary file beside the profile + ``os.replace``), and
``profile_lock`` serialises concurrent editors with a file lock
(``generator.locks``: ``msvcrt`` on Windows, ``flock`` elsewhere) on a hidden
lock file beside the profile.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import yaml

from generator.errors import UserError
from generator.locks import file_lock

REVIEW_KEY = "review"
DATE_KEYS = ("last_reviewed", "next_review")


def _compose(text: str, source: str) -> yaml.Node | None:
    try:
        nodes = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise UserError(
            f"{source} is not valid YAML, so its review dates cannot be updated.",
            f"fix the file first (policypack check shows where): {exc}".splitlines()[0],
        ) from exc
    if len(nodes) > 1:
        raise UserError(f"{source} holds more than one YAML document.", "keep one profile per file")
    return nodes[0] if nodes else None


def _find(mapping: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _end_of_line(text: str, index: int) -> int:
    """The index just after the line break ending the line that holds ``index - 1``."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _indent_unit(root: yaml.MappingNode) -> int:
    """The indentation this file uses for nested block mappings (default 2)."""
    for _, value in root.value:
        if isinstance(value, yaml.MappingNode) and not value.flow_style and value.value:
            return value.value[0][0].start_mark.column
    return 2


def replace_review_dates(text: str, values: dict[str, str], source: str = "the profile") -> str:
    """Return ``text`` with ``review.<key>`` set to each ISO date string in ``values``.

    ``values`` maps keys of ``DATE_KEYS`` to ISO dates (``"2026-09-01"``).
    """
    unknown = set(values) - set(DATE_KEYS)
    if unknown:
        raise ValueError(f"not review date keys: {sorted(unknown)}")
    root = _compose(text, source)
    if root is None:
        raise UserError(f"{source} is empty.", "write the profile first (see docs/profile.md)")
    if not isinstance(root, yaml.MappingNode) or root.flow_style:
        raise UserError(f"{source} is not a block mapping of profile keys.", "check the file's layout")

    nl = _newline(text)
    written = dict(values)  # key -> the scalar text written (quoted as the file had it)
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), applied from the end
    found = _find(root, REVIEW_KEY)
    if found is None:
        unit = " " * _indent_unit(root)
        lines = "".join(f"{unit}{k}: {v}{nl}" for k, v in values.items())
        prefix = "" if text.endswith("\n") or not text else nl
        edits.append((len(text), len(text), f"{prefix}{REVIEW_KEY}:{nl}{lines}"))
    else:
        key_node, review = found
        if review.start_mark.index < key_node.start_mark.index:
            raise UserError(
                f"{source}: review: is a YAML alias, so its dates cannot be changed here alone.",
                "write the review: mapping out in full in this file",
            )
        if not isinstance(review, yaml.MappingNode):
            raise UserError(
                f"{source}:{key_node.start_mark.line + 1}: review: is not a mapping.",
                "give review: its keys, e.g. last_reviewed: 2025-09-01",
            )
        missing: dict[str, str] = {}
        for key, value in values.items():
            pair = _find(review, key)
            if pair is None:
                missing[key] = value
                continue
            value_node = pair[1]
            if not isinstance(value_node, yaml.ScalarNode) or (
                value_node.start_mark.index < pair[0].start_mark.index
            ):
                raise UserError(
                    f"{source}:{pair[0].start_mark.line + 1}: review.{key} is not a plain date.",
                    f"write it as a date, e.g. {key}: 2025-09-01",
                )
            if value_node.style in ("|", ">"):
                raise UserError(
                    f"{source}:{pair[0].start_mark.line + 1}: review.{key} is a block of text.",
                    f"write it as a date, e.g. {key}: 2025-09-01",
                )
            quote = value_node.style if value_node.style in ("'", '"') else ""
            start, end = value_node.start_mark.index, value_node.end_mark.index
            if start == end:  # an empty value: "last_reviewed:" -> add a space before the date
                edits.append((start, end, f" {value}"))
            else:
                written[key] = f"{quote}{value}{quote}"
                edits.append((start, end, written[key]))
        if missing:
            if review.flow_style:
                close = review.end_mark.index - 1
                if text[close] != "}":  # pragma: no cover - PyYAML always ends a flow mapping there
                    raise UserError(f"{source}: cannot find the end of review: {{...}}.", "")
                joined = ", ".join(f"{k}: {v}" for k, v in missing.items())
                edits.append((close, close, (", " if review.value else "") + joined))
            else:
                column = review.value[0][0].start_mark.column
                last_value = review.value[-1][1]
                where = _end_of_line(text, last_value.end_mark.index)
                prefix = "" if where == 0 or text[where - 1] == "\n" else nl
                lines = "".join(f"{' ' * column}{k}: {v}{nl}" for k, v in missing.items())
                edits.append((where, where, prefix + lines))

    result = text
    for start, end, replacement in sorted(edits, reverse=True):
        result = result[:start] + replacement + result[end:]
    _verify(text, result, written)
    return result


def _verify(before: str, after: str, written: dict[str, str]) -> None:
    """Everything but the edited values must load exactly as before."""
    old = yaml.safe_load(before) or {}
    new = yaml.safe_load(after)
    expected = copy.deepcopy(old)
    review = expected.get(REVIEW_KEY)
    if not isinstance(review, dict):
        review = expected[REVIEW_KEY] = {}
    for key, scalar in written.items():
        review[key] = yaml.safe_load(scalar)
    if new != expected:  # pragma: no cover - guards against a bug in the edit above
        raise AssertionError("the in-place review-date edit changed more than the dates")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions."""
    target = Path(os.path.realpath(path))
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    fd, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    try:
        dir_fd = os.open(target.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(dir_fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(dir_fd)


def read_text(path: Path) -> str:
    """The profile's text, line endings untouched."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"{path} does not exist.", "check the path of the profile") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path} is not UTF-8 text.", "save the profile as UTF-8") from exc


def update_review_dates(path: Path, last_reviewed: dt.date, next_review: dt.date) -> tuple[str, str]:
    """Edit the profile file in place; return (old text, new text).

    The caller holds ``profile_lock(path)``.
    """
    old = read_text(path)
    new = replace_review_dates(
        old,
        {"last_reviewed": last_reviewed.isoformat(), "next_review": next_review.isoformat()},
        source=str(path),
    )
    if new != old:
        write_atomic(path, new.encode("utf-8"))
    return old, new


def lock_path(path: Path) -> Path:
    target = Path(os.path.realpath(path))
    return target.with_name(f".{target.name}.lock")


@contextmanager
def profile_lock(path: Path, timeout: float = 60.0) -> Iterator[None]:
    """Hold an exclusive lock on the profile (a hidden ``.NAME.lock`` beside it)."""
    with file_lock(
        lock_path(path),
        timeout=timeout,
        busy=f"{path} is being changed by another policypack run.",
        fix="wait for it to finish and try again",
    ):
        yield
