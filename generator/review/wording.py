"""The tracker's words, from ``templates/review/wording.yaml``."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import yaml

from generator.render import filters
from generator.review.snapshot import REVIEW_TEMPLATES

WORDING_FILE = REVIEW_TEMPLATES / "wording.yaml"


@lru_cache(maxsize=1)
def wording() -> dict[str, Any]:
    with open(WORDING_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def phrase(path: str) -> Any:
    """A raw entry, e.g. ``phrase("diff.roles")``."""
    node: Any = wording()
    for part in path.split("."):
        node = node[part]
    return node


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def say(path: str, **fields: Any) -> str:
    """The sentence at ``path`` with its placeholders filled, first letter upper case."""
    return capitalise(str(phrase(path)).format(**fields))


def longdate(day: dt.date | str | None) -> str:
    """``2025-09-01`` -> ``1 September 2025``."""
    if day is None:
        return phrase("diff.values.none")
    return filters.longdate(day)
