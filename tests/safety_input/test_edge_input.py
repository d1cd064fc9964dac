"""Issue 13 point 8: edge input is refused with a message.

Ids and patterns are matched whole; a NUL byte in any path is exit 1, not 70;
dates are bounded; a logo over 5 MB or 4,000 pixels is refused (and says so);
`review record` and `review verify` follow only regular files inside the
pack folder."""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
import zlib

import pytest
from click.testing import CliRunner
from helpers import profile_variant, run_cli

from generator.cli.main import cli


def _clean(result, *words):
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "hit a bug" not in output, output
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "fix:" in result.stderr


# -- patterns matched whole ---------------------------------------------------------------

@pytest.mark.parametrize("key, value, words", [
    ("organisation.id", "oakfield-ap\n", ["organisation.id", "'oakfield-ap\\n' is not a valid id"]),
    ("organisation.id", "oakfield-ap\r\n", ["organisation.id"]),
])
def test_an_id_with_a_trailing_newline_is_refused(tmp_path, key, value, words):
    profile = profile_variant(tmp_path, {key: value})
    _clean(run_cli("validate", str(profile)), *words)


def test_a_prompt_id_with_a_trailing_newline_is_refused(tmp_path):
    profile = profile_variant(tmp_path, {"policy.answers": {"attendance-monitoring\n": "We ring home."}})
    _clean(run_cli("validate", str(profile)), "policy.answers", "is not a prompt id")


# -- NUL bytes in paths ---------------------------------------------------------------------

@pytest.mark.parametrize("key, value, words", [
    ("extends", "la/leic\0estershire.yaml", ["example.yaml:", "extends:", "NUL"]),
    ("organisation.logo", "lo\0go.png", ["organisation.logo"]),
    ("templates.dir", "cus\0tom", ["templates.dir", "NUL"]),
])
def test_a_nul_byte_in_a_profile_path(tmp_path, key, value, words):
    profile = profile_variant(tmp_path, {key: value})
    result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path)
    _clean(result, *words)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args", [
    ["letters", "profiles/example.yaml", "--letter", "cp-plan-closure", "--families", "fami\0lies.csv"],
    ["build", "profiles/exa\0mple.yaml"],
    ["templates", "check", "temp\0lates"],
    ["review", "status", "profiles", "--db", "re\0views.sqlite3"],
])
def test_a_nul_byte_in_a_command_line_argument(args):
    """A real command line cannot carry a NUL on POSIX; Windows and programs calling policypack can."""
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "NUL character" in result.output and "fix:" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# -- dates ----------------------------------------------------------------------------------

def test_dates_far_in_the_future_are_refused(tmp_path):
    profile = profile_variant(tmp_path, {"review.last_reviewed": dt.date(9999, 12, 1),
                                         "review.next_review": dt.date(9999, 12, 31)})
    _clean(run_cli("validate", str(profile)), "review.next_review", "9999-12-31 is out of range", "2199-12-31")
    calendar = run_cli("review", "calendar", str(profile), "-o", str(tmp_path / "reviews.ics"), cwd=tmp_path)
    assert "Traceback" not in calendar.stderr and calendar.returncode != 70, calendar.stderr
    assert "example.yaml: the profile could not be loaded" in calendar.stdout + calendar.stderr


@pytest.mark.parametrize("option", ["--on", "--today"])
def test_a_date_option_far_in_the_future_is_refused(tmp_path, option):
    profile = profile_variant(tmp_path)
    args = ["review", "record", str(profile), "--approved-by", "Local Board", "--db", str(tmp_path / "r.sqlite3")]
    args += ["--on", "9999-12-31"] if option == "--on" else ["--on", "2026-09-01", "--today", "9999-12-31"]
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2 and "out of range" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "r.sqlite3").exists()


# -- logos ----------------------------------------------------------------------------------

def _png(width: int, height: int, padding: int = 0) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + (chunk(b"zzZz", b"\x00" * padding) if padding else b"")
            + chunk(b"IEND", b""))


@pytest.mark.parametrize("image, words", [
    (_png(40, 40, padding=6_000_000), ["6.0 MB", "at most 5 MB", "refused"]),
    (_png(4_001, 2), ["4,001 x 2 pixels", "at most 4,000 pixels", "refused"]),
    (_png(2, 5_000), ["2 x 5,000 pixels", "refused"]),
])
def test_a_logo_over_the_limit_is_refused(tmp_path, image, words):
    profile = profile_variant(tmp_path, {"organisation.logo": "logo.png"})
    (profile.parent / "logo.png").write_bytes(image)
    result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path)
    _clean(result, "organisation.logo", *words)
    assert not (tmp_path / "out").exists()


def test_a_logo_under_the_limit_is_used(tmp_path):
    profile = profile_variant(tmp_path, {"organisation.logo": "logo.png"})
    (profile.parent / "logo.png").write_bytes(_png(4_000, 3))
    assert run_cli("validate", str(profile)).returncode == 0


# -- manifests that point out of the pack -------------------------------------------------------

@pytest.fixture
def built(tmp_path):
    profile = profile_variant(tmp_path)
    result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return profile, tmp_path / "out" / "oakfield-ap"


def _add_document(pack, path: str) -> None:
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"].append({"path": path, "sha256": "0" * 64, "kind": "policy"})
    (pack / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _record(profile, tmp_path):
    return run_cli("review", "record", str(profile), "--on", "2026-09-01", "--approved-by", "Local Board",
                   "--out", "out", "--db", "r.sqlite3", cwd=tmp_path, timeout=60)


@pytest.mark.parametrize("path", ["/dev/zero", "../../secret.txt", "../oakfield-ap/../../x", "C:/Windows/win.ini"])
def test_record_refuses_a_manifest_path_out_of_the_pack(built, tmp_path, path):
    profile, pack = built
    (tmp_path / "secret.txt").write_text("not part of the pack", encoding="utf-8")
    _add_document(pack, path)
    result = _record(profile, tmp_path)
    _clean(result, "manifest.json", repr(path), "not a file inside the pack folder")
    assert not (tmp_path / "r.sqlite3").exists()


@pytest.mark.parametrize("target", ["/dev/zero", "outside"])
def test_links_out_of_the_pack_are_never_followed(built, tmp_path, target):
    """A link inside the pack to /dev/zero (record once read it forever) or to a file outside: treated as missing.

    `review record` now rebuilds the pack before it hashes it (issue 17), so the
    manifest reader that record and verify share is checked here directly."""
    from generator.review.manifest import read_pack

    profile, pack = built
    outside = tmp_path / "outside.docx"
    outside.write_bytes(b"outside the pack")
    (pack / "zero.docx").symlink_to("/dev/zero" if target == "/dev/zero" else outside)
    (pack / "forms" / "extra").mkdir()
    (pack / "forms" / "extra" / "link.docx").symlink_to("/dev/zero")
    _add_document(pack, "zero.docx")
    _add_document(pack, "forms/extra")
    read = read_pack(pack.parent, pack.name)
    states = {d.path: d.on_disk for d in read.documents}
    assert states["zero.docx"] == "missing" and states["forms/extra"] != "same"  # its link is skipped, never read
    assert os.path.islink(pack / "zero.docx")
