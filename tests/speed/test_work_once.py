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


def test_each_file_of_a_pack_is_created_once_and_no_page_goes_through_a_docs_folder(tmp_path, monkeypatch):
    """Creating a file is the dearest part of writing one (and a virus scanner
    checks each new file on Windows): the handbook's pages and downloads go to
    MkDocs from memory and into the site once; the theme's files are linked."""
    import builtins
    import os

    created = collections.Counter()
    real_open = builtins.open

    def watched_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, os.PathLike)) and any(flag in mode for flag in "wxa+"):
            path = os.path.abspath(os.fspath(file))
            inside = path.startswith(str(tmp_path) + os.sep)  # relpath fails across Windows drives
            created[(os.path.relpath(path, tmp_path) if inside else path).replace(os.sep, "/")] += 1
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watched_open)
    outcome = batch.build_one(str(ROOT / "profiles" / "example.yaml"), str(tmp_path / "out"), pdf=False, handbook=True)
    monkeypatch.undo()

    assert outcome.ok
    assert max(created.values()) == 1, [path for path, n in created.items() if n > 1]
    assert not [path for path in created if "/docs/" in path], "a page or download was written into a docs folder"
    pages = [path for path in created if path.endswith(".html")]
    assert len(pages) > 40  # the site's pages were watched being written
    site_files = sum(len(names) for _, _, names in os.walk(tmp_path / "out" / "oakfield-ap" / "handbook"))
    theme_files = sum(len(names) for _, _, names in os.walk(tmp_path / "out" / "oakfield-ap" / "handbook" / "assets"))
    # Every file of the site but the theme's (linked from the theme store,
    # which this single build writes once) was created once while building
    # it, in the site: nothing was created only to be thrown away.
    work = [path for path in created if ".handbook.building-" in path]
    in_site = [path for path in work if "/site/" in path]
    assert len(in_site) == site_files - theme_files
    assert all("/theme/" in path or path.endswith("/mkdocs.yml") for path in set(work) - set(in_site))
