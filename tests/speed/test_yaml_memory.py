"""The YAML loader keeps nothing between loads (issue 19, flat memory)."""

from __future__ import annotations

import gc

import yaml

from generator.yamlload import load_yaml_bytes

PROFILE = b"""
organisation:
  id: oakfield-ap
  name: Oakfield AP
people:
  dsl: {name: Sam Sample, phone: "0116 496 0001"}
  deputy_dsls:
    - {name: Alex Other, phone: "0116 496 0002"}
review:
  last_reviewed: 2025-09-01
"""


def _live_nodes() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))


def test_no_node_is_alive_after_a_load():
    before = _live_nodes()
    loaded = load_yaml_bytes(PROFILE, "p.yaml")
    assert loaded.data["people"]["deputy_dsls"][0]["name"] == "Alex Other"
    assert loaded.line_of(("review", "last_reviewed")) == 10
    assert _live_nodes() == before


def test_no_node_outlives_a_load_without_a_collection():
    """Freed by reference counting at once, not left for the cycle collector."""
    gc.collect()
    gc.disable()
    try:
        before = sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))
        for _ in range(20):
            load_yaml_bytes(PROFILE, "p.yaml")
        after = sum(1 for o in gc.get_objects() if isinstance(o, yaml.Node))
    finally:
        gc.enable()
    assert after == before
