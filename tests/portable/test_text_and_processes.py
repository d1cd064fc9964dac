"""What Windows and macOS do differently with text and processes, run here:

- a console in a legacy code page (cp1252), with every `open()` that relies on
  the locale's encoding turned into an error (EncodingWarning);
- batches under the ``spawn`` start method (the default on Windows and macOS);
- profiles saved with CRLF and a byte-order mark (Notepad), or as UTF-16
  (PowerShell 5's ``>``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from helpers import POLICYPACK, profile_variant

NAME = "Zoë Łukasz – Oakfield Learning Centre"  # Ł is not in cp1252; – and ë are
STRICT_TEXT = {"PYTHONIOENCODING": "cp1252", "PYTHONWARNDEFAULTENCODING": "1",
               "PYTHONWARNINGS": "error::EncodingWarning", "PYTHONUTF8": "0"}


def _cli(*args, cwd, env=None):
    return subprocess.run([*POLICYPACK, *map(str, args)], cwd=cwd, env={**os.environ, **STRICT_TEXT, **(env or {})},
                          capture_output=True, encoding="cp1252", errors="strict", timeout=900)


def test_the_suite_itself_warns_on_default_encodings():
    """CI runs the suite with -X warn_default_encoding (dev.py, the workflow):
    with pytest's filterwarnings = error, any such open() fails its test."""
    if os.environ.get("CI") == "true":
        assert sys.flags.warn_default_encoding, "run the suite with python -X warn_default_encoding"


def test_cli_on_a_cp1252_console_with_encoding_warnings_as_errors(tmp_path):
    profile = profile_variant(tmp_path, {"organisation.name": NAME})
    db = tmp_path / "reviews.sqlite3"
    commands = [
        (["validate", profile], 0, "valid (Zoë ?ukasz – Oakfield Learning Centre)"),
        (["check", profile], None, ""),
        (["build", profile, "-o", tmp_path / "out"], 0, "built "),
        (["review", "record", profile, "--on", "2026-11-20", "--approved-by", "Local Board – Zoë", "--db", db], 0, ""),
        (["review", "status", profile, "--db", db], None, "Zoë ?ukasz"),
        (["doctor"], None, "policypack"),
        (["validate", tmp_path / "missing.yaml"], 1, "does not exist"),
    ]
    for args, code, words in commands:
        result = _cli(*args, cwd=tmp_path)
        seen = result.stdout + result.stderr
        assert "Traceback" not in seen and "EncodingWarning" not in seen, (args, seen)
        assert result.returncode in ((code,) if code is not None else (0, 1, 3)), (args, seen)
        assert words in seen, (args, seen)


def test_batch_under_spawn_builds_every_profile(profiles_copy, tmp_path):
    code = ("import multiprocessing, sys\n"
            "multiprocessing.set_start_method('spawn', force=True)\n"
            "from generator.cli.main import main\n"
            "sys.argv[0] = 'policypack'\n"
            "main()\n")
    result = subprocess.run([sys.executable, "-c", code, "build", str(profiles_copy), "--jobs", "2", "-o", "out"],
                            cwd=tmp_path, env={**os.environ, **STRICT_TEXT}, capture_output=True, encoding="cp1252",
                            timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    profiles = sorted(p for p in profiles_copy.glob("*.yaml"))
    assert len(profiles) >= 2
    built = {json.loads(m.read_text(encoding="utf-8"))["organisation"] for m in (tmp_path / "out").glob("*/manifest.json")}
    assert len(built) == len(profiles), result.stdout
    for folder in (tmp_path / "out").iterdir():
        assert (folder / "handbook" / "index.html").is_file() and (folder / "safeguarding-policy.docx").is_file()


def test_a_notepad_profile_with_bom_and_crlf_loads_and_a_utf16_one_says_save_as_utf8(tmp_path):
    from generator.errors import ProfileInvalid
    from generator.profile.load import load_profile

    profile = profile_variant(tmp_path, {"organisation.name": NAME})
    text = profile.read_text(encoding="utf-8")
    profile.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_profile(str(profile)).profile.organisation.name == NAME
    for encoding in ("utf-16", "utf-16-le"):  # PowerShell 5's `>` (with a mark); a mark-less copy
        profile.write_bytes(text.encode(encoding))
        try:
            load_profile(str(profile))
        except ProfileInvalid as exc:
            message = str(exc)
        else:
            raise AssertionError("a UTF-16 profile loaded")
        assert "saved as UTF-16" in message and "save it as UTF-8" in message and "binary" not in message
