"""Fixtures of the handbook tests: the example site, built once per session,
and a real headless Chromium (Debian's, driven by Playwright) that may load
file:// URLs only: every other request is blocked and recorded."""

from __future__ import annotations

import pathlib
import shutil
import sys

import pytest

# Test modules here import helpers with "from handbook_kit import ...".
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from browser_kit import AXE, chromium, missing
from handbook_kit import TODAY, Visit
from helpers import ROOT, run_cli


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory) -> pathlib.Path:
    """``policypack build profiles/example.yaml -o <tmp>``: the organisation's folder.

    """
    out = tmp_path_factory.mktemp("pack")
    env = {"POLICYPACK_TODAY": TODAY, "HOME": str(out)}
    result = run_cli("build", str(ROOT / "profiles" / "example.yaml"), "-o", str(out), cwd=ROOT, env=env, timeout=300)
    folder = out / "oakfield-ap"
    if result.returncode != 0:
        pytest.fail(f"policypack build failed:\n{result.stdout}\n{result.stderr}")
    assert (folder / "handbook" / "index.html").is_file(), result.stdout + result.stderr
    return folder


@pytest.fixture(scope="session")
def site(example_pack) -> pathlib.Path:
    return example_pack / "handbook"


CLOSURE_IN_FORCE = {"from": "2026-11-20", "until": "2026-11-27", "reason": "flooding in the main building"}


@pytest.fixture(scope="session")
def closure_site(tmp_path_factory) -> pathlib.Path:
    """``policypack handbook`` for the example with a closure in force on the build date."""
    import datetime as dt

    from helpers import profile_variant

    work = tmp_path_factory.mktemp("closure")
    active = {key: dt.date.fromisoformat(value) if key != "reason" else value for key, value in CLOSURE_IN_FORCE.items()}
    path = profile_variant(work, {"closure.active": active})
    folder = work / "handbook"
    env = {"POLICYPACK_TODAY": TODAY, "HOME": str(work)}
    result = run_cli("handbook", str(path), "-o", str(folder), cwd=ROOT, env=env, timeout=300)
    if result.returncode != 0:
        pytest.fail(f"policypack handbook failed:\n{result.stdout}\n{result.stderr}")
    return folder


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def visit(browser):
    visit = Visit(browser)
    yield visit
    visit.context.close()
    assert visit.blocked == [], f"the handbook requested outside URLs: {visit.blocked}"
    assert visit.dialogs == [], f"a page opened a dialog (injected script?): {visit.dialogs}"


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE.is_file():
        missing(f"axe-core ({AXE})", "run npm ci at the repository root")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def copy_site(site, tmp_path):
    """A private copy of the built site (for tests that change files)."""
    target = tmp_path / "handbook"
    shutil.copytree(site, target)
    return target
