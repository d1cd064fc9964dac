"""Nothing is redone that has not changed (issue 19 point 1)."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

from helpers import ROOT, run_cli
from speed_kit import snapshot

BOTH = {"oakfield-ap", "riverside-primary"}


def test_an_unchanged_profile_is_skipped_and_a_forced_rebuild_gives_the_same_bytes(batch):
    assert batch.build(handbook=True) == {"oakfield-ap": "built", "riverside-primary": "built"}
    first = snapshot(batch.out)
    manifest = json.loads(first["oakfield-ap/manifest.json"])
    assert len(manifest["build_key"]) == 64
    assert "policy/02-scope.md" in manifest["built_from"]["templates"]
    assert "masters/document.docx" in manifest["built_from"]["templates"]

    assert batch.build(handbook=True) == {"oakfield-ap": "unchanged", "riverside-primary": "unchanged"}
    assert snapshot(batch.out) == first  # not even rewritten

    assert batch.build(handbook=True, force=True) == {"oakfield-ap": "built", "riverside-primary": "built"}
    assert snapshot(batch.out) == first  # rebuilt: the same bytes, handbook included


def test_the_theme_files_of_a_batch_are_linked_and_the_store_is_removed(batch, tmp_path):
    out = tmp_path / "linked"
    result = run_cli("build", str(batch.profiles), "-o", str(out), "--jobs", "1", timeout=600)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(BOTH)  # no theme store left behind
    bundles = [next((out / org / "handbook" / "assets" / "javascripts").glob("bundle.*.min.js")) for org in sorted(BOTH)]
    first, second = (b.stat() for b in bundles)
    assert (first.st_dev, first.st_ino) == (second.st_dev, second.st_ino)  # one file, two links
    assert (out / "oakfield-ap" / "handbook" / "404.html").exists()  # the styled 404 page is kept (issue 16)
    assert not (out / "oakfield-ap" / "handbook" / "sitemap.xml").exists()


def test_a_damaged_file_makes_the_pack_build_again(batch):
    batch.build()
    policy = batch.out / "oakfield-ap" / "safeguarding-policy.docx"
    good = policy.read_bytes()
    policy.write_bytes(good + b"x")
    assert batch.build() == {"oakfield-ap": "built", "riverside-primary": "unchanged"}
    assert policy.read_bytes() == good


def test_changing_the_la_file_rebuilds_only_its_settings(batch):
    batch.build()
    la = batch.profiles / "la" / "leicestershire.yaml"
    la.write_text(la.read_text(encoding="utf-8") + "\n# contacts checked again\n", encoding="utf-8")
    assert batch.build() == {"oakfield-ap": "built", "riverside-primary": "unchanged"}
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "unchanged"}


def _use_own_templates(batch) -> None:
    profile = batch.profiles / "riverside-school.yaml"
    (batch.profiles / "riverside-templates").mkdir()
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: riverside-templates\n",
                       encoding="utf-8")


def test_changing_a_template_rebuilds_only_the_packs_that_use_it(batch):
    _use_own_templates(batch)
    batch.build()
    scope = batch.profiles / "riverside-templates" / "policy" / "02-scope.md"
    scope.parent.mkdir()
    shutil.copy(ROOT / "templates" / "policy" / "02-scope.md", scope)  # a new override: found first now
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "built"}
    scope.write_text(scope.read_text(encoding="utf-8") + "\nStaff read this policy every September.\n", encoding="utf-8")
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "built"}
    assert "Staff read this policy every September." in _policy_text(batch, "riverside-primary")
    # A file no build looks up changes nothing.
    (batch.profiles / "riverside-templates" / "notes.txt").write_text("not a template", encoding="utf-8")
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "unchanged"}


def test_changing_a_master_rebuilds_only_the_packs_that_use_it(batch):
    _use_own_templates(batch)
    batch.build()
    master = batch.profiles / "riverside-templates" / "masters" / "form.docx"
    master.parent.mkdir()
    shutil.copy(ROOT / "templates" / "masters" / "form.docx", master)
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "built"}
    with zipfile.ZipFile(master, "a") as package:  # the same master, saved again with a comment
        package.comment = b"edited in Word"
    assert batch.build() == {"oakfield-ap": "unchanged", "riverside-primary": "built"}


def test_the_options_are_part_of_the_key(batch):
    batch.build(handbook=False)
    assert batch.build(handbook=True) == {"oakfield-ap": "built", "riverside-primary": "built"}


def _policy_text(batch, org: str) -> str:
    import docx

    from helpers import docx_text

    return docx_text(docx.Document(io.BytesIO((batch.out / org / "safeguarding-policy.docx").read_bytes())))
