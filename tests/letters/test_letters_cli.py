"""`policypack letters`: the acceptance tests of issue 5."""

from __future__ import annotations

import io
import os
import stat
import tempfile

import docx
import msoffcrypto
import pytest
from click.testing import CliRunner
from letters_kit import AWKWARD, AWKWARD_NAMES, PRIVATE, docx_text

from generator.cli.main import cli
from generator.documents.letters.secure import MARKER, PASSWORD_ENV

PASSWORD = "correct horse battery"


def run(*args, env=None, input=None):
    result = CliRunner().invoke(cli, ["letters", *map(str, args)], env=env, input=input, catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def letters_in(folder) -> dict[str, bytes]:
    # The marker and (issue 13 pt 9) the folder's own .gitignore are not letters.
    return {name: (folder / name).read_bytes() for name in os.listdir(folder) if name not in (MARKER, ".gitignore")}


def test_awkward_names_each_exactly_in_its_own_letter(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    files = letters_in(tmp_path / "out")
    assert sorted(files) == ["CP-001.docx", "CP-002.docx", "CP-003.docx"]
    for reference, (child, parent) in AWKWARD_NAMES.items():
        text = docx_text(files[f"{reference}.docx"])
        assert f"Child's name: {child}" in text
        assert f"Dear {parent}," in text
        assert f"We have kept a place for {child}." in text
        others = [c for r, (c, _) in AWKWARD_NAMES.items() if r != reference]
        assert not any(other in text for other in others)
    assert "Where: Main site, 1 Example Road" in docx_text(files["CP-001.docx"])
    assert "Where: Annexe\nBack Road" in docx_text(files["CP-002.docx"])  # a line break in the cell
    assert "49" not in docx_text(files["CP-003.docx"]).replace("0116 496", "")
    assert "notice: column 'Year group' is not used" in result.output
    assert "wrote 3 cp-plan-closure letters" in result.output and "NOT encrypted" in result.output


def test_family_data_never_in_file_names_or_output(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out")
    for child, parent in AWKWARD_NAMES.values():
        for value in (child, parent):
            assert value not in result.output
            assert all(value not in name for name in os.listdir(tmp_path / "out"))


def test_combined_one_letter_a_page_in_csv_order(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    result = run(profile, "--letter", "support-numbers", "--families", families, "-o", tmp_path / "out",
                 "--combined")
    assert result.exit_code == 0, result.output
    files = letters_in(tmp_path / "out")
    assert list(files) == ["support-numbers-letters.docx"]
    document = docx.Document(io.BytesIO(files["support-numbers-letters.docx"]))
    assert len(document.sections) == 3  # one section (page run) per letter
    dears = [p.text for p in document.paragraphs if p.text.startswith("Dear ")]
    assert dears == [f"Dear {parent}," for _, parent in AWKWARD_NAMES.values()]
    assert all(s.different_first_page_header_footer for s in document.sections)  # letterhead on each letter


def test_every_letter_renders_from_a_full_csv(profile, write_csv, tmp_path):
    header = ("reference,parent_name,child_name,address_line_1,address_line_2,town,postcode,letter_date,"
              "closure_start,school_place,place_start,place_days,place_times,social_worker,travel_days,"
              "travel_times,valid_until,key_worker_role,employer,contact_name,contact_phone,contact_frequency")
    row = ("R1,Jo Parent,Kim Child,1 Road,Flat 2,Leicester,LE1 1AA,6 January 2027,Monday 5 January,Main site,"
           "Monday 5 January,Monday to Friday,8.45am to 3.15pm,Sam Worker,Weekdays,8am to 9am,31 January 2027,"
           "nurse,Example Hospital,Pat Staff,0116 496 0999,twice a week")
    families = write_csv(header + "\n" + row + "\n")
    for letter in ("cp-plan-closure", "travel-to-school", "critical-worker-travel", "support-numbers"):
        result = run(profile, "--letter", letter, "--families", families, "-o", tmp_path / letter)
        assert result.exit_code == 0, result.output
        text = docx_text((tmp_path / letter / "R1.docx").read_bytes())
        assert "Kim Child" in text and "6 January 2027" in text
        assert "Robin Placeholder" in text  # letters.signatory: headteacher
        assert "Brookside Learning Centre" in text  # the letterhead


@pytest.mark.parametrize("csv_text, where", [
    ("reference,parent_name,school_place,place_start\r\nR1,Secret Parent,Site,Monday\r\n", "child_name"),
    ("reference,parent_name,child_name,school_place,place_start\r\nR1,Jo,Kim,Site,Monday\r\n"
     "R2,,Secret Child,Site,Monday\r\n", "row 3, column parent_name"),
])
def test_bad_csv_exits_1_names_row_and_column_writes_nothing_prints_no_family_data(
        profile, write_csv, tmp_path, csv_text, where):
    families = write_csv(csv_text)
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert where in result.output
    assert "Secret" not in result.output and "R2" not in result.output and "Kim" not in result.output
    assert not (tmp_path / "out").exists()
    assert not (tmp_path / "letters-out").exists()


def test_default_folder_and_owner_only_permissions(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    result = run(profile, "--letter", "travel-to-school", "--families", families)
    assert result.exit_code == 0, result.output
    root = tmp_path / "letters-out"
    folder = root / "brookside-ap" / "travel-to-school"
    for path in (root, root / "brookside-ap", folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700
    names = os.listdir(folder)
    assert len(names) == 4  # three letters and the marker
    for name in names:
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert not (tmp_path / "out").exists()  # never the build's output


def test_a_second_run_replaces_its_own_folder_but_never_a_foreign_one(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    out = tmp_path / "out"
    assert run(profile, "--letter", "travel-to-school", "--families", families, "-o", out).exit_code == 0
    one = write_csv("reference,child_name,school_place\nONLY,Kim,Site\n", name="one.csv")
    assert run(profile, "--letter", "travel-to-school", "--families", one, "-o", out).exit_code == 0
    assert sorted(letters_in(out)) == ["ONLY.docx"]
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me", encoding="utf-8")
    result = run(profile, "--letter", "travel-to-school", "--families", one, "-o", foreign)
    assert result.exit_code == 1 and "did not write" in result.output
    assert os.listdir(foreign) == ["mine.txt"]


def _decrypt(data: bytes, password: str) -> bytes:
    office = msoffcrypto.OfficeFile(io.BytesIO(data))
    office.load_key(password=password, verify_password=True)
    out = io.BytesIO()
    office.decrypt(out, verify_integrity=True)
    return out.getvalue()


def test_encrypt_round_trip_and_nothing_unencrypted_left(profile, write_csv, tmp_path, monkeypatch):
    families = write_csv(AWKWARD)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out",
                 "--encrypt", env={PASSWORD_ENV: PASSWORD})
    assert result.exit_code == 0, result.output
    assert "encrypted" in result.output and "NOT encrypted" not in result.output
    files = letters_in(tmp_path / "out")
    assert len(files) == 3
    for name, data in files.items():
        assert not data.startswith(b"PK")  # not a plain zip: an encrypted OLE container
        assert msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
        with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
            _decrypt(data, "wrong password")
        with pytest.raises(Exception):
            docx.Document(io.BytesIO(data))
        child, _ = AWKWARD_NAMES[name[:-5]]
        assert f"Child's name: {child}" in docx_text(_decrypt(data, PASSWORD))
    # No leftovers anywhere: not beside the folder, not in the temp folder.
    assert not [n for n in os.listdir(tmp_path) if ".writing-" in n]
    assert os.listdir(private_tmp) == []


def test_password_is_prompted_hidden_and_confirmed(profile, write_csv, tmp_path):
    # A real terminal (a pseudo-terminal): issue 13 pt 9 refuses to prompt without one.
    pty = pytest.importorskip("pty")
    import select
    import subprocess
    import sys
    import time

    families = write_csv(AWKWARD)
    env = {k: v for k, v in os.environ.items() if k != PASSWORD_ENV}
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator", "letters", str(profile), "--letter",
                                "travel-to-school", "--families", str(families), "-o", str(tmp_path / "out"),
                                "--combined", "--encrypt"], stdin=slave, stdout=slave, stderr=slave, env=env,
                               cwd=tmp_path, start_new_session=True)
    os.close(slave)
    seen = b""
    for prompt in (b"Password for the letters", b"Repeat for confirmation"):
        deadline = time.monotonic() + 60
        while prompt not in seen and time.monotonic() < deadline:
            if select.select([master], [], [], 1)[0]:
                seen += os.read(master, 1024)
        os.write(master, f"{PASSWORD}\n".encode())
    process.wait(timeout=120)
    try:
        while chunk := os.read(master, 1024):
            seen += chunk
    except OSError:
        pass  # the terminal closed with the process
    os.close(master)
    assert process.returncode == 0, seen.decode(errors="replace")
    assert PASSWORD.encode() not in seen  # hidden
    [data] = letters_in(tmp_path / "out").values()
    assert "Zoë O'Brien-Łukasz" in docx_text(_decrypt(data, PASSWORD))


def test_password_is_never_a_command_line_argument(profile, write_csv, tmp_path):
    result = CliRunner().invoke(cli, ["letters", str(profile), "--letter", "cp-plan-closure", "--families",
                                      str(write_csv(AWKWARD)), "--password", PASSWORD])
    assert result.exit_code == 2 and "No such option" in result.output


def test_short_password_is_refused_before_anything_is_written(profile, write_csv, tmp_path):
    result = run(profile, "--letter", "cp-plan-closure", "--families", write_csv(AWKWARD), "-o", tmp_path / "out",
                 "--encrypt", env={PASSWORD_ENV: "short"})
    assert result.exit_code == 1 and "at least 8 characters" in result.output
    assert not (tmp_path / "out").exists()


def test_unknown_letter_lists_the_letters(profile, write_csv):
    result = run(profile, "--letter", "nope", "--families", write_csv(AWKWARD))
    assert result.exit_code == 1
    assert "cp-plan-closure" in result.output and "support-numbers" in result.output


def test_private_numbers_absent_from_every_merged_letter(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    for letter in ("cp-plan-closure", "travel-to-school", "critical-worker-travel", "support-numbers"):
        result = run(profile, "--letter", letter, "--families", families, "-o", tmp_path / letter, "--combined")
        assert result.exit_code == 0, result.output
        [data] = letters_in(tmp_path / letter).values()
        text = docx_text(data)
        assert not [p for p in PRIVATE if p in text], letter
    support = docx_text(next(iter(letters_in(tmp_path / "support-numbers").values())))
    assert "0116 496 0302" in support and "0116 496 0301" in support  # public numbers are listed
    assert "Sam Sample" not in support  # a deputy with no public number is left out


def test_pdf_encrypted_with_aes(profile, write_csv, tmp_path, monkeypatch):
    from helpers import require_tool
    from pypdf import PdfReader

    require_tool("soffice")
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))
    families = write_csv(AWKWARD)
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out",
                 "--combined", "--pdf", "--encrypt", env={PASSWORD_ENV: PASSWORD})
    assert result.exit_code == 0, result.output
    files = letters_in(tmp_path / "out")
    assert sorted(files) == ["cp-plan-closure-letters.docx", "cp-plan-closure-letters.pdf"]
    reader = PdfReader(io.BytesIO(files["cp-plan-closure-letters.pdf"]))
    assert reader.is_encrypted
    assert reader.decrypt("wrong password") == 0
    reader = PdfReader(io.BytesIO(files["cp-plan-closure-letters.pdf"]))
    assert reader.decrypt(PASSWORD) != 0
    assert "/AESV3" in str(reader.trailer["/Encrypt"].get_object()) or reader.trailer["/Encrypt"]["/V"] == 5
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Zoë O'Brien-Łukasz" in text and len(reader.pages) == 3
    assert os.listdir(private_tmp) == []  # the unencrypted DOCX converted there is gone


def test_real_process_bad_row_exit_1_no_traceback_no_family_data(profile, write_csv, tmp_path):
    from helpers import run_cli

    families = write_csv("Reference,Parent name,Child name,School place,Place start\r\n"
                         "CP-1,Secret Parent,Secret Child,Main site,Monday\r\n"
                         "CP-2,Another Parent,,Main site,Monday\r\n")
    done = run_cli("letters", str(profile), "--letter", "cp-plan-closure", "--families", str(families),
                   "-o", str(tmp_path / "out"), env={PASSWORD_ENV: PASSWORD})
    assert done.returncode == 1
    assert "row 3, column child_name" in done.stderr
    assert "Traceback" not in done.stderr
    for value in ("Secret", "Another", "CP-1", "CP-2"):
        assert value not in done.stdout and value not in done.stderr
    assert not (tmp_path / "out").exists()


def test_pdf_one_file_per_family(profile, write_csv, tmp_path):
    from helpers import require_tool
    from pypdf import PdfReader

    require_tool("soffice")
    result = run(profile, "--letter", "key-worker-travel", "--families", write_csv(AWKWARD), "-o", tmp_path / "out",
                 "--pdf")
    assert result.exit_code == 0, result.output
    files = letters_in(tmp_path / "out")
    assert sorted(files) == [f"CP-00{i}.{ext}" for i in (1, 2, 3) for ext in ("docx", "pdf")]
    text = PdfReader(io.BytesIO(files["CP-002.pdf"])).pages[0].extract_text()
    assert "Smith & Sons" in text and "<script>alert(1)</script>" in text
    assert "DOCX and PDF" in result.output


def test_same_csv_same_bytes(profile, write_csv, tmp_path):
    families = write_csv(AWKWARD)
    for name in ("a", "b"):
        assert run(profile, "--letter", "support-numbers", "--families", families, "-o", tmp_path / name,
                   "--combined").exit_code == 0
    assert letters_in(tmp_path / "a") == letters_in(tmp_path / "b")


def test_never_inside_a_built_pack(profile, write_csv, tmp_path):
    pack = tmp_path / "out" / "brookside-ap"
    pack.mkdir(parents=True)
    (pack / "manifest.json").write_text("{}", encoding="utf-8")
    result = run(profile, "--letter", "travel-to-school", "--families", write_csv(AWKWARD), "-o", pack / "letters")
    assert result.exit_code == 1 and "inside a built pack" in result.output
    assert not (pack / "letters").exists()


def test_default_root_is_ignored_by_git(profile, write_csv, tmp_path):
    assert run(profile, "--letter", "travel-to-school", "--families", write_csv(AWKWARD)).exit_code == 0
    assert (tmp_path / "letters-out" / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")


def test_help_lists_the_options_and_stays_light():
    import subprocess
    import sys

    result = CliRunner().invoke(cli, ["letters", "--help"])
    assert result.exit_code == 0
    for option in ("--letter", "--families", "--out", "--combined", "--pdf", "--encrypt", "POLICYPACK_LETTER_PASSWORD"):
        assert option in result.output
    assert "--password" not in result.output
    check = ("import sys, generator.cli.main; "
             "heavy = [m for m in ('docx', 'docxtpl', 'msoffcrypto', 'pypdf', 'lxml') if m in sys.modules]; "
             "print(heavy); sys.exit(bool(heavy))")
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0, done.stdout + done.stderr


OVERRIDE = """\
---
title: Our own closure letter
subject: A setting's own wording
required: [reference, parent_name, child_name, school_place, place_start]
optional: [social_worker]
---
Dear {{ family.parent_name }},

Our own words for {{ family.child_name }}.
{% if family.social_worker %}

1. Ring {{ family.social_worker }}.
{% endif %}
"""


def test_a_setting_can_override_a_letter_and_mixed_shapes_are_checked(profile, write_csv, tmp_path):
    letters = profile.parent / "brookside-templates" / "letters"
    letters.mkdir(parents=True)
    (letters / "cp-plan-closure.md").write_text(OVERRIDE, encoding="utf-8")
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: brookside-templates\n", encoding="utf-8")
    families = write_csv("reference,parent_name,child_name,school_place,place_start,social_worker\n"
                         "R1,Jo,Kim,Site,Monday,Sam Worker\nR2,Al,Lee,Site,Monday,\n")
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "Our own words for Kim." in docx_text((tmp_path / "out" / "R1.docx").read_bytes())
    # A numbered list only some families get changes numbering.xml: one document cannot hold both.
    result = run(profile, "--letter", "cp-plan-closure", "--families", families, "-o", tmp_path / "both",
                 "--combined")
    assert result.exit_code == 1 and "cannot share one document" in result.output
    assert not (tmp_path / "both").exists()


def test_unwritable_folder_is_a_clean_error(profile, write_csv, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run(profile, "--letter", "travel-to-school", "--families", write_csv(AWKWARD), "-o", blocker / "out")
    assert result.exit_code == 1 and "cannot create the output folder" in result.output
