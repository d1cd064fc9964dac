"""Hostile and broken YAML is refused quickly, with a line and a fix."""

from __future__ import annotations

import resource
import time

import pytest
from helpers import run_cli

from generator.errors import ProfileInvalid
from generator.profile.load import load_profile

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{c}: &{c} [{', '.join(['*' + p] * 9)}]" for p, c in zip("abcdefgh", "bcdefghi")]
) + "\n"


def problems_of(path) -> list:
    with pytest.raises(ProfileInvalid) as caught:
        load_profile(str(path))
    return caught.value.problems


def test_billion_laughs_is_refused_fast_without_expanding(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.process_time()  # CPU time: a loaded machine stretches wall time only
    problems = problems_of(bomb)
    assert time.process_time() - started < 0.5
    assert "alias bomb" in problems[0].message
    # ru_maxrss is in kB on Linux: the bomb must not have grown the process.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000


def test_billion_laughs_through_the_cli_has_no_traceback(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    result = run_cli("validate", str(bomb))
    assert result.returncode == 1
    assert "alias bomb" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_50_mb_file_is_refused_before_reading(tmp_path):
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.write(b"schema_version: 1\n")
        handle.write(b"# padding\n" * 5_000_000)
    started = time.perf_counter()
    result = run_cli("validate", str(huge))
    assert time.perf_counter() - started < 5
    assert result.returncode == 1
    assert "50.0 MB" in result.stderr and "at most 1000 kB" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content, line, words", [
    (b"- just\n- a list\n", 1, "top level must be a mapping"),
    (b"schema_version: 1\norganisation:\n\tid: x\n", 3, "tab"),
    (b"schema_version: 1\nname: caf\xe9\n", 2, "not UTF-8"),
    (b"schema_version: 1\norganisation: {id: [\n", 3, "YAML syntax error"),
    (b"a: 1\na: 2\n", 2, "appears twice"),
    (b"", 0, "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", 0, "binary"),
])
def test_broken_files_name_the_line(tmp_path, content, line, words):
    path = tmp_path / "broken.yaml"
    path.write_bytes(content)
    problems = problems_of(path)
    assert problems[0].line == line
    assert words in problems[0].message
    assert problems[0].fix


def test_deep_nesting_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 200 + "]" * 200 + "\n", encoding="utf-8")
    assert "nested more than" in problems_of(path)[0].message


def test_a_folder_or_missing_file_is_a_clear_error(tmp_path):
    assert "folder" in problems_of(tmp_path)[0].message
    assert "not found" in problems_of(tmp_path / "nope.yaml")[0].message
