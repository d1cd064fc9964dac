"""Which editions of statutory guidance are in force, and when."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=1)
def editions() -> dict[str, dict]:
    """``{"kcsie": {"title": ..., "editions": {2025: date, ...}}, ...}``"""
    text = resources.files("generator").joinpath("data/guidance.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def newest_in_force(series: str, on: dt.date) -> int | None:
    known = editions()[series]["editions"]
    in_force = [year for year, start in known.items() if start <= on]
    return max(in_force) if in_force else None


def title(series: str) -> str:
    return editions()[series]["title"]
