"""Shared steps of the issue-17 tests: a copy of the shipped profiles, the real
CLI in-process (click's runner), and the state a refusal must leave alone."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from click.testing import CliRunner
from helpers import ROOT

from generator.cli.main import cli

DAY = "2026-11-23"  # after the example's last review (1 September 2026)


def copy_profiles(tmp_path: Path) -> Path:
    """``tmp/profiles`` with the shipped example (and its LA file); returns the example."""
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    return folder / "example.yaml"


def policypack(*args, code: int = 0) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def snapshot(profile: Path, db: Path) -> tuple[bytes, bytes | None]:
    """The bytes a refused `record` must not change: the profile and the database."""
    return profile.read_bytes(), db.read_bytes() if db.exists() else None


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
