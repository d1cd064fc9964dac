"""Issue 13 pt 5: one bad profile never takes others with it.

Faults are injected into the real build: a bug (an exception policypack
does not expect) in one profile, and a worker process that dies outright
(as the out-of-memory killer would end it).  Workers are forked, so the
fault set up here is in them too.
"""

from __future__ import annotations

import json
import multiprocessing
import os

import pytest
from helpers import profile_variant

from generator.pack import batch, build

pytestmark = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                                reason="the injected fault reaches workers only when they are forked")


def profiles(tmp_path, ids):
    return [str(profile_variant(tmp_path, {"organisation.id": org_id}, name=f"{org_id}.yaml")) for org_id in ids]


@pytest.fixture
def faulty(monkeypatch):
    real = build.render_pack

    def render_pack(inputs):
        org_id = inputs.profile.organisation.id
        if org_id == "bug-ap":
            raise KeyError("a bug policypack did not expect")
        if org_id == "dies-ap":
            os._exit(137)  # the process ends at once, as when the system kills it
        return real(inputs)

    monkeypatch.setattr(build, "render_pack", render_pack)


def built(out, org_id) -> bool:
    path = out / org_id / "manifest.json"
    return path.is_file() and json.loads(path.read_text(encoding="utf-8"))["organisation"] == org_id


def test_a_bug_in_one_profile_leaves_the_rest_of_its_share_built(tmp_path, faulty):
    paths = profiles(tmp_path, ["first-ap", "bug-ap", "last-ap"])
    outcomes = batch.build_chunk(paths, str(tmp_path / "out"), pdf=False, handbook=False)  # one worker's share
    assert [o.ok for o in outcomes] == [True, False, True]
    assert outcomes[1].profile == paths[1] and "KeyError" in outcomes[1].message
    assert built(tmp_path / "out", "first-ap") and built(tmp_path / "out", "last-ap")
    assert not (tmp_path / "out" / "bug-ap").exists()


def test_a_worker_that_dies_takes_no_other_profile_with_it(tmp_path, faulty, capsys):
    paths = profiles(tmp_path, ["one-ap", "dies-ap", "two-ap", "bug-ap", "three-ap"])
    ok = batch.build_many(paths, str(tmp_path / "out"), handbook=False, jobs=2)
    assert ok is False
    for org_id in ("one-ap", "two-ap", "three-ap"):
        assert built(tmp_path / "out", org_id), org_id
    for org_id in ("dies-ap", "bug-ap"):
        assert not (tmp_path / "out" / org_id).exists()
    summary = capsys.readouterr().out
    assert "built: 3" in summary and "failed: 2" in summary
    assert "died" in summary  # reported against the profile whose process died
