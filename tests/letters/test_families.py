"""Reading families CSVs as spreadsheets save them, and checking them."""

from __future__ import annotations

import pytest

from generator.documents.letters.families import (
    decode,
    parse_families,
    read_families,
    safe_file_stem,
)
from generator.documents.letters.spec import LetterSpec
from generator.errors import UserError

SPEC = LetterSpec("cp-plan-closure", "Title", "Subject",
                  required=("reference", "parent_name", "child_name"),
                  optional=("address_line_1", "postcode", "letter_date"))


def test_bom_crlf_quoted_comma_and_line_break_and_trailing_empty_rows():
    text = decode(("\ufeffreference,parent_name,child_name,address_line_1\r\n"
                   'R1,"Smith, Jo",Zoë,"1 Road\r\nFlat 2"\r\n'
                   ",,,\r\n\r\n").encode("utf-8"))
    table = parse_families(text, SPEC)
    [family] = table.families
    assert family.row == 2
    assert family["reference"] == "R1"
    assert family["parent_name"] == "Smith, Jo"
    assert family["child_name"] == "Zoë"
    assert family["address_line_1"] == "1 Road\nFlat 2"


def test_windows_1252_export_is_read():
    data = "reference,parent_name,child_name\r\nR1,Zoë O’Brien,Chloé\r\n".encode("cp1252")
    [family] = parse_families(decode(data), SPEC).families
    assert family["parent_name"] == "Zoë O’Brien"
    assert family["child_name"] == "Chloé"


def test_utf16_and_semicolons_and_friendly_headers():
    data = "Reference;Parent Name;child-name\r\nR1;Jo;Kim\r\n".encode("utf-16")
    [family] = parse_families(decode(data), SPEC).families
    assert (family["reference"], family["parent_name"], family["child_name"]) == ("R1", "Jo", "Kim")


def test_unknown_columns_are_ignored_and_named():
    table = parse_families("reference,parent_name,child_name,Year group\nR1,Jo,Kim,7\n", SPEC)
    assert table.ignored == ("Year group",)
    assert "year_group" not in table.families[0].values


def test_missing_column_names_the_column_and_no_cell():
    # No header row at all: the first family would be read as the header.
    with pytest.raises(UserError) as raised:
        parse_families("R1,Secret Parent,Secret Child\n", SPEC)
    message = str(raised.value)
    assert "reference" in message and "parent_name" in message and "child_name" in message
    assert "Secret" not in message


def test_empty_required_field_names_row_and_column_only():
    text = "reference,parent_name,child_name\nR1,Jo,Kim\nR2,,Secret Child\nR3,Al,\n"
    with pytest.raises(UserError) as raised:
        parse_families(text, SPEC)
    message = str(raised.value)
    assert "row 3, column parent_name" in message
    assert "row 4, column child_name" in message
    assert "Secret" not in message and "R2" not in message


def test_rows_count_like_a_spreadsheet_even_with_line_breaks_in_cells():
    text = 'reference,parent_name,child_name\nR1,"Jo\nSmith",Kim\n,,\nR3,,Lee\n'
    with pytest.raises(UserError) as raised:
        parse_families(text, SPEC)
    assert "row 4, column parent_name" in str(raised.value)


def test_duplicate_file_names_from_references():
    # Windows and macOS do not tell AB-1 from ab-1 (issue 13 pt 9 refuses "AB/1" and "ab 1" themselves).
    text = "reference,parent_name,child_name\nAB-1,Jo,Kim\nab-1,Al,Lee\n"
    with pytest.raises(UserError) as raised:
        parse_families(text, SPEC)
    assert "row 3, column reference: gives the same file name as row 2" in str(raised.value)


def test_too_many_values_in_a_row():
    with pytest.raises(UserError) as raised:
        parse_families("reference,parent_name,child_name\nR1,Jo,Kim,Extra Secret\n", SPEC)
    assert "row 2" in str(raised.value) and "Secret" not in str(raised.value)


def test_header_only_and_empty_files(tmp_path):
    with pytest.raises(UserError, match="no families"):
        parse_families("reference,parent_name,child_name\r\n,,\r\n", SPEC)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UserError, match="empty"):
        read_families(str(empty), SPEC)


def test_control_characters_are_dropped():
    [family] = parse_families("reference,parent_name,child_name\nR1,Jo\x0b\x01,Kim\n", SPEC).families
    assert family["parent_name"] == "Jo"


def test_file_stems_are_the_checked_references():
    assert safe_file_stem("CP-0417") == "CP-0417"


@pytest.mark.parametrize("reference", ["AB/12 x", "../../etc", "R 1", "Zoë"])
def test_unsafe_references_are_refused_not_rewritten(reference):
    # Issue 13 pt 9: once rewritten as a file name ("Zoë" -> "Zo"); now refused by row and column.
    with pytest.raises(UserError) as raised:
        parse_families(f"reference,parent_name,child_name\n{reference},Jo,Kim\n", SPEC)
    assert "row 2, column reference: is not a safe file name" in str(raised.value)


def test_excel_separator_line():
    [family] = parse_families("sep=;\r\nreference;parent_name;child_name\r\nR1;Smith, Jo;Kim\r\n", SPEC).families
    assert family["parent_name"] == "Smith, Jo" and family.row == 2


def test_trailing_empty_columns_from_excel():
    table = parse_families("reference,parent_name,child_name,,\r\nR1,Jo,Kim,,\r\n", SPEC)
    assert table.ignored == () and table.families[0]["child_name"] == "Kim"
