"""Issue 13 pt 1: build (and handbook, letters -o) replaces only what it wrote.

Real builds in subprocesses; every refusal is exit 1, the exact message,
no traceback, and the folder as it was (same files, same bytes, no lock
file, no staging folder).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from helpers import POLICYPACK, ROOT, run_cli

EXAMPLE = str(ROOT / "profiles" / "example.yaml")
MESSAGE = "{} holds files policypack did not write: move them or choose another -o"


def snapshot(folder) -> dict[str, bytes | str]:
    """Every entry under ``folder`` (links as their target), to prove nothing was touched."""
    found: dict[str, bytes | str] = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(base, name)
            relative = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[relative] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as handle:
                    found[relative] = handle.read()
            else:
                found[relative] = "dir"
    return found


def build(out, *extra, cwd):
    return run_cli("build", EXAMPLE, "-o", str(out), "--no-handbook", *extra, cwd=cwd)


def assert_refused(result, shown):
    assert result.returncode == 1, result.stderr
    assert MESSAGE.format(shown) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["profiles", "other-manifest", "forged-manifest", "manifest-link"])
def test_a_folder_policypack_did_not_write_for_this_id_is_never_replaced(tmp_path, content):
    out = tmp_path / "out"
    target = out / "oakfield-ap"
    target.mkdir(parents=True)
    if content == "profiles":  # a folder of profiles, the example
        (target / "school.yaml").write_text("organisation: {id: oakfield-ap}\n", encoding="utf-8")
        (target / "reviews.sqlite").write_bytes(b"SQLite format 3\0")
    elif content == "other-manifest":  # policypack's, but for another organisation
        (target / "manifest.json").write_text(json.dumps({"generator": "policypack 1.0", "organisation": "someone-else"}), encoding="utf-8")
    elif content == "forged-manifest":  # the organisation, but not written by policypack
        (target / "manifest.json").write_text(json.dumps({"generator": "somebody", "organisation": "oakfield-ap"}), encoding="utf-8")
    else:  # a link to a real manifest is not a manifest in this folder
        real = tmp_path / "real.json"
        real.write_text(json.dumps({"generator": "policypack 1.0", "organisation": "oakfield-ap"}), encoding="utf-8")
        os.symlink(real, target / "manifest.json")
    before = snapshot(out)
    result = build(out, cwd=tmp_path)
    assert_refused(result, os.path.join(str(out), "oakfield-ap"))
    assert snapshot(out) == before  # nothing touched: no lock file, no staging folder


def test_a_file_or_a_link_in_place_of_the_pack_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "oakfield-ap").write_text("a file of the same name", encoding="utf-8")
    before = snapshot(out)
    assert_refused(build(out, cwd=tmp_path), os.path.join(str(out), "oakfield-ap"))
    assert snapshot(out) == before

    elsewhere = tmp_path / "elsewhere"
    built = build(tmp_path / "first", cwd=tmp_path)  # a real pack, reached through a link
    assert built.returncode == 0, built.stderr
    os.rename(tmp_path / "first" / "oakfield-ap", elsewhere)
    os.unlink(out / "oakfield-ap")
    os.symlink(elsewhere, out / "oakfield-ap")
    before, pack = snapshot(out), snapshot(elsewhere)
    assert_refused(build(out, cwd=tmp_path), os.path.join(str(out), "oakfield-ap"))
    assert snapshot(out) == before and snapshot(elsewhere) == pack
    assert os.path.islink(out / "oakfield-ap")


def test_its_own_pack_is_replaced_and_a_link_given_as_out_is_followed(tmp_path):
    real = tmp_path / "real-out"
    real.mkdir()
    os.symlink(real, tmp_path / "link-out")
    for _ in range(2):  # the second build replaces the first's pack
        result = build(tmp_path / "link-out", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert os.path.islink(tmp_path / "link-out")  # followed, never replaced
    manifest = json.loads((real / "oakfield-ap" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["organisation"] == "oakfield-ap" and manifest["generator"].startswith("policypack ")
    assert os.listdir(real) == ["oakfield-ap"]  # no staging folder, no old copy, no lock file left


def test_leftovers_of_a_killed_build_are_removed_and_reported(tmp_path):
    out = tmp_path / "out"
    assert build(out, cwd=tmp_path).returncode == 0
    for name in (".oakfield-ap.building-abc123", ".oakfield-ap.old-def456"):
        (out / name / "policy").mkdir(parents=True)
        (out / name / "policy" / "half.docx").write_bytes(b"PK half written")
    (out / ".other-ap.building-xyz").mkdir()  # another organisation's: not ours to remove
    result = build(out, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "removed what an interrupted run left behind" in result.stderr
    assert ".oakfield-ap.building-abc123" in result.stderr and ".oakfield-ap.old-def456" in result.stderr
    left = sorted(os.listdir(out))
    assert left == [".other-ap.building-xyz", "oakfield-ap"]


def test_two_builds_of_the_same_id_are_serialised(tmp_path):
    """While one run holds the lock, a second waits and writes nothing; it goes on when the first ends."""
    from filelock import FileLock

    out = tmp_path / "out"
    out.mkdir()
    lock = FileLock(str(out / ".oakfield-ap.lock"))
    lock.acquire()
    try:
        second = subprocess.Popen([*POLICYPACK, "build", EXAMPLE, "-o", str(out), "--no-handbook"], cwd=tmp_path,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        time.sleep(15)  # it renders (nothing written), then waits for the lock
        assert second.poll() is None, second.communicate()
        assert not (out / "oakfield-ap").exists()
        assert not [n for n in os.listdir(out) if ".building-" in n]
    finally:
        lock.release()
    stdout, stderr = second.communicate(timeout=300)
    assert second.returncode == 0, stderr
    assert (out / "oakfield-ap" / "manifest.json").is_file()


def test_handbook_and_letters_refuse_foreign_folders(tmp_path):
    foreign = tmp_path / "site"
    foreign.mkdir()
    (foreign / "index.html").write_text("<p>our own intranet page</p>", encoding="utf-8")
    before = snapshot(tmp_path / "site")
    result = run_cli("handbook", EXAMPLE, "-o", str(foreign), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert MESSAGE.format(str(foreign)) in result.stderr
    assert snapshot(foreign) == before

    built = run_cli("handbook", EXAMPLE, "-o", str(tmp_path / "hb"), cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    again = run_cli("handbook", EXAMPLE, "-o", str(tmp_path / "hb"), cwd=tmp_path)  # its own: replaced
    assert again.returncode == 0, again.stderr
    assert json.loads((tmp_path / "hb" / "manifest.json").read_text(encoding="utf-8"))["organisation"] == "oakfield-ap"


def test_letters_out_link_is_followed_not_replaced(tmp_path):
    families = tmp_path / "families.csv"
    families.write_text("reference,child_name,school_place\nR1,Kim,Site\n", encoding="utf-8")
    real = tmp_path / "real-letters"
    os.symlink(real, tmp_path / "letters-link")
    for _ in range(2):
        result = run_cli("letters", EXAMPLE, "--letter", "travel-to-school", "--families", str(families), "-o",
                         str(tmp_path / "letters-link"), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert os.path.islink(tmp_path / "letters-link")
    assert sorted(os.listdir(real)) == [".gitignore", ".policypack-letters", "R1.docx"]
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep", encoding="utf-8")
    result = run_cli("letters", EXAMPLE, "--letter", "travel-to-school", "--families", str(families), "-o",
                     str(foreign), cwd=tmp_path)
    assert result.returncode == 1 and MESSAGE.format(str(foreign)) in result.stderr
    assert os.listdir(foreign) == ["notes.txt"] and "Traceback" not in result.stderr


if sys.platform == "win32":  # pragma: no cover - links need privileges on Windows
    pytestmark = pytest.mark.skip("symbolic links need administrator rights on Windows")
