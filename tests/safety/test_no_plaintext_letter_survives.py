"""Issue 13 pt 2: with `letters --pdf --encrypt`, no plaintext letter survives.

A real `policypack letters --pdf --encrypt` in a subprocess, with TMPDIR
pointing into the test's folder, is stopped by a real signal while
LibreOffice converts; then that folder and the output are searched for any
unencrypted DOCX or PDF.  While LibreOffice runs, its environment and command
line are read from /proc: the password is in neither.
"""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import time

import pytest
from helpers import POLICYPACK, ROOT, require_tool, run_cli

from generator.documents.letters.secure import PASSWORD_ENV

PASSWORD = "a long test password 42"
EXAMPLE = str(ROOT / "profiles" / "example.yaml")
FAMILIES = 40  # enough for LibreOffice to take a few seconds

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals (Windows: SIGBREAK, same handler)")


def families_csv(tmp_path):
    path = tmp_path / "families.csv"
    rows = "".join(f"R{n:03d},Child Number {n},Main site\n" for n in range(FAMILIES))
    path.write_text("reference,child_name,school_place\n" + rows, encoding="utf-8")
    return path


def start(tmp_path):
    require_tool("soffice")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), PASSWORD_ENV: PASSWORD}
    process = subprocess.Popen([*POLICYPACK, "letters", EXAMPLE, "--letter", "travel-to-school", "--families",
                                str(families_csv(tmp_path)), "-o", str(tmp_path / "out"), "--pdf", "--encrypt"],
                               env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    return process, temp


def descendants(pid: int) -> list[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parents[int(entry)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, frontier = [], [pid]
    while frontier:
        current = frontier.pop()
        children = [child for child, parent in parents.items() if parent == current]
        found += children
        frontier += children
    return found


def wait_for_conversion(process, temp) -> list[int]:
    """Wait until LibreOffice is converting the plaintext letters; return its process ids."""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        converting = glob.glob(str(temp / "policypack-letters-*" / "policypack-pdf-*"))
        children = descendants(process.pid)
        if converting and children:
            time.sleep(1)  # LibreOffice has started reading the letters
            return children
        time.sleep(0.2)
    pytest.fail("LibreOffice never started converting")


def unencrypted_files(*folders) -> list[str]:
    found = []
    for folder in folders:
        for base, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(base, name)
                if os.path.islink(path):
                    continue
                with open(path, "rb") as handle:
                    data = handle.read()
                if data.startswith(b"PK") or (data.startswith(b"%PDF") and b"/Encrypt" not in data):
                    found.append(path)
    return found


def stop(pids) -> None:
    """Stop LibreOffice processes this test started (orphans of a killed run)."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT", "SIGHUP"])
def test_a_signal_during_pdf_conversion_leaves_no_plaintext(tmp_path, signame):
    process, temp = start(tmp_path)
    children = wait_for_conversion(process, temp)
    if os.path.isdir("/proc"):
        for pid in children:  # the password never reaches a child's environment or command line
            try:
                with open(f"/proc/{pid}/environ", "rb") as handle:
                    environment = handle.read()
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    command = handle.read()
            except OSError:
                continue  # it has just ended
            assert PASSWORD.encode() not in environment and PASSWORD_ENV.encode() not in environment
            assert PASSWORD.encode() not in command
    signum = getattr(signal, signame)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    time.sleep(2)  # anything LibreOffice would still write
    stop(children)
    assert process.returncode == 128 + signum, stderr
    assert f"stopped by {signame}" in stderr and "Traceback" not in stderr
    assert unencrypted_files(temp, tmp_path / "out") == []
    assert not (tmp_path / "out").exists()
    # The plaintext folder and its lock file are gone.  (A LibreOffice that outlived its launcher may
    # recreate its settings folder there; it holds no letter, and the next run removes it.)
    left = [os.path.join(base, name) for base, _, names in os.walk(temp) for name in names]
    assert not [path for path in left if path.endswith((".docx", ".pdf", ".lock"))], left


def test_after_a_sigkill_the_next_run_removes_the_plaintext_and_says_so(tmp_path):
    process, temp = start(tmp_path)
    children = wait_for_conversion(process, temp)
    process.kill()
    process.communicate(timeout=60)
    stop(children)
    [left] = glob.glob(str(temp / "policypack-letters-*[!k]"))  # the dead run's folder (not its .lock)
    assert os.path.isdir(left) and unencrypted_files(left)  # plaintext was there: the test is real
    again = run_cli("letters", EXAMPLE, "--letter", "travel-to-school", "--families", str(families_csv(tmp_path)),
                    "-o", str(tmp_path / "second"), env={"TMPDIR": str(temp), PASSWORD_ENV: PASSWORD}, cwd=tmp_path,
                    timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"removed {left}" in again.stderr and "unencrypted letters" in again.stderr
    assert unencrypted_files(temp) == [] and not os.path.exists(left)


def test_a_live_runs_folder_is_not_taken_for_a_leftover(tmp_path):
    """The clean-up removes only folders whose lock no live run holds."""
    from generator.documents.letters.plaintext import plaintext_folder, remove_stale

    import tempfile

    saved = tempfile.tempdir
    tempfile.tempdir = str(tmp_path)
    try:
        with plaintext_folder(PASSWORD_ENV) as private:
            assert remove_stale(str(tmp_path)) == [] and os.path.isdir(private)
            assert oct(os.stat(private).st_mode & 0o777) == "0o700"
            assert tempfile.gettempdir() == private  # LibreOffice's work folders go inside it
        assert not os.path.exists(private)
    finally:
        tempfile.tempdir = saved
