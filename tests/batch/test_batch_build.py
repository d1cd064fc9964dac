"""`policypack build DIR|GLOB|FILES --jobs N`: the good profiles are built, a
broken one is named in the summary with its first error, exit code 1."""

from __future__ import annotations

import json
import re
import time

import pytest
from helpers import require_tool, run_cli

WIDE = {"COLUMNS": "250"}  # rich folds table cells at the terminal width
BUDGET = 120  # seconds for a whole batch of two or three profiles, DOCX only


def _cells(stdout: str) -> str:
    """The summary table's text with the box drawing removed, one row a line."""
    return "\n".join(re.sub(r"\s+", " ", re.sub(r"[│┃┏┓┗┛┡┩└┘┌┐━─╇┳┻┼╋]", " ", line)).strip()
                     for line in stdout.splitlines())


@pytest.fixture
def batch(profiles_copy):
    """profiles/ with the two examples, their LA files and one broken profile."""
    (profiles_copy / "zz-broken.yaml").write_text(
        "schema_version: 1\norganisation:\n  id: broken-one\n  name: [unclosed\n", encoding="utf-8")
    return profiles_copy


def _row(table: str, name: str) -> str:
    """The whole (possibly multi-line) row of the profile file ``name``."""
    rows, current = {}, None
    for line in table.splitlines():
        found = re.match(r"\S*?([^/\s]+\.ya?ml) (built|draft|FAILED)\b", line)
        if found:
            current = found.group(1)
            rows[current] = line
        elif current and line and not line.startswith("built:"):
            rows[current] += " " + line
    assert name in rows, table
    return rows[name]


def _build(*args, cwd):
    started = time.monotonic()
    result = run_cli("build", *args, "--no-handbook", "-o", "out", cwd=cwd, env=WIDE, timeout=BUDGET + 30)
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET, f"batch took {elapsed:.0f} s"
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _pack_ok(folder) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["documents"], manifest
    for entry in manifest["documents"]:
        assert (folder / entry["path"]).exists(), entry


def test_a_folder_with_one_broken_profile_builds_the_rest_and_exits_1(batch, tmp_path):
    result = _build(str(batch), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    _pack_ok(tmp_path / "out" / "oakfield-ap")
    _pack_ok(tmp_path / "out" / "riverside-primary")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["oakfield-ap", "riverside-primary"]
    table = _cells(result.stdout)
    broken = _row(table, "zz-broken.yaml")
    # its first error, with the line and the fix
    assert re.search(r"zz-broken\.yaml FAILED \S*zz-broken\.yaml:\d+: YAML syntax error", broken), table
    assert "fix:" in broken
    assert _row(table, "example.yaml").split()[1:] == ["built", "out/oakfield-ap"]
    assert _row(table, "riverside-school.yaml").split()[1:] == ["draft", "out/riverside-primary"]
    assert "built: 1 draft: 1 failed: 1" in table, table


def test_a_profile_that_fails_while_rendering_does_not_stop_the_others(batch, tmp_path):
    """A failure after validation (a broken custom template) is also one row."""
    (batch / "zz-broken.yaml").unlink()
    custom = batch / "custom"
    (custom / "policy").mkdir(parents=True)
    (custom / "policy" / "01-purpose-and-aims.md").write_text("# Purpose\n\n{{ org.nmae }}\n", encoding="utf-8")
    text = (batch / "example.yaml").read_text(encoding="utf-8")
    (batch / "example.yaml").write_text(text + "\ntemplates:\n  dir: custom\n", encoding="utf-8")
    result = _build(str(batch), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    table = _cells(result.stdout)
    row = _row(table, "example.yaml")
    assert re.search(r"FAILED \S*custom/policy/01-purpose-and-aims\.md: .*nmae", row), table
    assert not (tmp_path / "out" / "oakfield-ap").exists()
    _pack_ok(tmp_path / "out" / "riverside-primary")
    assert "built: 0 draft: 1 failed: 1" in table, table


def test_a_glob_selects_profiles(batch, tmp_path):
    result = _build(str(batch / "[er]*.yaml"), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    table = _cells(result.stdout)
    assert "zz-broken" not in table
    assert "built: 1 draft: 1 failed: 0" in table, table
    _pack_ok(tmp_path / "out" / "oakfield-ap")
    _pack_ok(tmp_path / "out" / "riverside-primary")


def test_a_list_of_files_with_a_broken_one(batch, tmp_path):
    result = _build(str(batch / "zz-broken.yaml"), str(batch / "example.yaml"), "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 1
    table = _cells(result.stdout)
    assert "built: 1 draft: 0 failed: 1" in table, table
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["oakfield-ap"]


def test_a_missing_file_in_a_list_is_one_failure(batch, tmp_path):
    result = _build(str(batch / "example.yaml"), str(batch / "nope.yaml"), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    table = _cells(result.stdout)
    assert re.search(r"FAILED \S*nope\.yaml: file not found", _row(table, "nope.yaml")), table
    _pack_ok(tmp_path / "out" / "oakfield-ap")


def test_a_glob_or_folder_that_matches_nothing_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    for target in ("empty", "empty/*.yaml"):
        result = _build(target, cwd=tmp_path)
        assert result.returncode == 1
        assert "no profiles found" in result.stderr and "fix:" in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()


def test_two_profiles_with_the_same_organisation_id_are_refused(batch, tmp_path):
    (batch / "zz-broken.yaml").unlink()
    (batch / "copy.yaml").write_text((batch / "example.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    result = _build(str(batch / "example.yaml"), str(batch / "copy.yaml"), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert "oakfield-ap" in _row(_cells(result.stdout), "copy.yaml")


def test_pdf_in_parallel_gives_every_docx_its_pdf(profiles_copy, tmp_path):
    """Two LibreOffice calls at once (one per worker, each with its own user
    profile): every DOCX of both packs gets a non-empty PDF."""
    require_tool("soffice")
    started = time.monotonic()
    result = run_cli("build", str(profiles_copy), "--jobs", "2", "--pdf", "--no-handbook", "-o", "out",
                     cwd=tmp_path, env=WIDE, timeout=400)
    assert time.monotonic() - started < 300
    assert result.returncode == 0, result.stdout + result.stderr
    for org in ("oakfield-ap", "riverside-primary"):
        folder = tmp_path / "out" / org
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        docx = [e for e in manifest["documents"] if e["path"].endswith(".docx")]
        assert docx
        for entry in docx:
            pdf = folder / entry["pdf"]
            assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 1000, entry


def test_names_and_messages_are_never_read_as_rich_markup(batch, tmp_path):
    """A file name or a quoted value like [/red] must print as written, not crash the summary."""
    (batch / "zz-broken.yaml").write_text('schema_version: 1\nextends: "[/red]"\n', encoding="utf-8")
    (batch / "[bold]copy.yaml").write_text((batch / "riverside-school.yaml").read_text(encoding="utf-8")
                                           .replace("riverside-primary", "riverside-copy"), encoding="utf-8")
    result = _build(str(batch), "--jobs", "2", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    table = _cells(result.stdout)
    assert "[/red]" in _row(table, "zz-broken.yaml"), table
    assert _row(table, "[bold]copy.yaml").split()[1:] == ["draft", "out/riverside-copy"], table
