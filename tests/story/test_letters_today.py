"""Letters fit today's families (issue 14 point 8): critical workers, the
setting's own words, an address a window envelope shows, a sign-off that
never stands alone, phone numbers that never break."""

from __future__ import annotations

import io
import pathlib

import docx
from click.testing import CliRunner
from helpers import ROOT, docx_text

from generator.cli.main import cli
from generator.docx.unbroken import NBSP
from generator.docx.xml import tag

HEADER = "reference,parent_name,child_name,address_line_1,town,postcode,school_place,place_start,critical_worker_role\n"
ROW = "R-1,Pat Example,Sam Example,1 Example Road,Leicester,LE1 1AA,Main site,Monday 5 January,nurse\n"
LETTERS = ("cp-plan-closure", "travel-to-school", "critical-worker-travel", "support-numbers")


def make(tmp_path: pathlib.Path, letter: str, profile: str = "example.yaml") -> docx.Document:
    families = tmp_path / "families.csv"
    families.write_text(HEADER + ROW, encoding="utf-8")
    out = tmp_path / f"out-{letter}-{profile}"
    result = CliRunner().invoke(cli, ["letters", str(ROOT / "profiles" / profile), "--letter", letter,
                                      "--families", str(families), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return docx.Document(io.BytesIO((out / "R-1.docx").read_bytes()))


def test_the_travel_letter_speaks_of_critical_workers_and_the_old_name_still_works(tmp_path):
    new = docx_text(make(tmp_path, "critical-worker-travel"))
    old = docx_text(make(tmp_path, "key-worker-travel"))
    assert "Pat Example is a critical worker: nurse." in new
    assert "key worker" not in new.lower()
    assert old == new


def test_no_letter_speaks_of_current_restrictions(tmp_path):
    for letter in LETTERS:
        assert "restrictions" not in docx_text(make(tmp_path, letter)).lower(), letter


def test_each_letter_uses_the_settings_own_words(tmp_path):
    centre = docx_text(make(tmp_path, "travel-to-school"))
    school = docx_text(make(tmp_path, "travel-to-school", "riverside-school.yaml"))
    assert "While our centre is closed to most learners" in centre
    assert "While our school is closed to most pupils" in school
    assert "carry it on every journey to and from our centre." in centre


def test_the_addressee_sits_in_a_dl_window_frame(tmp_path):
    for letter in ("cp-plan-closure", "support-numbers", "critical-worker-travel"):
        document = make(tmp_path, letter)
        framed = [p for p in document.paragraphs if p._p.find(f"{tag('w:pPr')}/{tag('w:framePr')}") is not None]
        assert [p.text for p in framed] == ["Pat Example", "1 Example Road\nLeicester\nLE1 1AA"], letter
        frame = framed[0]._p.find(f"{tag('w:pPr')}/{tag('w:framePr')}")
        mm = {k: int(frame.get(tag(f"w:{k}"))) / 56.7 for k in ("x", "y", "w", "h")}
        assert 15 <= mm["x"] <= 25 and 40 <= mm["y"] <= 50 and mm["w"] <= 90 and mm["h"] <= 40, mm
        assert frame.get(tag("w:hAnchor")) == "page" and frame.get(tag("w:vAnchor")) == "page"


def test_the_sign_off_is_kept_with_the_end_of_the_letter(tmp_path):
    for letter in LETTERS:
        body = list(make(tmp_path, letter).element.body)
        start = next(i for i, e in enumerate(body) if "".join(e.itertext()).startswith("Yours "))
        before = body[start - 1] if body[start - 1].tag == tag("w:p") else list(body[start - 1].iter(tag("w:p")))[-1]
        closing = [e for e in body[start:] if e.tag == tag("w:p")]
        assert len(closing) >= 3, letter  # "Yours ...", the name, the role
        for paragraph in [before, *closing[:-1]]:  # the end of the letter, "Yours ...", the name: keep with next
            assert paragraph.find(f"{tag('w:pPr')}/{tag('w:keepNext')}") is not None, (letter, "".join(paragraph.itertext()))
        assert all(p.find(f"{tag('w:pPr')}/{tag('w:keepLines')}") is not None for p in closing), letter


def test_phone_numbers_never_break_inside_a_table_cell(tmp_path):
    document = make(tmp_path, "support-numbers")
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    numbers = [c for c in cells if c[:1].isdigit()]
    assert "0808" + NBSP + "800" + NBSP + "5000" in numbers and "0116" + NBSP + "496" + NBSP + "0000" in numbers
    assert not [c for c in numbers if " " in c]
