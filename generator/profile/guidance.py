"""Which editions of the guidance and law the documents cite are in force, and when.

The registry is data (``generator/data/guidance.yaml``); a local authority or
setting file may add or correct editions under ``guidance: editions:``
(passed in as ``extra``), without code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

import yaml


@dataclass(frozen=True)
class Edition:
    series: str
    edition: int
    in_force: dt.date
    title: str
    address: str | None = None
    superseded_by: str | None = None
    note: str | None = None

    @property
    def cited(self) -> str:
        """How documents name it: ``Keeping Children Safe in Education 2026``."""
        return f"{self.title} {self.edition}"


@lru_cache(maxsize=1)
def _registry() -> Mapping[str, dict]:
    text = resources.files("generator").joinpath("data/guidance.yaml").read_text(encoding="utf-8")
    return MappingProxyType(yaml.safe_load(text))


def series_ids() -> tuple[str, ...]:
    return tuple(_registry())


def series(name: str) -> dict:
    """A series' own fields (title, publisher, status, address, written_for)."""
    return {k: v for k, v in _registry()[name].items() if k != "editions"}


def known(name: str, extra: Iterable[Edition] = ()) -> dict[int, Edition]:
    """Every edition of ``name``: the registry's, then ``extra`` (which wins)."""
    info = _registry().get(name) or {}
    found: dict[int, Edition] = {}
    for year, data in (info.get("editions") or {}).items():
        data = data if isinstance(data, dict) else {"in_force": data}
        found[int(year)] = Edition(name, int(year), data["in_force"], info["title"],
                                   data.get("address", info.get("address")),
                                   None if data.get("superseded_by") is None else str(data["superseded_by"]),
                                   data.get("note"))
    for edition in extra:
        if edition.series == name:
            found[edition.edition] = edition
    return dict(sorted(found.items()))


def in_force(name: str, on: dt.date, extra: Iterable[Edition] = ()) -> Edition | None:
    """The newest edition of ``name`` in force on ``on``."""
    current = [e for e in known(name, extra).values() if e.in_force <= on]
    return current[-1] if current else None


def cited(name: str, on: dt.date, pinned: int | None = None, extra: Iterable[Edition] = ()) -> int | None:
    """The edition the documents cite: the one in force on ``on``, or a newer
    edition the profile names (published ahead of coming into force); never
    an older one."""
    current = in_force(name, on, extra)
    if current is None:
        return pinned
    return max(current.edition, pinned) if pinned else current.edition


def from_profile(entries) -> tuple[Edition, ...]:
    """The ``guidance: editions:`` of a validated profile (or LA file) as editions."""
    found = []
    for entry in entries or ():
        if not isinstance(entry, dict) or not isinstance(entry.get("in_force"), dt.date):
            continue
        name = entry["series"]
        title = entry.get("title") or (_registry().get(name) or {}).get("title") or name
        address = entry.get("address") or (_registry().get(name) or {}).get("address")
        found.append(Edition(name, int(entry["edition"]), entry["in_force"], title, address,
                             entry.get("superseded_by"), entry.get("note")))
    return tuple(found)


def written_for(name: str) -> int | None:
    """The edition the built-in templates were written against."""
    return (_registry().get(name) or {}).get("written_for")


# -- the older API, kept for its callers ---------------------------------------

def editions() -> dict[str, dict]:
    """``{"kcsie": {"title": ..., "editions": {2025: date, ...}}, ...}``"""
    return {name: {"title": info["title"], "editions": {y: e.in_force for y, e in known(name).items()}}
            for name, info in _registry().items()}


def newest_in_force(series_name: str, on: dt.date, extra: Iterable[Edition] = ()) -> int | None:
    current = in_force(series_name, on, extra)
    return current.edition if current else None


def title(series_name: str) -> str:
    return _registry()[series_name]["title"]
