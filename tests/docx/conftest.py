"""Fixtures for the DOCX backend tests (builders live in docx_kit.py)."""

from __future__ import annotations

import pathlib
import sys

import pytest

# Test modules here import the builders with "from docx_kit import ...".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from docx_kit import MASTERS, Rendered, make_meta

from generator.docx import render_docx
from generator.render.jinja_env import xml_env


@pytest.fixture
def env():
    return xml_env()


@pytest.fixture
def render(env):
    def _render(document, meta=None, master: str = "document"):
        return Rendered(render_docx(document, meta or make_meta(), MASTERS / f"{master}.docx", env))

    return _render
