"""Read a families CSV, as Excel and friends save it, and check it.

Copes with UTF-8 (with or without the BOM Excel adds), Windows-1252 (Excel's
"CSV" on Windows), UTF-16 ("Unicode text"), CRLF or LF line ends, quoted
fields holding commas or line breaks, ``;`` or tab separators, and empty
rows anywhere (Excel leaves trailing ones).

Family data is personal data: no message made here ever contains a value
from the file, only row numbers (as a spreadsheet shows them: the header is
row 1) and column names.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from generator.documents.letters.spec import ADDRESS_COLUMNS, LetterSpec
from generator.errors import UserError
from generator.filenames import is_device_name
from generator.yamlload import looks_utf16

MAX_BYTES = 20 * 1024 * 1024
MAX_FAMILIES = 20_000
MAX_CHARS = 500  # in one cell
MAX_SHOWN = 20  # problems listed in one message
# XML 1.0 cannot hold most control characters; a stray one from a paste is
# dropped rather than breaking the letter (tab and line breaks are kept).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_HEADER_CHARS = re.compile(r"[\s\-]+")
_FIX = "fix the file in your spreadsheet, save it as CSV, and run the command again"


@dataclass(frozen=True)
class Family:
    row: int  # spreadsheet row number (header = 1)
    values: dict  # column -> text ("" when empty)

    def __getitem__(self, column: str) -> str:
        return self.values.get(column, "")


@dataclass(frozen=True)
class FamilyTable:
    families: tuple[Family, ...]
    ignored: tuple[str, ...]  # header names of columns the letter does not use


def normalise_header(name: str) -> str:
    return _HEADER_CHARS.sub("_", name.strip().lower()).strip("_")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8")
    if looks_utf16(data):  # Excel's "Unicode text", PowerShell 5's `>`: read it as it is
        return _decode(data, _utf16_kind(data))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1252")


def _utf16_kind(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"  # the mark says which byte order
    return "utf-16-le" if data[1:200:2].count(0) > data[0:200:2].count(0) else "utf-16-be"


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding.startswith("utf-16"):
            raise UserError("the families file is saved as UTF-16 (Windows 'Unicode' text) but is not valid UTF-16",
                            "in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'") from None
        raise UserError("the families file is not readable text (neither UTF-8 nor Windows-1252)",
                        "in Excel choose File > Save As > 'CSV UTF-8 (Comma delimited)'") from None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    if "," in first:
        return ","
    return max(("\t", ";"), key=first.count) if ("\t" in first or ";" in first) else ","


def read_families(path: str, spec: LetterSpec) -> FamilyTable:
    """The families in ``path`` for the letter ``spec``; raises UserError
    listing every problem (row and column, never a value)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise UserError(f"cannot read the families file {path}: {exc.strerror}", "check the path") from None
    if len(data) > MAX_BYTES:
        raise UserError(f"the families file is larger than {MAX_BYTES // (1024 * 1024)} MB",
                        "split it into smaller files")
    return parse_families(decode(data), spec)


def parse_families(text: str, spec: LetterSpec) -> FamilyTable:
    delimiter = _delimiter(text)
    excel_hint = re.match(r"sep=(.)\r?\n", text)
    if excel_hint:  # Excel's "sep=;" line: not a row of the sheet
        delimiter, text = excel_hint.group(1), text[excel_hint.end():]
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        # csv's messages name no values (e.g. "unexpected end of data").
        raise UserError(f"the families file is not valid CSV ({exc})", _FIX) from None
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise UserError("the families file is empty", "put the column names in row 1 and one family per row below")

    header = [normalise_header(cell) for cell in rows[0]]
    problems: list[str] = []
    missing = [c for c in spec.required if c not in header]
    if missing:
        # The first row may be a family rather than a header: name no cells.
        raise UserError(
            f"the families file has no column {', '.join(missing)} (letter {spec.name} needs: "
            f"{', '.join(spec.required)})",
            "put the column names in row 1, spelled as in docs/letters.md, then " + _FIX)
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name and name in seen:
            problems.append(f"row 1: column {name} appears twice (columns {seen[name] + 1} and {index + 1})")
        seen.setdefault(name, index)
    used = {name: seen[name] for name in spec.columns if name in seen}
    ignored = tuple(rows[0][i].strip() for i, name in enumerate(header)
                    if name and name not in spec.columns)

    families: list[Family] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # an empty row: Excel leaves them; skip wherever they are
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
            problems.append(f"row {number}: has more values than there are column names in row 1")
            continue
        values = {}
        for name, index in used.items():
            value = _CONTROL.sub("", cells[index] if index < len(cells) else "")
            value = "\n".join(line.strip() for line in value.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n"))
            if len(value) > MAX_CHARS:
                problems.append(f"row {number}, column {name}: longer than {MAX_CHARS} characters")
            values[name] = value
        for name in spec.required:
            if not values.get(name, "").strip():
                problems.append(f"row {number}, column {name}: empty, but letter {spec.name} needs it")
        families.append(Family(number, values))
        if len(families) > MAX_FAMILIES:
            raise UserError(f"the families file has more than {MAX_FAMILIES:,} families", "split it into smaller files")

    problems += _check_references(families)
    if problems:
        shown = problems[:MAX_SHOWN]
        more = f"\n  ... and {len(problems) - MAX_SHOWN} more" if len(problems) > MAX_SHOWN else ""
        raise UserError(f"the families file has {len(problems)} problem{'s' if len(problems) != 1 else ''}; "
                        "no letters were written:\n  " + "\n  ".join(shown) + more, _FIX)
    if not families:
        raise UserError("the families file has column names but no families", "add one family per row below row 1")
    return FamilyTable(tuple(families), ignored)


# A reference names a letter's file, so it must be a file name on every system,
# as written: it is refused, never rewritten ("Zoë Smith" would become a name in a file name).
SAFE_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


def safe_file_stem(reference: str) -> str:
    """The file name (without .docx) of a checked reference: the reference itself."""
    return reference.strip()


def reference_problem(reference: str) -> str:
    """Why ``reference`` cannot name a file ('' when it can); never quotes the value."""
    if not SAFE_REFERENCE.fullmatch(reference):
        return ("is not a safe file name: use only letters A-Z, digits, '-' and '_' (no spaces or accents), "
                "at most 80 characters, e.g. CP-0417")
    if is_device_name(reference):
        return "is a name Windows keeps for a device (CON, PRN, AUX, NUL, COM1-9, LPT1-9): add a prefix, e.g. R-CON"
    return ""


def _check_references(families: list[Family]) -> list[str]:
    problems = []
    first: dict[str, int] = {}
    for family in families:
        reference = family["reference"]
        if not reference.strip():
            continue  # reported as empty already
        problem = reference_problem(reference)
        stem = reference.lower()  # Windows and macOS do not tell R1 from r1
        if problem:
            problems.append(f"row {family.row}, column reference: {problem}")
        elif stem in first:
            problems.append(f"row {family.row}, column reference: gives the same file name as row {first[stem]}")
        else:
            first[stem] = family.row
    return problems


def address_of(family: Family) -> str:
    return "\n".join(family[c] for c in ADDRESS_COLUMNS if family[c].strip())
