"""One answer to "which files are profiles", for build, validate and review."""

from __future__ import annotations

import pytest

from generator.errors import UserError
from generator.profile.discover import find_profiles


def test_folders_yield_settings_not_la_parents_or_data_files(tmp_path):
    (tmp_path / "la").mkdir()
    (tmp_path / "la" / "county.yaml").write_text("schema_version: 1\norganisation:\n  local_authority: X\n", encoding="utf-8")
    (tmp_path / "a.yaml").write_text("organisation:\n  id: a-ap\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("extends: la/county.yaml\n", encoding="utf-8")  # a setting, even without an id yet
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "b.yml").write_text("organisation:\n  id: b-ap\n", encoding="utf-8")
    (tmp_path / "templates-a" / "forms").mkdir(parents=True)
    (tmp_path / "templates-a" / "forms" / "10-form.yaml").write_text("title: A form\n", encoding="utf-8")
    (tmp_path / ".hidden.yaml").write_text("organisation:\n  id: hidden\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_profiles([tmp_path])]
    assert found == ["a.yaml", "broken.yaml", "nested/b.yml"]


def test_files_and_patterns_are_taken_as_given_each_once(tmp_path):
    for name in ("x.yaml", "y.yaml"):
        (tmp_path / name).write_text("organisation:\n  id: x\n", encoding="utf-8")
    assert find_profiles([tmp_path / "x.yaml", str(tmp_path / "*.yaml")]) == [tmp_path / "x.yaml", tmp_path / "y.yaml"]


def test_a_missing_path_is_an_error_unless_a_batch_keeps_it(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        find_profiles([tmp_path / "nope.yaml"])
    assert find_profiles([tmp_path / "nope.yaml"], keep_missing=True) == [tmp_path / "nope.yaml"]
