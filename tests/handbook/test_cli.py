"""`policypack handbook`: wiring, exit codes, and the pack build's handbook entry."""

from __future__ import annotations

import json

from click.testing import CliRunner
from helpers import ROOT, run_cli

from generator.cli.main import cli


def test_help_lists_the_options():
    result = CliRunner().invoke(cli, ["handbook", "--help"])
    assert result.exit_code == 0
    for word in ("PROFILE", "--out", "--serve", "--port"):
        assert word in result.output


def test_builds_the_site_into_the_given_folder(tmp_path):
    out = tmp_path / "site"
    result = run_cli("handbook", str(ROOT / "profiles" / "example.yaml"), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (out / "index.html").is_file() and (out / "search" / "search_index.js").is_file()
    assert "built the handbook" in result.stdout


def test_default_folder_is_site_build_of_the_organisation(tmp_path):
    result = run_cli("handbook", str(ROOT / "profiles" / "example.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site-build" / "oakfield-ap" / "index.html").is_file()


def test_a_user_error_is_a_message_and_exit_1(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run_cli("handbook", str(ROOT / "profiles" / "example.yaml"), "-o", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 1
    assert "does not hold a handbook" in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("handbook", str(tmp_path / "nope.yaml"), cwd=tmp_path)
    assert missing.returncode != 0 and "Traceback" not in missing.stderr


def test_the_pack_build_lists_the_handbook_in_its_manifest(example_pack):
    manifest = json.loads((example_pack / "manifest.json").read_text(encoding="utf-8"))
    if not (example_pack / "safeguarding-policy.docx").exists():
        return  # the handbook was built on its own (DOCX backend absent)
    entries = [d for d in manifest.get("documents", []) if d.get("kind") == "handbook"]
    assert entries and entries[0]["path"] == "handbook"


def test_serve_refuses_a_site_folder_it_would_watch_before_building(tmp_path):
    import shutil

    shutil.copytree(ROOT / "profiles", tmp_path / "profiles")
    target = tmp_path / "profiles" / "site"
    result = run_cli("handbook", str(tmp_path / "profiles" / "example.yaml"), "-o", str(target), "--serve",
                     cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "--serve watches" in result.stderr
    assert not target.exists()
