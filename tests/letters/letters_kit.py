"""Test data and helpers for the letters tests (fictional names only)."""

from __future__ import annotations

from helpers import docx_text as _docx_text

# Numbers and an email marked private: they must never appear in a letter.
PRIVATE = ("0116 496 0123", "+441164960123", "0116 496 0777", "sam.private@brookside.example", "0116 496 0888")

SETTING = """\
schema_version: 1
extends: la/leicestershire.yaml

organisation:
  id: brookside-ap
  name: Brookside Learning Centre
  kind: alternative_provision
  address: 3 Example Lane, Leicester LE2 2BB
  phone: "0116 496 0300"
  email: office@brookside.example

people:
  dsl:
    name: Jo Example
    job_title: Centre Manager
    phone: "0116 496 0301"
  deputy_dsls:
    - name: Sam Sample
      job_title: Lead Tutor
      phone: "0116 496 0123"
      email: sam.private@brookside.example
      private: true
    - name: Alex Other
      job_title: Pastoral Lead
      phone: "0116 496 0302"
  headteacher:
    name: Robin Placeholder
    job_title: Head of Centre
    phone: "0116 496 0777"
    private: true

contacts:
  others:
    - name: A private line
      purpose: Staff only
      phone: "0116 496 0888"
      private: true

systems:
  concern_recording: CPOMS

guidance:
  kcsie: 2025
  working_together: 2023

review:
  last_reviewed: 2026-09-01
  next_review: 2027-09-01
  owner: dsl

letters:
  signatory: headteacher
"""

# The acceptance CSV: awkward names, a BOM, CRLF, a quoted comma, a quoted
# line break, an unused column and trailing empty rows (as Excel leaves them).
AWKWARD = (
    '\ufeffReference,Parent name,Child name,School place,Place start,Year group\r\n'
    'CP-001,Mrs Zoë O\'Brien-Łukasz,Zoë O\'Brien-Łukasz,"Main site, 1 Example Road",Monday 5 January,7\r\n'
    'CP-002,Smith & Sons,<script>alert(1)</script>,"Annexe\r\nBack Road",Tuesday 6 January,8\r\n'
    'CP-003,"Kowalski, Anna",{{ 7*7 }},Main site,Monday 5 January,9\r\n'
    ',,,,,\r\n'
    ',,,,,\r\n'
)
AWKWARD_NAMES = {"CP-001": ("Zoë O'Brien-Łukasz", "Mrs Zoë O'Brien-Łukasz"),
                 "CP-002": ("<script>alert(1)</script>", "Smith & Sons"),
                 "CP-003": ("{{ 7*7 }}", "Kowalski, Anna")}


def docx_text(document) -> str:
    """The letter's text (tests/helpers.py), with the no-break spaces that
    keep phone numbers whole in table cells read as spaces, so that a number
    is found (or found absent) however it is spaced."""
    return _docx_text(document).replace("\u00a0", " ")
