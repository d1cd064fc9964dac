"""Work folders of killed PDF runs are removed by the next run; a live run's
folder is left alone, however old it looks."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from generator.docx import pdf as pdf_module

HOLD = textwrap.dedent("""
    import sys, tempfile, time
    tempfile.tempdir = sys.argv[1]
    from generator.docx import pdf
    with pdf._work_folder() as work:
        open(work + "/00000.docx", "wb").close()
        print(work, flush=True)
        time.sleep(600)
""")


def _holder(folder):
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(folder)], stdout=subprocess.PIPE, text=True,
                               encoding="utf-8")
    return process, process.stdout.readline().strip()


def _age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_a_killed_runs_work_folder_goes_and_a_live_one_stays(tmp_path):
    killed, killed_folder = _holder(tmp_path)
    live, live_folder = _holder(tmp_path)
    try:
        killed.kill()  # as the task manager or kill -9 would: no clean-up runs
        killed.wait(timeout=30)
        killed.stdout.close()
        for folder in (killed_folder, live_folder):
            assert os.path.isdir(folder) and os.path.basename(folder).startswith(pdf_module.WORK_PREFIX)
            _age(folder, 2 * pdf_module.GRACE_SECONDS)
        young = tmp_path / "policypack-pdf-young"  # being made this instant: not yet locked
        young.mkdir()
        removed = pdf_module.remove_leftovers(str(tmp_path))
        assert removed == [killed_folder]
        assert not os.path.exists(killed_folder)
        assert os.path.isdir(live_folder) and os.path.isdir(young)
    finally:
        live.kill()
        live.wait(timeout=30)
        live.stdout.close()


def test_unlocked_leftovers_go_only_when_older_than_any_live_call(tmp_path):
    old_profile = tmp_path / "policypack-lo-abc123"  # per-call profiles of older versions
    old_work = tmp_path / "policypack-pdf-def456"
    recent = tmp_path / "policypack-lo-recent"
    other = tmp_path / "someone-elses-folder"
    for folder in (old_profile, old_work, recent, other):
        folder.mkdir()
        (folder / "registrymodifications.xcu").write_text("x", encoding="utf-8")
    for folder in (old_profile, old_work, other):
        _age(folder, pdf_module.STALE_SECONDS + 60)
    _age(recent, pdf_module.STALE_SECONDS - 60)
    removed = sorted(pdf_module.remove_leftovers(str(tmp_path)))
    assert removed == sorted([str(old_profile), str(old_work)])
    assert recent.is_dir() and other.is_dir()
