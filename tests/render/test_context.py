"""The render context's shape is declared once (CONTEXT_NAMES) and is what make_context builds."""

from __future__ import annotations

import datetime as dt

from helpers import ROOT

from generator.profile.load import load_profile
from generator.render.context import CONTEXT_NAMES, make_context


def test_make_context_builds_exactly_the_declared_names():
    profile = load_profile(str(ROOT / "profiles" / "example.yaml"), dt.date(2026, 11, 23)).profile
    for audience in ("staff", "public"):
        assert set(make_context(profile, audience)) == CONTEXT_NAMES
