"""Each piece of a build's work is done once (issue 19): counted, not timed."""

from __future__ import annotations

import collections
import hashlib

from helpers import ROOT

from generator.documents.flowchart import produce
from generator.handbook import privacy
from generator.pack import batch, build
from generator.profile import load


def test_one_pack_loads_its_profile_once_lays_each_chart_out_once_and_scans_each_file_once(tmp_path, monkeypatch):
    loads, charts, scans = [], collections.Counter(), collections.Counter()

    real_load = load.load_profile

    def counted_load(path, today=None):
        loads.append(path)
        return real_load(path, today)

    real_charts = produce._all_charts

    def counted_charts(inputs, with_docx):
        charts[(type(inputs).__name__, with_docx)] += 1
        return real_charts(inputs, with_docx)

    real_leaks = privacy.Guard._leaks

    def counted_leaks(self, is_package, data):
        scans[(is_package, hashlib.sha256(data).hexdigest())] += 1
        return real_leaks(self, is_package, data)

    monkeypatch.setattr(load, "load_profile", counted_load)  # the unchanged check imports it when it runs
    monkeypatch.setattr(build, "load_profile", counted_load)
    monkeypatch.setattr(produce, "_all_charts", counted_charts)
    monkeypatch.setattr(privacy.Guard, "_leaks", counted_leaks)

    outcome = batch.build_one(str(ROOT / "profiles" / "example.yaml"), str(tmp_path / "out"), pdf=False, handbook=True)

    assert outcome.ok and not outcome.unchanged
    assert len(loads) == 1  # the unchanged check's load is the build's
    # The staff pack's charts, then the handbook's public copies (page and download from one rendering).
    assert charts == {("BuildInputs", True): 1, ("PublicInputs", True): 1}
    packages = [key for key in scans if key[0]]
    assert packages, "the handbook's DOCX downloads were not scanned"
    assert max(scans.values()) == 1, [key for key, n in scans.items() if n > 1]
