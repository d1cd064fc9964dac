"""`policypack templates check DIR` on small template folders built here."""

from __future__ import annotations

import os
import re
import shutil
import time
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from helpers import ROOT, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.templates_check.checks import CONTENT_FOLDERS, check_folder

BUDGET = 30  # seconds; a check renders nothing


def _check(folder, cwd):
    started = time.monotonic()
    result = run_cli("templates", "check", str(folder), cwd=cwd, timeout=BUDGET + 30)
    assert time.monotonic() - started < BUDGET
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _write(folder, relative, text):
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _findings(result) -> list[str]:
    """The finding lines (FILE:LINE: message), without the fix lines and the summary."""
    return [line for line in (result.stdout + result.stderr).splitlines()
            if line and not line.startswith("    fix:") and not re.search(r": \d+ error\(s\), \d+ warning\(s\)$", line)]


def _fix_after(result, finding_part: str) -> str:
    lines = (result.stdout + result.stderr).splitlines()
    for number, line in enumerate(lines):
        if finding_part in line:
            assert lines[number + 1].startswith("    fix: "), lines[number:number + 2]
            return lines[number + 1]
    raise AssertionError(f"no finding with {finding_part!r} in {lines}")


def test_the_built_in_templates_pass(tmp_path):
    result = _check(ROOT / "templates", tmp_path)  # the handbook's pages too: templates/handbook/
    assert result.returncode == 0, result.stdout + result.stderr
    assert _findings(result) == []
    assert result.stdout.strip().endswith("0 error(s), 0 warning(s)")


def test_a_copy_of_the_built_in_policy_with_one_mistake_has_exactly_that_finding(tmp_path):
    folder = tmp_path / "tpl"
    shutil.copytree(ROOT / "templates" / "policy", folder / "policy")
    section = folder / "policy" / "01-purpose-and-aims.md"
    text = section.read_text(encoding="utf-8")
    assert "{{ org.name }}" in text
    section.write_text(text.replace("{{ org.name }}", "{{ org.nmae }}", 1), encoding="utf-8")
    line = text[: text.index("{{ org.name }}")].count("\n") + 1
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    assert _findings(result) == [f"{section}:{line}: 'org.nmae': Organisation has no 'nmae'"]
    assert "did you mean 'name'?" in _fix_after(result, "nmae")


def test_content_template_findings_name_file_line_and_fix(tmp_path):
    folder = tmp_path / "tpl"
    policy = _write(folder, "policy/01-purpose.md", (
        "---\n"
        "prompts:\n"
        "  - id: our-way\n"
        "    question: How do we do it?\n"
        "---\n"
        "# Purpose\n"                                        # 6
        "\n"
        "{{ org.nmae }} works with {{ contacts.lado.phone.tell }}.\n"  # 8
        "{{ orgg }}\n"                                       # 9
        "{% for deputy in people.deputy_dsls %}\n"           # 10
        "- {{ deputy.job_titel }}\n"                         # 11
        "{% endfor %}\n"
        "{{ answer(\"our-way\") }}\n"                        # 13 fine
        "{{ answer(\"our-wya\") }}\n"                        # 14
        "{{ review.owner.name }} {{ org.kind_label }} {{ guidance.kcsie_title }} {{ today | longdate }}\n"
        "{{ answer(\u201cour-way\u201d) }}\n"                # 16
    ))
    broken = _write(folder, "policy/02-broken.md", "# Broken\n\nIntro\n\n{% if org.phone %}\nRing us.\n")
    front = _write(folder, "policy/03-front.md", "---\nprompts:\n  - id: [oops\n---\n# Front\n")
    addendum = _write(folder, "addendum/01-levels.md",
                      "# Levels\n\n{% for lv in levels %}\n- {{ lv.label }}: {{ lv.colour }}\n{% endfor %}\n"
                      "{{ scheme.name }} {{ family }}\n")
    letter = _write(folder, "letters/note.md", "# Note\n\n{{ family.child }} {{ levels }}\n")
    data = _write(folder, "addendum/document.yaml", "title: Addendum\nslug: [unclosed\n")
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    found = _findings(result)
    expected = [
        f"{policy}:8: 'org.nmae': Organisation has no 'nmae'",
        f"{policy}:8: 'contacts.lado.phone.tell': Phone has no 'tell'",
        f"{policy}:9: 'orgg' is not a value templates get",
        f"{policy}:11: 'deputy.job_titel': Person has no 'job_titel'",
        f"{policy}:14: answer('our-wya') names a prompt that no policy template declares",
        f"{policy}:16: curly quotes inside the tag {{{{ answer(\u201cour-way\u201d) }}}}",
        f"{front}:3: the front matter is not valid YAML",
        f"{addendum}:4: 'lv.colour': VulnerabilityLevel has no 'colour'",
        f"{addendum}:6: 'family' is not a value templates get",
        f"{letter}:3: 'levels' is not a value templates get",
    ]
    for wanted in expected:
        assert any(line.startswith(wanted) for line in found), (wanted, found)
    syntax = [line for line in found if line.startswith(f"{broken}:")]
    assert len(syntax) == 1 and "template syntax error" in syntax[0] and "endif" in syntax[0], found
    assert any(line.startswith(f"{data}:") and "not valid YAML" in line for line in found), found
    assert len(found) == len(expected) + 2, found
    assert "did you mean 'our-way'?" in _fix_after(result, "our-wya")
    assert "straight quotes" in _fix_after(result, "curly quotes")
    assert "did you mean 'org'?" in _fix_after(result, "'orgg'")
    assert result.stderr.strip().endswith(f"{folder}: {len(found)} error(s), 0 warning(s)")


def test_jinja_syntax_error_shows_the_text_around(tmp_path):
    folder = tmp_path / "tpl"
    path = _write(folder, "policy/01-a.md", "# A\n\nCall {{ contacts.lado.phone }.\n")
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    (line,) = _findings(result)
    assert line.startswith(f"{path}:3: template syntax error:") and "Call {{ contacts.lado.phone }." in line


def test_include_is_reported(tmp_path):
    folder = tmp_path / "tpl"
    path = _write(folder, "policy/01-a.md", "# A\n\n{% include '/etc/passwd' %}\n")
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    assert _findings(result) == [f"{path}:3: include, import and extends are not allowed (templates never read files)"]


# -- Word masters ----------------------------------------------------------------

def _master(path, paragraphs, table_rows=()):
    """A master made with python-docx from the built-in one (its styles, header and footer), its body
    replaced: each paragraph is a list of runs."""
    document = docx.Document(ROOT / "templates" / "masters" / "document.docx")
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for text in runs:
            paragraph.add_run(text)
    if table_rows:
        table = document.add_table(rows=0, cols=2)
        for cells in table_rows:
            row = table.add_row()
            for cell, text in zip(row.cells, cells):
                cell.paragraphs[0].add_run(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


def test_a_master_without_the_styles_the_body_needs(tmp_path):
    folder = tmp_path / "tpl"
    path = folder / "masters" / "document.docx"
    path.parent.mkdir(parents=True)
    document = docx.Document()  # python-docx's default: no Note, Warning, Table Text, ... styles
    document.add_paragraph("{{ body }}")
    document.save(path)
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    (line,) = _findings(result)
    assert line.startswith(f"{path}: the master lacks styles the documents use: ") and '"Note Box"' in line


def test_a_good_master_passes(tmp_path):
    folder = tmp_path / "tpl"
    _master(folder / "masters/document.docx", [["{{ title }}"], ["{%p if draft %}"], ["DRAFT"], ["{%p endif %}"],
                                                 ["{{ body }}"]])
    result = _check(folder, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert _findings(result) == []


def test_master_with_curly_quotes_and_split_tags(tmp_path):
    folder = tmp_path / "tpl"
    path = _master(folder / "masters/document.docx", [
        ["{{ title }}"],
        ["{{ org_name|default(\u201cus\u201d) }}"],            # 2: curly quotes docxtpl straightens: a warning
        ["{{ org_phone|default(\u201eus\u201d) }}"],            # 3: a low-9 quote docxtpl leaves: an error
        ["{{ org_", "address }}"],                           # 4: split across runs (docxtpl joins: a warning)
        ["Phone {{ org_", ], ["phone }}"],                  # 5-6: split across paragraphs: an error
        ["{{ body }}"],
    ])
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    found = _findings(result)
    assert any(line.startswith(f"{path}: warning: body, paragraph 2 (") and "curly quotes inside the tag" in line
               for line in found), found
    assert any(line.startswith(f"{path}: body, paragraph 3 (") and "curly quotes inside the tag" in line
               and "cannot straighten" in line for line in found), found
    split_runs = [line for line in found if "paragraph 4 (" in line]
    assert len(split_runs) == 1 and "warning:" in split_runs[0] and "split across 2 pieces" in split_runs[0], found
    assert any("paragraph 5 (\"Phone {{ org_\")" in line and "not closed in its paragraph" in line for line in found), found
    assert result.stderr.strip().endswith("2 error(s), 2 warning(s)")


def test_a_master_with_only_straightened_quotes_passes_with_a_warning(tmp_path):
    folder = tmp_path / "tpl"
    path = _master(folder / "masters/document.docx", [["{{ org_name|default(\u2018us\u2019) }}"], ["{{ body }}"]])
    result = _check(folder, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    (line,) = _findings(result)
    assert line.startswith(f"{path}: warning: body, paragraph 1 (") and "docxtpl straightens" in line


def test_master_p_and_tr_misuse(tmp_path):
    folder = tmp_path / "tpl"
    path = _master(folder / "masters/form.docx",
                   [["{%p if draft %} DRAFT"], ["{%p endif %}"], ["{%p if toc % 2 %}"], ["{%p endif %}"], ["{{ body }}"]],
                   table_rows=[["{%tr if draft %}", "x"], ["a", "b"], ["{%tr endif %}", ""]])
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    found = _findings(result)
    assert any("paragraph 1 (" in line and "{%p if draft %} must be alone in its paragraph" in line for line in found), found
    assert any("paragraph 3 (" in line and "'%' or '}' inside {%p if toc % 2 %}" in line for line in found), found
    assert any("{%tr if draft %} must be alone in its table row" in line for line in found), found
    assert not any("{%tr endif %}" in line for line in found), found  # alone in its row (the other cell is empty)
    assert all(line.startswith(f"{path}: ") for line in found)


def test_master_unknown_name_and_missing_body(tmp_path):
    folder = tmp_path / "tpl"
    path = _master(folder / "masters/letter.docx", [["{{ organisation_name }}"]])
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    found = _findings(result)
    assert f"{path}: the body uses unknown name(s): organisation_name" in found, found
    assert any(line.startswith(f"{path}: the body has no {{{{ body }}}} paragraph") for line in found), found
    assert "org_name" in _fix_after(result, "unknown name(s)")


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_text("I am not a Word document", encoding="utf-8"), "not a Word document (.docx)"),
    (lambda p: zipfile.ZipFile(p, "w").writestr("hello.txt", "hi"), "not a Word document (.docx): it has no word/document.xml"),
])
def test_a_master_that_is_not_a_docx(tmp_path, make, words):
    folder = tmp_path / "tpl"
    (folder / "masters").mkdir(parents=True)
    path = folder / "masters" / "document.docx"
    make(path)
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    assert _findings(result) == [f"{path}: {words}"]


def test_a_link_out_of_the_folder_is_reported_and_not_read(tmp_path):
    folder = tmp_path / "tpl"
    (folder / "policy").mkdir(parents=True)
    outside = _write(tmp_path, "secret.md", "{{ broken")
    (folder / "policy" / "01-a.md").symlink_to(outside)
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    (line,) = _findings(result)
    assert line == f"{folder / 'policy' / '01-a.md'}: is a link to a file outside the template folder"


def test_not_a_folder(tmp_path):
    result = _check(tmp_path / "nope", tmp_path)
    assert result.returncode != 0
    assert "nope" in result.stderr


def test_document_descriptions_need_their_keys_and_a_plain_slug(tmp_path):
    folder = tmp_path / "tpl"
    policy = _write(folder, "policy/document.yaml", "title: T\nsubject: [a, b]\n")
    addendum = _write(folder, "addendum/document.yaml", "- a list\n")
    chart = _write(folder, "flowchart/mine.yaml", "title: Chart\nslug: ../../escape\n")
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    assert sorted(_findings(result)) == sorted([
        f"{policy}:1: slug: is missing or not text",
        f"{policy}:2: subject: is missing or not text",
        f"{addendum}:1: must be a mapping with slug:, title: and subject:",
        f"{chart}:2: slug: '../../escape' is not a plain file name",
    ])


def test_a_hostile_template_folder_is_reported_not_crashed(tmp_path):
    """Deep nesting (libyaml segfaults, Jinja's parser recurses), binary, huge and linked files."""
    folder = tmp_path / "tpl"
    _write(folder, "addendum/deep.yaml", "[" * 100_000 + "]" * 100_000)
    _write(folder, "policy/01-deep.md", "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}\n")
    _write(folder, "policy/02-front.md", "---\nx: " + "{a: " * 100_000 + "}" * 100_000 + "\n---\n# x\n")
    _write(folder, "letters/nest.md", "{% if family %}" * 3000 + "{% endif %}" * 3000)
    _write(folder, "policy/03-chain.md", "{{ org" + ".name" * 5000 + " }}\n")
    _write(folder, "policy/04-many.md", "{{ org.name }}\n" * 20_000)
    (folder / "policy" / "05-bin.md").write_bytes(bytes(range(256)) * 100)
    (folder / "policy" / "loop").symlink_to(folder)
    result = _check(folder, tmp_path)
    assert result.returncode == 1
    found = _findings(result)
    expected = {
        "addendum/deep.yaml:1: not usable: nested more than 40 levels deep",
        "policy/01-deep.md:1: template syntax error: the template is nested too deeply",
        "policy/02-front.md:2: the front matter is nested more than 40 levels deep",
        "letters/nest.md:1: template syntax error: the template is nested too deeply",
        "policy/03-chain.md:1: template syntax error: the template is nested too deeply",
        "policy/04-many.md:1: template syntax error: the template is too big to compile",
        "policy/05-bin.md: is a binary file, not a text template",
    }
    for wanted in expected:
        assert any(line.startswith(f"{folder}/{wanted}") for line in found), (wanted, found)
    assert len(found) == len(expected), found


# -- property-based: the check never crashes on what a person might type -----------

FRAGMENTS = ["{{", "}}", "{%", "%}", "{#", "#}", "{%p ", "{%tr ", " if ", " for x in ", " endif ", " endfor ",
             "org.name", "people.dsl.nmae", "answer(\"x\")", "answer(", "\u201c", "\u201d", "'", '"', "|", "(", ")",
             "[", "]", ".", "~", "*", "**", "\n", "---\n", "prompts:\n  - id: a\n", "- ", "# ", "levels", "x"]


@settings(max_examples=int(os.environ.get("POLICYPACK_FUZZ_EXAMPLES", "150")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=st.lists(st.sampled_from(FRAGMENTS), max_size=40), folder_name=st.sampled_from(CONTENT_FOLDERS))
def test_random_template_text_never_crashes_the_check(tmp_path, pieces, folder_name):
    folder = tmp_path / "fuzz"
    shutil.rmtree(folder, ignore_errors=True)
    path = _write(folder, f"{folder_name}/01-x.md", "".join(pieces))
    report = check_folder(str(folder))  # in-process: any exception fails the test
    assert all(p.file == str(path) and p.message for p in report.problems)
