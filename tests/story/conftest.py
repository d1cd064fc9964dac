from __future__ import annotations

import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from story_kit import PROFILES, build  # noqa: E402


@pytest.fixture(scope="session", params=sorted(PROFILES))
def pack(request, tmp_path_factory):
    return build(tmp_path_factory, request.param)
