"""Issue 13 pt 9: letters say, don't guess.

A reference that is not a safe file name is refused by row and column (never
rewritten, never quoted); --encrypt with no terminal and no password variable
is exit 1 with the fix; a letters folder anywhere gets a .gitignore.
"""

from __future__ import annotations

import os
import subprocess

import pytest
from helpers import POLICYPACK, ROOT, run_cli

from generator.documents.letters.secure import PASSWORD_ENV

EXAMPLE = str(ROOT / "profiles" / "example.yaml")


def letters(tmp_path, rows: str, *extra, env=None):
    families = tmp_path / "families.csv"
    families.write_text("reference,child_name,school_place\n" + rows, encoding="utf-8")
    return run_cli("letters", EXAMPLE, "--letter", "travel-to-school", "--families", str(families),
                   "-o", str(tmp_path / "out"), *extra, cwd=tmp_path, env=env)


@pytest.mark.parametrize("reference, why", [
    ("Zoë Smith", "is not a safe file name"),  # a name, with an accent and a space
    ("AB/12", "is not a safe file name"),
    ("..", "is not a safe file name"),
    ("CON", "is a name Windows keeps for a device"),
    ("nul", "is a name Windows keeps for a device"),
    ("com1", "is a name Windows keeps for a device"),
    ("x" * 81, "is not a safe file name"),
])
def test_unsafe_references_are_refused_by_row_and_column(tmp_path, reference, why):
    result = letters(tmp_path, f"R-OK,Kim,Site\n{reference},Lee,Site\n")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"row 3, column reference: {why}" in result.stderr
    assert "Lee" not in result.stderr  # nothing from the CSV is printed
    assert "device" in why or reference not in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "letters-out").exists()


def test_encrypt_without_a_terminal_or_password_variable_is_a_clean_refusal(tmp_path):
    families = tmp_path / "families.csv"
    families.write_text("reference,child_name,school_place\nR1,Kim,Site\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    result = subprocess.run([*POLICYPACK, "letters", EXAMPLE, "--letter", "travel-to-school", "--families",
                             str(families), "-o", str(tmp_path / "out"), "--encrypt"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert "no terminal" in result.stderr and PASSWORD_ENV in result.stderr and "fix:" in result.stderr
    for noise in ("GetPassWarning", "Aborted", "Traceback", "Password for the letters"):
        assert noise not in result.stderr + result.stdout
    assert not (tmp_path / "out").exists()


def test_a_letters_folder_outside_letters_out_gets_its_own_gitignore(tmp_path):
    result = letters(tmp_path, "R1,Kim,Site\n")
    assert result.returncode == 0, result.stderr
    ignore = tmp_path / "out" / ".gitignore"
    assert ignore.is_file() and "*" in ignore.read_text(encoding="utf-8").splitlines()
    # git agrees: nothing in the folder can be added by accident
    if subprocess.run(["git", "--version"], capture_output=True).returncode == 0:
        subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
        status = subprocess.run(["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
                                capture_output=True, text=True, encoding="utf-8", check=True).stdout
        assert "R1.docx" not in status
