"""Issue 13 pt 7: a full disk, a read-only folder or a file-size limit is a clean error.

Faults are real: a file-size limit (RLIMIT_FSIZE, set in the child before
policypack starts: writes past it fail with EFBIG), a small tmpfs filled up
(ENOSPC; where this machine lets the test mount one), and a folder without
write permission.  Each command must exit 1 naming the path, with no
traceback, and leave the old output exactly as it was, with no half-written
file beside it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys

import pytest
from helpers import POLICYPACK, ROOT, run_cli

EXAMPLE = str(ROOT / "profiles" / "example.yaml")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE, tmpfs and POSIX modes")


def run_limited(limit: int, *args, cwd):
    """policypack with every file it writes limited to ``limit`` bytes."""
    import resource

    def limit_file_size():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([*POLICYPACK, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=600,
                          preexec_fn=limit_file_size)


def snapshot(folder) -> dict[str, bytes]:
    found = {}
    for base, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = handle.read()
    return found


def assert_clean_failure(result, path_part: str):
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert "cannot write" in result.stderr and path_part in result.stderr
    assert "fix:" in result.stderr


def test_build_and_handbook_under_a_file_size_limit_keep_the_old_output(tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", EXAMPLE, "-o", str(out), cwd=tmp_path, timeout=600).returncode == 0
    before = snapshot(out / "oakfield-ap")
    result = run_limited(20_000, "build", EXAMPLE, "-o", str(out), "--force", cwd=tmp_path)  # an unchanged pack is skipped
    assert_clean_failure(result, str(out))
    assert "ulimit" in result.stderr  # the fix names the cause
    assert snapshot(out / "oakfield-ap") == before
    assert os.listdir(out) == ["oakfield-ap"]  # no staging folder or lock file left

    site = tmp_path / "site"
    assert run_cli("handbook", EXAMPLE, "-o", str(site), cwd=tmp_path, timeout=600).returncode == 0
    before = snapshot(site)
    result = run_limited(20_000, "handbook", EXAMPLE, "-o", str(site), cwd=tmp_path)
    assert_clean_failure(result, str(site))
    assert snapshot(site) == before
    assert not [n for n in os.listdir(tmp_path) if ".building-" in n or ".old-" in n]


@pytest.mark.parametrize("command, name", [
    (("review", "report", EXAMPLE, "-o"), "report.html"),
    (("review", "calendar", EXAMPLE, "-o"), "reviews.ics"),
    (("schema", "-o"), "schema.json"),
])
def test_single_file_outputs_under_a_file_size_limit_keep_the_old_file(tmp_path, command, name):
    target = tmp_path / name
    target.write_bytes(b"the old file, kept as it was\n")
    result = run_limited(200, *command, str(target), cwd=tmp_path)
    assert_clean_failure(result, name)
    assert target.read_bytes() == b"the old file, kept as it was\n"
    assert sorted(os.listdir(tmp_path)) == sorted(["home", name])  # no temporary file left beside it


def test_review_record_under_a_file_size_limit_leaves_no_database(tmp_path):
    profiles = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", profiles)
    profile = profiles / "example.yaml"
    text = profile.read_bytes()
    result = run_limited(1024, "review", "record", str(profile), "--on", "2026-11-20", "--approved-by",
                         "Governing board", "--without-pack", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "bug" not in result.stderr
    assert "cannot" in result.stderr
    assert not [n for n in os.listdir(profiles) if n.endswith((".sqlite", ".db", "-wal", "-shm", "-journal"))]
    assert profile.read_bytes() == text


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_output_folder_is_a_clean_error(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        result = run_cli("build", EXAMPLE, "-o", str(out), "--no-handbook", cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr and str(out) in result.stderr
        assert os.listdir(out) == []
    finally:
        out.chmod(stat.S_IRWXU)


@pytest.fixture
def small_disk(tmp_path):
    """A 30 MB tmpfs, where this machine lets the test mount one (root on Linux)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root on Linux (the file-size-limit tests cover the rest)")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=30m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def fill(disk, leave: int) -> None:
    """Fill ``disk`` up, then free ``leave`` bytes."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    finally:
        os.close(fd)
    os.truncate(disk / "filler", max(0, os.path.getsize(disk / "filler") - leave))


def test_a_full_disk_during_build_keeps_the_old_pack(small_disk, tmp_path):
    out = small_disk / "out"
    first = run_cli("build", EXAMPLE, "-o", str(out), cwd=tmp_path, timeout=600)
    assert first.returncode == 0, first.stderr
    before = snapshot(out / "oakfield-ap")
    fill(small_disk, leave=200_000)
    result = run_cli("build", EXAMPLE, "-o", str(out), "--force", cwd=tmp_path, timeout=600)  # unchanged: skipped
    assert_clean_failure(result, str(out))
    assert "free some disk space" in result.stderr
    assert snapshot(out / "oakfield-ap") == before
    assert not [n for n in os.listdir(out) if ".building-" in n or ".old-" in n]


def test_a_template_cache_folder_owned_by_someone_else_is_not_used(tmp_path, monkeypatch):
    """Jinja's old default, /tmp/_jinja2-cache-<uid>, made by someone else crashed every build."""
    from generator.render import code_cache

    cache = tmp_path / "cache"
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(cache))
    assert code_cache.private_cache_folder() == str(cache / "templates")
    assert stat.S_IMODE(os.stat(cache / "templates").st_mode) == 0o700
    os.chmod(cache / "templates", 0o777)  # writable by anyone: not private any more
    assert code_cache.private_cache_folder() is None
    os.chmod(cache / "templates", 0o700)
    if os.geteuid() == 0:
        os.chown(cache / "templates", 12345, 12345)  # another account's folder
        assert code_cache.private_cache_folder() is None
        result = run_cli("build", EXAMPLE, "-o", str(tmp_path / "out"), "--no-handbook", cwd=tmp_path,
                         env={"POLICYPACK_CACHE_DIR": str(cache)})
        assert result.returncode == 0, result.stderr  # compiled afresh, no crash
        assert os.listdir(cache / "templates") == []
    shutil.rmtree(cache)
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", cache, target_is_directory=True)  # a link is not a private folder
    assert code_cache.private_cache_folder() is None
