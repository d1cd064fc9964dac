from __future__ import annotations

import pathlib
import shutil

import pytest
from helpers import ROOT


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory) -> pathlib.Path:
    """The example profile built once (DOCX + PDF) for read-only checks."""
    from helpers import require_tool

    from generator import clock
    from generator.pack.build import build_pack

    out = tmp_path_factory.mktemp("pack")
    clock.set_today(__import__("datetime").date(2026, 11, 23))
    try:
        pdf = bool(shutil.which("soffice"))
        if not pdf:
            require_tool("soffice")
        build_pack(str(ROOT / "profiles/example.yaml"), str(out), pdf=pdf, handbook=False)
    finally:
        clock.set_today(None)
    return out / "oakfield-ap"
