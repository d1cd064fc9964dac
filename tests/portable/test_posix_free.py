"""Windows lacks fcntl, resource, pwd, grp and termios (and SIGHUP): policypack
must import, build and record a review without them.

The check runs in a fresh interpreter whose import system refuses those
modules (a sys.meta_path finder placed first), with SIGHUP removed from
``signal``, so it sees exactly what Windows would refuse, on this machine.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from helpers import ROOT

BLOCKED = ("fcntl", "resource", "pwd", "grp", "termios")

PRELUDE = textwrap.dedent(f"""
    import importlib.abc, signal, sys

    BLOCKED = {BLOCKED!r}

    class NotOnWindows(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ImportError(f"No module named {{name!r}} (blocked: not on Windows)")
            return None

    for name in BLOCKED:
        sys.modules.pop(name, None)
    sys.meta_path.insert(0, NotOnWindows())
    if hasattr(signal, "SIGHUP"):
        del signal.SIGHUP
    for name in BLOCKED:  # proves the block works before anything else runs
        try:
            __import__(name)
        except ImportError:
            pass
        else:
            raise SystemExit(f"{{name}} could still be imported")
""")


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(code)], cwd=tmp_path,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)


def test_every_module_imports_without_posix_only_modules(tmp_path):
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "generator").rglob("*.py")
        if path.name != "__main__.py"  # importing it runs the command
    )
    assert "generator.review.yamledit" in modules and "generator.docx.pdf" in modules
    result = _run(f"""
        import importlib
        failed = []
        for name in {modules!r}:
            try:
                importlib.import_module(name)
            except ImportError as exc:
                failed.append(f"{{name}}: {{exc}}")
        print("\\n".join(failed))
        raise SystemExit(1 if failed else 0)
    """, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_review_record_runs_without_posix_only_modules(profiles_copy, tmp_path):
    profile = profiles_copy / "example.yaml"
    before = profile.read_text(encoding="utf-8")
    result = _run(f"""
        import sys
        from generator.cli.main import cli
        try:
            cli(["build", {str(profile)!r}, "--no-handbook", "-o", "out"], prog_name="policypack")
        except SystemExit as done:
            assert not done.code, f"build exited {{done.code}}"
        cli(["review", "record", {str(profile)!r}, "--on", "2026-11-20", "--approved-by", "Local Board",
             "--out", "out", "--db", {str(tmp_path / "reviews.sqlite3")!r}], prog_name="policypack")
    """, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    after = profile.read_text(encoding="utf-8")
    assert after != before and "last_reviewed: 2026-11-20" in after
    import sqlite3

    with sqlite3.connect(tmp_path / "reviews.sqlite3") as db:
        assert db.execute("SELECT approved_by FROM reviews").fetchall() == [("Local Board",)]
