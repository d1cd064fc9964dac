"""An installed wheel (not the checkout) builds the example and runs every review command.

The wheel is installed into a folder of its own and run from another
folder, so nothing can be found beside the checkout by accident (the review
tracker once looked for templates two folders above its own module).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("policypack-*.whl")
    target = work / "site-packages"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return target


def test_the_installed_wheel_builds_the_example_and_runs_every_review_command(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "profiles", elsewhere / "profiles")
    env = {**os.environ, "PYTHONPATH": str(installed), "HOME": str(tmp_path), "POLICYPACK_TODAY": "2026-11-23",
           "POLICYPACK_REVIEW_DB": str(tmp_path / "reviews.sqlite3")}

    def policypack(*args):
        result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=elsewhere, env=env,
                                capture_output=True, text=True, timeout=300, encoding="utf-8")
        assert result.returncode in (0, 3), f"{args}: {result.stderr}"
        return result

    where = subprocess.run([sys.executable, "-c", "import generator; print(generator.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True, encoding="utf-8").stdout
    assert where.startswith(str(installed)), where

    policypack("build", "profiles/example.yaml", "-o", "out")
    manifest = json.loads((elsewhere / "out" / "oakfield-ap" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["kind"] for d in manifest["documents"]} >= {"policy", "flowchart", "addendum", "form", "letter", "handbook"}

    profile = "profiles/example.yaml"
    assert "Oakfield Learning Centre" in policypack("review", "status", "profiles", "--json").stdout
    policypack("review", "record", profile, "--on", "2026-11-20", "--approved-by", "Local Board", "--out", "out")
    assert "Local Board" in policypack("review", "history", profile, "--json").stdout
    policypack("review", "diff", profile)
    policypack("review", "verify", profile, "--out", "out")
    policypack("review", "calendar", "profiles", "-o", "reviews.ics")
    policypack("review", "report", "profiles", "-o", "report.html")
    assert (elsewhere / "reviews.ics").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")
    assert "Oakfield Learning Centre" in (elsewhere / "report.html").read_text(encoding="utf-8")
