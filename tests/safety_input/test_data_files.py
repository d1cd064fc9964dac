"""Issue 13 point 4: every data file of a template folder is loaded like a
profile (size, aliases, depth, tabs, duplicate keys) and checked against a
schema: a wrong type, a bomb or deep nesting gives exit 1 with the file and
line, never exit 70 or an out-of-memory kill.  `templates check` reports the
same file and line."""

from __future__ import annotations

import pytest
from helpers import run_cli

from generator.errors import TemplateProblem
from generator.sources.data import parse_template_yaml
from generator.sources.templates import builtin_dir

BOMB = "\n".join(['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
                 + [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]) + "\n"
DEEP_BLOCK = "".join("  " * i + f"k{i}:\n" for i in range(60)) + "  " * 60 + "v: 1\n"
DEEP_FLOW = "x: " + "[" * 50_000 + "]" * 50_000 + "\n"
FORM = "slug: logging-a-concern\ntitle: Logging a concern\nversion: '1.0'\n"
CHART = "slug: worried-about-a-child\ntitle: T\nrows:\n  - boxes:\n      - {id: a, style: start, title: A}\n"
DOCUMENT = "slug: emergency-closure-addendum\ntitle: T\nsubject: S\naudience: staff\n"


@pytest.mark.parametrize("name, text, words", [
    # wrong types that code indexed directly (exit 70 before)
    ("flowchart/styles.yaml", "start: 5\n", ["styles.yaml:1:", "start:", "should be a mapping"]),
    ("flowchart/styles.yaml", "start: {fill: EAF0F8}\n", ["styles.yaml:1:", "start.border:", "is missing"]),
    ("flowchart/worried-about-a-child.yaml", CHART + "links: [5]\n", ["worried-about-a-child.yaml:6:", "links.0:"]),
    ("forms/10-logging-a-concern.yaml", FORM + "sections: 5\n", ["10-logging-a-concern.yaml:4:", "sections:"]),
    ("forms/10-logging-a-concern.yaml", FORM + "sections:\n  - fields:\n      items: [just text]\n",
     ["10-logging-a-concern.yaml:6:", "sections.0.fields.items.0:", "should be a mapping"]),
    ("forms/10-logging-a-concern.yaml", FORM + "pages: [two]\n", ["10-logging-a-concern.yaml:4:", "pages:"]),
    ("forms/_forms.yaml", "footer: [a]\n", ["_forms.yaml:1:", "footer:", "should be text"]),
    ("addendum/document.yaml", DOCUMENT + "table_widths: 5\n", ["addendum/document.yaml:5:", "table_widths:"]),
    ("addendum/schemes.yaml", "categories:\n  name: c\n  levels: [{key: '1', label: L, meaning: M, contact: [x]}]\n",
     ["schemes.yaml:3:", "categories.levels.0.contact:"]),
    ("letters/columns.yaml", "reference: [a, b]\n", ["columns.yaml:1:", "reference:", "should be text"]),
    ("policy/document.yaml", "slug: \"safeguarding-policy\\n\"\ntitle: T\nsubject: S\n",
     ["policy/document.yaml:1:", "slug:"]),
    # bombs, depth, size, duplicates
    ("letters/columns.yaml", BOMB, ["columns.yaml:", "alias bomb"]),
    ("forms/10-logging-a-concern.yaml", FORM + "extra:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines()),
     ["10-logging-a-concern.yaml:", "alias bomb"]),
    ("addendum/schemes.yaml", "categories:\n" + "".join("  " + line + "\n" for line in DEEP_BLOCK.splitlines()),
     ["schemes.yaml:", "nested more than 40 levels"]),
    ("flowchart/worried-about-a-child.yaml", CHART + DEEP_FLOW, ["worried-about-a-child.yaml:6:", "nested more than"]),
    ("forms/_forms.yaml", "footer: x\nsubject: |\n" + "  lorem ipsum dolor\n" * 20_000,
     ["_forms.yaml", "at most 200,000"]),
    ("flowchart/styles.yaml", "start: {fill: EAF0F8, border: 2F5496}\nstart: {fill: EAF0F8, border: 2F5496}\n",
     ["styles.yaml:2:", "appears twice"]),
])
def test_a_broken_data_file_stops_the_build_with_its_line(profiles_copy, tmp_path, name, text, words):
    path = profiles_copy / "custom" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    profile = profiles_copy / "example.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: custom\n", encoding="utf-8")
    result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "hit a bug" not in result.stderr, result.stderr
    assert str(path) in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "fix:" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

    check = run_cli("templates", "check", str(profiles_copy / "custom"), timeout=120)
    assert check.returncode == 1, check.stdout + check.stderr
    location = next((word for word in words if word.endswith(":") and ".yaml:" in word), words[0])
    assert location in check.stderr, check.stderr


def test_handbook_labels_of_the_wrong_shape(profiles_copy, tmp_path):
    """The labels file is read by the handbook: `policypack handbook` refuses it with its line."""
    path = profiles_copy / "custom" / "handbook" / "labels.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("site_name: My site\nnav: [home, policy]\n", encoding="utf-8")
    profile = profiles_copy / "example.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: custom\n", encoding="utf-8")
    result = run_cli("handbook", str(profile), "-o", str(tmp_path / "site"), cwd=tmp_path, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{path}:2: nav:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    path.write_text(BOMB, encoding="utf-8")
    result = run_cli("handbook", str(profile), "-o", str(tmp_path / "site"), cwd=tmp_path, timeout=300)
    assert result.returncode == 1 and "alias bomb" in result.stderr, result.stderr


def test_every_built_in_data_file_fits_its_schema():
    import pathlib

    root = pathlib.Path(builtin_dir())
    checked = 0
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).as_posix()
        if name.split("/", 1)[0] in ("profile", "review"):
            continue
        parse_template_yaml(path.read_text(encoding="utf-8"), str(path), name)
        checked += 1
    assert checked >= 15


def test_the_message_names_file_line_and_key_in_process():
    with pytest.raises(TemplateProblem) as raised:
        parse_template_yaml("site_name: x\ncallouts:\n  note: [a]\n", "custom/handbook/labels.yaml",
                            "handbook/labels.yaml")
    assert str(raised.value).startswith("custom/handbook/labels.yaml:3: callouts.note: should be text"), raised.value
