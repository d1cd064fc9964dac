"""Shared helpers: real profile folders on disk, a pinned clock, isolated HOME."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from generator import clock

# Test modules here import their shared steps with "from evidence_kit import ...".
sys.path.insert(0, str(Path(__file__).resolve().parent))

TODAY = dt.date(2026, 3, 2)

LA_PROFILE = """\
# Exampleshire: contacts shared by every setting (fictional).
schema_version: 1

organisation:
  local_authority: Exampleshire

contacts:
  front_door:
    name: Exampleshire Children's Front Door
    phone: "0116 496 0500"
    referral_form: MARF
    verified: 2025-08-15
  out_of_hours:
    name: Exampleshire Emergency Duty Team
    phone: "0116 496 0501"
    verified: 2024-01-10
  lado:
    name: Exampleshire LADO
    phone: "0116 496 0502"
    email: lado@exampleshire.example
  partnership:
    name: Exampleshire Safeguarding Children Partnership

systems:
  concern_recording: CPOMS

guidance:
  kcsie: 2025
  working_together: 2023

review:
  last_reviewed: 2025-01-01
  next_review: 2026-01-01
  approved_by: Governing Body
"""

# A setting profile with comments, quoting and blank lines that must survive.
SETTING_PROFILE = """\
# Brookside Learning Centre: fictional.
schema_version: 1
extends: la/exampleshire.yaml   # shared county contacts

organisation:
  id: {org_id}
  name: "{name}"
  kind: alternative_provision

people:
  dsl:
    name: Jo Example        # the DSL
    job_title: Centre Manager
    phone: "0116 496 0001"
  deputy_dsls:
    - name: Sam Sample
      phone: "0116 496 0123"
      private: true

review:
  # dates of the last approval
  last_reviewed: {last}   # board meeting
  next_review:   {next}

  approved_by: Local Board   # the AP's board
  owner: dsl

policy:
  answers:
    attendance: "We ring home by 10am on the first day."
"""


def write_setting(
    folder: Path,
    org_id: str = "brookside-ap",
    name: str = "Brookside Learning Centre",
    last: str = "2025-09-01",
    next: str = "2026-09-01",
) -> Path:
    path = folder / f"{org_id}.yaml"
    path.write_text(SETTING_PROFILE.format(org_id=org_id, name=name, last=last, next=next), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    """Own HOME and working folder; no stray history DB from the environment."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("POLICYPACK_REVIEW_DB", raising=False)
    monkeypatch.delenv("POLICYPACK_PROFILES_ROOT", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setenv("POLICYPACK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "200")  # rich tables: no wrapping in assertions
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    monkeypatch.chdir(work)
    clock.set_today(None)
    yield
    clock.set_today(None)


@pytest.fixture
def profiles(tmp_path) -> Path:
    """A ``profiles`` folder with one LA parent file."""
    folder = tmp_path / "profiles"
    (folder / "la").mkdir(parents=True)
    (folder / "la" / "exampleshire.yaml").write_text(LA_PROFILE, encoding="utf-8")
    return folder


@pytest.fixture
def setting(profiles) -> Path:
    return write_setting(profiles)


@pytest.fixture
def make_setting():
    """``make_setting(folder, org_id=..., name=..., last=..., next=...)`` writes a setting profile."""
    return write_setting


@pytest.fixture
def today() -> dt.date:
    return TODAY
