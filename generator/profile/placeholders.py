"""The placeholders `policypack new` writes, and how to recognise one left in.

Every value the starter cannot know is written as ``REPLACE ...``: the file
shows the user what to change, and validation refuses a value still starting
with the marker, so a pack never goes out naming "REPLACE Local Authority".
"""

from __future__ import annotations

MARKER = "REPLACE"

# Keyed by the starter's question keys (generator/documents/starter.py).
PLACEHOLDERS = {
    "org_name": f"{MARKER} Example Learning Centre",
    "kind": "alternative_provision",
    "local_authority": f"{MARKER} Local Authority",
    "dsl_name": f"{MARKER} Designated Safeguarding Lead",
    "dsl_job_title": "Centre Manager",
    "dsl_phone": f"{MARKER} 0116 496 0001",
    "dsl_email": f"{MARKER} dsl@your-setting.example",
    "front_door_name": f"{MARKER} Children's Social Care Front Door",
    "front_door_phone": f"{MARKER} 0116 496 0002",
    "out_of_hours_name": f"{MARKER} Emergency Duty Team",
    "out_of_hours_phone": f"{MARKER} 0116 496 0003",
    "lado_phone": f"{MARKER} 0116 496 0004",
    "concern_recording": "CPOMS",
    "approved_by": f"{MARKER} Management Committee",
}


def is_placeholder(value) -> bool:
    return isinstance(value, str) and value.lstrip().startswith(MARKER)
