"""``build DIR --shard K/N``: the K-th of N disjoint shares of a batch.

A profile belongs to share ``sha256(organisation.id) mod N + 1``: the same
share on every machine and in every run, whatever other profiles are added
or removed, so a CI matrix, a Kubernetes Indexed Job or a Slurm array can
split a national batch (docs/scaling.md).  Two profiles with the same id
land in the same share, where the batch reports the clash.  A profile whose
id cannot be read (a broken file) is placed by its file name, so exactly one
share reports it.
"""

from __future__ import annotations

import hashlib
import os
import re

import yaml

from generator.errors import UserError

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/8"`` -> ``(2, 8)``; K counts from 1."""
    found = _SHARD.match(text or "")
    if not found:
        raise UserError(f"--shard {text}: expected K/N, e.g. 2/8", "give the share number and the number of shares, e.g. --shard 1/4")
    index, count = int(found.group(1)), int(found.group(2))
    if count < 1 or not 1 <= index <= count:
        raise UserError(f"--shard {text}: K must be between 1 and N (N at least 1)",
                        "count shares from 1, e.g. --shard 1/4 ... --shard 4/4 (a Kubernetes or "
                        "zero-based index: add 1)")
    return index, count


def share_of(key: str, count: int) -> int:
    """1..count, stable across machines and Python versions (not ``hash()``)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") % count + 1


def select(profiles: list[str], index: int, count: int) -> list[str]:
    """The profiles of share ``index`` of ``count``, in the given order."""
    if count == 1:
        return list(profiles)
    return [path for path in profiles if share_of(_shard_key(path), count) == index]


def _shard_key(path: str) -> str:
    org_id = organisation_id(path)
    return f"id:{org_id}" if org_id is not None else f"file:{os.path.basename(path)}"


def organisation_id(path: str) -> str | None:
    """``organisation.id`` of a profile, read cheaply: the setting's own file
    first (YAML events up to the key, nothing built, so no alias expands),
    then, if it has none, the whole chain through ``extends:``."""
    try:
        with open(path, "rb") as handle:
            found = _scan_id(handle.read(1_000_001))
    except (OSError, yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return None
    if found is not None:
        return found
    from generator.profile.inherit import load_with_parents
    from generator.yamlload import YamlRefused

    try:
        organisation = load_with_parents(path).data.get("organisation")
    except (YamlRefused, OSError):
        return None
    org_id = organisation.get("id") if isinstance(organisation, dict) else None
    return org_id if isinstance(org_id, str) else None


def _scan_id(raw: bytes) -> str | None:
    """``organisation.id`` from the parser's events, stopping there."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    stack: list[dict] = []  # open collections: is it a mapping, the key it is the value of, the last key
    for event in yaml.parse(raw.decode("utf-8-sig"), Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            parent_key = _value_taken(stack)
            stack.append({"map": isinstance(event, yaml.MappingStartEvent), "key": parent_key,
                          "want_key": True, "last": None})
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            closed = stack.pop()
            if len(stack) == 1 and closed["key"] == "organisation":
                return None  # organisation: has no id of its own
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) and stack:
            top = stack[-1]
            if top["map"] and top["want_key"]:
                top["last"], top["want_key"] = getattr(event, "value", None), False
                continue
            inside_organisation = len(stack) == 2 and stack[0]["map"] and top["map"] and top["key"] == "organisation"
            key = _value_taken(stack)
            if inside_organisation and key == "id":
                return event.value if isinstance(event, yaml.ScalarEvent) and event.value else None
    return None


def _value_taken(stack: list[dict]):
    """A value has started in the innermost mapping: its key, and a key comes next."""
    if not stack or not stack[-1]["map"]:
        return None
    top = stack[-1]
    top["want_key"] = True
    return top["last"]
