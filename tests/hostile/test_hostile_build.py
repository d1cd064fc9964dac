"""Hostile and broken input through the real `policypack build`: for every
case a clear message naming the file (and key or line), exit code 1, no
traceback, nothing written (the output folder exactly as it was), and a
bounded time."""

from __future__ import annotations

import hashlib
import io
import os
import resource
import subprocess
import time
import zipfile

import pytest
from helpers import ROOT, run_cli

MAX_RSS_KB = 1_000_000
BOUND = 60  # seconds for one refused build (the sandbox's step budget ends runaway templates in about 2 s)


def _snapshot(folder) -> dict:
    """Every file and folder under ``folder`` with a digest of its bytes."""
    found = {}
    for base, dirs, names in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(base, name), folder)] = "dir"
        for name in names:
            path = os.path.join(base, name)
            with open(path, "rb") as handle:
                found[os.path.relpath(path, folder)] = hashlib.sha256(handle.read()).hexdigest()
    return found


@pytest.fixture
def pack(profiles_copy, tmp_path):
    """profiles/ (a private copy) and an out/ folder holding a previous build's files."""
    previous = tmp_path / "out" / "oakfield-ap"
    previous.mkdir(parents=True)
    # A previous build's manifest names its organisation and policypack (issue 13 pt 1: otherwise the folder is not replaced).
    (previous / "manifest.json").write_text('{"organisation": "oakfield-ap", "generator": "policypack 0.1.0", "previous": true}',
                                            encoding="utf-8")
    (previous / "safeguarding-policy.docx").write_bytes(b"previous build")
    return profiles_copy


def refused(profile, tmp_path, *words, bound=BOUND, hang_after=None):
    """Build ``profile``; it must fail cleanly and write nothing.  Returns stderr."""
    before = _snapshot(tmp_path / "out")
    peak_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    try:
        result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path,
                         timeout=hang_after or bound + 60)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"policypack build hung (killed after {hang_after or bound + 60} s)") from None
    elapsed = time.monotonic() - started
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output and "policypack hit a bug" not in output, output
    for word in words:
        assert word in result.stderr, (word, result.stderr)
    assert "fix:" in result.stderr, result.stderr
    assert elapsed < bound, f"took {elapsed:.1f} s"
    # bounded memory: ru_maxrss is the largest child waited for so far (kB on Linux); if this build raised it,
    # this build is that child (an 18 MB template once took 8 GB to compile)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert peak <= max(peak_before, MAX_RSS_KB), f"the build used {peak // 1000} MB"
    assert _snapshot(tmp_path / "out") == before, "the build wrote or removed something"
    return result.stderr


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- profile files -----------------------------------------------------------------

@pytest.mark.parametrize("old, new, words", [
    ("  name: Oakfield Learning Centre\n", "  name: [Oakfield\n", ["example.yaml:", "YAML syntax error"]),
    ("  name: Oakfield Learning Centre\n", "  name: 42\n", ["example.yaml:9:", "organisation.name"]),
    ("  name: Oakfield Learning Centre\n", "  name:\n    first: Oak\n", ["example.yaml:9:", "organisation.name"]),
    ("  deputy_dsls:\n", "  deputy_dsls: a list in words\n  unused:\n", ["example.yaml:", "people.deputy_dsls"]),
    ("schema_version: 1\n", "schema_version: \"one\"\n", ["example.yaml:4:", "schema_version"]),
    ("review:\n  last_reviewed: 2026-09-01\n", "review:\n  last_reviewed: 31/02/2026\n",
     ["example.yaml:", "review.last_reviewed"]),
    pytest.param('      phone: "0116 496 0123"\n', "      phone: {}\n", ["example.yaml:25:", "people.deputy_dsls.0.phone"]),
    ('  email: office@oakfield.example\n', "  email: [a, b]\n", ["example.yaml:13:", "organisation.email"]),
    ("  deputy_dsls:\n", "  deputy_dsls:\n    - just a name\n  unused_deputies:\n", ["example.yaml:", "people.deputy_dsls"]),
])
def test_malformed_yaml_and_wrong_types(pack, tmp_path, old, new, words):
    _replace(pack / "example.yaml", old, new)
    refused(pack / "example.yaml", tmp_path, *words)


def test_a_front_door_without_a_name(pack, tmp_path):
    la = pack / "la" / "nottingham.yaml"
    _replace(la, "    name: Children and Families Direct (MASH)\n", "")
    refused(pack / "riverside-school.yaml", tmp_path, "nottingham.yaml:", "contacts.front_door")


def test_an_organisation_name_longer_than_a_document_property_may_be(pack, tmp_path):
    _replace(pack / "example.yaml", "  name: Oakfield Learning Centre\n", "  name: " + "Oakfield Learning Centre " * 12 + "\n")
    refused(pack / "example.yaml", tmp_path, "example.yaml:9:", "organisation.name")


def test_an_enormous_file(pack, tmp_path):
    huge = pack / "huge.yaml"
    with open(huge, "w", encoding="utf-8") as handle:
        handle.write("schema_version: 1\nnotes: |\n")
        handle.writelines("  " + "x" * 48 + "\n" for _ in range(200_000))  # 10 MB
    assert "a profile may be at most" in refused(huge, tmp_path, "huge.yaml", "MB")


def test_a_long_list_under_the_size_limit(pack, tmp_path):
    """60,000 entries in 700 kB: refused by the node count, before anything is built."""
    many = pack / "many.yaml"
    many.write_text("schema_version: 1\nlist:\n" + "".join(f"  - {i}\n" for i in range(60_000)), encoding="utf-8")
    refused(many, tmp_path, "many.yaml")


def test_deep_nesting(pack, tmp_path):
    deep = pack / "deep.yaml"
    deep.write_text("schema_version: 1\norganisation: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    refused(deep, tmp_path, "deep.yaml", "nested more than")
    deep.write_text("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v: 1\n", encoding="utf-8")
    refused(deep, tmp_path, "deep.yaml", "nested more than")


def test_deep_flow_nesting_that_crashes_libyaml(pack, tmp_path):
    """100,000 nested [ in 200 kB: libyaml's C composer recursed until the process died (exit 139)."""
    deep = pack / "deep.yaml"
    deep.write_text("schema_version: 1\norganisation: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    refused(deep, tmp_path, "deep.yaml:2:", "nested more than", bound=20)


def test_a_crashing_profile_in_a_batch_does_not_stop_the_others(pack, tmp_path):
    (pack / "deep.yaml").write_text("organisation: " + "{a: " * 100_000 + "}" * 100_000 + "\n", encoding="utf-8")
    result = run_cli("build", str(pack), "--jobs", "2", "--no-handbook", "-o", "batch-out", cwd=tmp_path,
                     env={"COLUMNS": "250"}, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "built: 1  draft: 1  failed: 1" in result.stdout, result.stdout
    assert "nested more than" in result.stdout
    assert (tmp_path / "batch-out" / "oakfield-ap" / "manifest.json").exists()
    assert (tmp_path / "batch-out" / "riverside-primary" / "manifest.json").exists()


def test_an_alias_bomb(pack, tmp_path):
    bomb = pack / "bomb.yaml"
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb.write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(bomb, tmp_path, "bomb.yaml", "alias", bound=20)


@pytest.mark.parametrize("data, words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, ["binary file"]),
    (os.urandom(0) + bytes(range(1, 256)) * 10, ["not UTF-8"]),
    ("schema_version: 1\norganisation:\n  name: Caf\u00e9\n".encode("latin-1"), ["bin.yaml:3", "not UTF-8"]),
    (b"\xef\xbb\xbf" + b"\t\tname: x\n", ["bin.yaml:1", "tab"]),
])
def test_binary_and_badly_encoded_files(pack, tmp_path, data, words):
    path = pack / "bin.yaml"
    path.write_bytes(data)
    refused(path, tmp_path, "bin.yaml", *words)


# -- paths that leave the profiles folder ---------------------------------------------

def test_extends_outside_the_profiles_folder(pack, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text((pack / "la" / "leicestershire.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _replace(pack / "example.yaml", "extends: la/leicestershire.yaml", "extends: ../outside.yaml")
    refused(pack / "example.yaml", tmp_path, "example.yaml:5:", "extends", "outside the profiles folder")
    _replace(pack / "example.yaml", "extends: ../outside.yaml", "extends: /etc/passwd")
    refused(pack / "example.yaml", tmp_path, "example.yaml:5:", "outside the profiles folder")


def test_a_symlink_out_of_the_profiles_folder(pack, tmp_path):
    """The LA file is a link to a copy outside profiles/: refused, and never read."""
    outside = tmp_path / "elsewhere" / "leicestershire.yaml"
    outside.parent.mkdir()
    outside.write_text((pack / "la" / "leicestershire.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (pack / "la" / "leicestershire.yaml").unlink()
    (pack / "la" / "leicestershire.yaml").symlink_to(outside)
    refused(pack / "example.yaml", tmp_path, "example.yaml:5:", "outside the profiles folder")


def test_a_logo_outside_the_profiles_folder(pack, tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for value in ("../logo.png", str(png), "/etc/passwd"):
        text = (pack / "example.yaml").read_text(encoding="utf-8")
        (pack / "example.yaml").write_text(text.replace("  kind: alternative_provision\n",
                                                        f"  kind: alternative_provision\n  logo: {value}\n", 1),
                                           encoding="utf-8")
        refused(pack / "example.yaml", tmp_path, "example.yaml:11:", "organisation.logo", "outside the profiles folder")
        (pack / "example.yaml").write_text(text, encoding="utf-8")


def test_a_logo_link_out_of_the_profiles_folder(pack, tmp_path):
    png = tmp_path / "logo.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (pack / "logo.png").symlink_to(png)
    _replace(pack / "example.yaml", "  kind: alternative_provision\n", "  kind: alternative_provision\n  logo: logo.png\n")
    refused(pack / "example.yaml", tmp_path, "example.yaml:11:", "organisation.logo", "outside the profiles folder")


def test_a_logo_with_a_png_signature_and_junk_after_it(pack, tmp_path):
    (pack / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    _replace(pack / "example.yaml", "  kind: alternative_provision\n", "  kind: alternative_provision\n  logo: logo.png\n")
    refused(pack / "example.yaml", tmp_path, "example.yaml:11:", "organisation.logo")


def test_a_named_pipe_among_the_profiles(pack, tmp_path):
    """A FIFO called zz.yaml: opening it waits for a writer forever; a batch over *.yaml hung."""
    os.mkfifo(pack / "zz.yaml")
    started = time.monotonic()
    result = run_cli("build", str(pack / "*.yaml"), "--jobs", "2", "--no-handbook", "-o", "out", cwd=tmp_path,
                     env={"COLUMNS": "250"}, timeout=120)
    assert time.monotonic() - started < 60
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert "not a regular file" in result.stdout and "built: 1  draft: 1  failed: 1" in result.stdout, result.stdout
    refused(pack / "zz.yaml", tmp_path, "zz.yaml", "not a regular file", bound=10, hang_after=20)


def test_a_logo_that_is_a_named_pipe(pack, tmp_path):
    os.mkfifo(pack / "logo.png")
    _replace(pack / "example.yaml", "  kind: alternative_provision\n", "  kind: alternative_provision\n  logo: logo.png\n")
    refused(pack / "example.yaml", tmp_path, "example.yaml:11:", "organisation.logo", bound=10, hang_after=15)


@pytest.mark.parametrize("value", ["..", "../..", "/tmp", "linked"])
def test_a_template_folder_outside_the_profiles_folder(pack, tmp_path, value):
    (tmp_path / "elsewhere").mkdir()
    (pack / "linked").symlink_to(tmp_path / "elsewhere")
    text = (pack / "example.yaml").read_text(encoding="utf-8")
    (pack / "example.yaml").write_text(text + f"\ntemplates:\n  dir: {value}\n", encoding="utf-8")
    refused(pack / "example.yaml", tmp_path, "example.yaml:", "templates.dir", f"'{value}' is outside the profiles folder")


def test_a_template_folder_outside_names_its_line(pack, tmp_path):
    text = (pack / "example.yaml").read_text(encoding="utf-8")
    (pack / "example.yaml").write_text(text + "\ntemplates:\n  dir: ..\n", encoding="utf-8")
    refused(pack / "example.yaml", tmp_path, f"example.yaml:{text.count(chr(10)) + 3}: templates.dir")


def test_a_template_inside_the_folder_that_links_out(pack, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("# Secret\n\nnot for the pack\n", encoding="utf-8")
    (pack / "custom" / "policy").mkdir(parents=True)
    (pack / "custom" / "policy" / "01-purpose-and-aims.md").symlink_to(secret)
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, "01-purpose-and-aims.md", "outside")


# -- control characters ----------------------------------------------------------------

@pytest.mark.parametrize("escaped", ["\\x0b", "\\x01", "\\x1b[31m", "\\uFFFE"])
def test_control_characters_that_xml_cannot_hold(pack, tmp_path, escaped):
    _replace(pack / "example.yaml", "  name: Oakfield Learning Centre\n", f'  name: "Oak{escaped}field"\n')
    refused(pack / "example.yaml", tmp_path, "example.yaml:9:", "organisation.name", "control character")


# -- custom templates and masters ---------------------------------------------------------

def _with_templates(pack):
    text = (pack / "example.yaml").read_text(encoding="utf-8")
    (pack / "example.yaml").write_text(text + "\ntemplates:\n  dir: custom\n", encoding="utf-8")


def _section(pack, body: str):
    path = pack / "custom" / "policy" / "01-purpose-and-aims.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Purpose and aims\n\n" + body + "\n", encoding="utf-8")
    _with_templates(pack)
    return path


@pytest.mark.parametrize("body, words", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", ["runaway loop"]),
    ("{% macro f() %}{{ f() }}{{ f() }}{% endmacro %}{{ f() }}", ["calls nest more than"]),
    ("{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}", ["renders more than 5,000,000 characters"]),
    ("{{ 'x' * 10000000000 }}", ["'*' would make"]),
    ("{{ 9 ** 99999 }}", ["'**' would make a number"]),
    ("{% include '/etc/passwd' %}", ["may not include, import or extend"]),
    ("{{ org.__class__.__init__.__globals__ }}", ["unsafe"]),
    ("{{ people.deputy_dsls.__len__() }}", ["unsafe"]),
    ("{{ answer.__globals__ }}", ["unsafe"]),
    ("{{ 1 / 0 }}", ["divides by zero"]),
    ("{{ org.name - 1 }}", ["the template failed"]),
    ("{{ org.nmae }}", ["nmae"]),
])
def test_a_hostile_content_template(pack, tmp_path, body, words):
    _section(pack, body)
    refused(pack / "example.yaml", tmp_path, "custom/policy/01-purpose-and-aims.md", *words)


def test_a_syntax_error_names_its_line(pack, tmp_path):
    path = _section(pack, "Intro.\n\nCall {{ contacts.lado.phone }.\n")
    refused(pack / "example.yaml", tmp_path, f"{path}:5: template syntax error")


def test_a_syntax_error_after_front_matter_names_its_line(pack, tmp_path):
    path = pack / "custom" / "policy" / "01-purpose-and-aims.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\nprompts:\n  - id: extra-prompt\n    question: Why?\n---\n# Purpose\n\n"
                    "Call {{ contacts.lado.phone }.\n", encoding="utf-8")  # the tag is on line 8
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, f"{path}:8: template syntax error")


def test_a_runaway_flowchart_svg_template(pack, tmp_path):
    path = pack / "custom" / "flowchart" / "flowchart.svg"
    path.parent.mkdir(parents=True)
    path.write_text("<svg>{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}</svg>\n",
                    encoding="utf-8")
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, f"{path}: unsafe template code refused", "runaway loop")


def test_a_broken_flowchart_svg_template(pack, tmp_path):
    path = pack / "custom" / "flowchart" / "flowchart.svg"
    path.parent.mkdir(parents=True)
    path.write_text("<svg>\n<title>{{ chart.title }</title>\n</svg>\n", encoding="utf-8")
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, f"{path}:2:")


@pytest.mark.parametrize("data_file, text", [
    ("policy/document.yaml", "slug: ../../escaped\ntitle: T\nsubject: S\naudience: public\n"),
    ("policy/document.yaml", "slug: /tmp/policypack-escaped-{pid}\ntitle: T\nsubject: S\naudience: public\n"),
    ("addendum/document.yaml", "slug: ../../escaped\ntitle: T\nsubject: S\naudience: staff\n"),
])
def test_a_document_name_from_a_template_folder_cannot_leave_the_output_folder(pack, tmp_path, data_file, text):
    """A custom document.yaml's slug names the output file: '../' or an absolute path must not write outside."""
    text = text.format(pid=os.getpid())
    path = pack / "custom" / data_file
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    _with_templates(pack)
    before = set(_snapshot(tmp_path))
    absolute = f"/tmp/policypack-escaped-{os.getpid()}.docx"
    try:
        refused(pack / "example.yaml", tmp_path, "is not a plain file name")
        assert set(_snapshot(tmp_path)) == before, "written outside the output folder"
    finally:
        if os.path.exists(absolute):
            os.remove(absolute)
            raise AssertionError(f"written outside the output folder: {absolute}")


@pytest.mark.parametrize("data_file, text", [
    ("policy/document.yaml", "title: T\nsubject: S\n"),
    ("addendum/document.yaml", "- a list\n"),
])
def test_a_document_description_of_the_wrong_shape(pack, tmp_path, data_file, text):
    path = pack / "custom" / data_file
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, str(path))


def test_a_deeply_nested_content_template(pack, tmp_path):
    path = _section(pack, "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    refused(pack / "example.yaml", tmp_path, f"{path}:1:", "nested too deeply")


@pytest.mark.parametrize("relative, text", [
    ("policy/01-purpose-and-aims.md", "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n# Purpose\n"),
    ("policy/document.yaml", "slug: x\ntitle: T\nsubject: S\nx: " + "[" * 100_000 + "]" * 100_000 + "\n"),
])
def test_deeply_nested_yaml_in_a_template_folder(pack, tmp_path, relative, text):
    path = pack / "custom" / relative
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, str(path), "nested")


def test_an_enormous_content_template(pack, tmp_path):
    """18 MB and 600,000 tags: compiling it took 8 GB and 2.5 minutes before the sandbox's size cap."""
    path = _section(pack, "Some text {{ org.name }} here.\n" * 600_000)
    refused(pack / "example.yaml", tmp_path, f"{path} is 18.6 MB", "at most 2 MB", bound=30)


def _master_bytes(change) -> bytes:
    """The built-in document master with ``change(document_xml) -> document_xml`` applied."""
    source = ROOT / "templates" / "masters" / "document.docx"
    out = io.BytesIO()
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = change(data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def _zip_without_document() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/styles.xml", "<w:styles/>")
    return out.getvalue()


@pytest.mark.parametrize("data, words", [
    (b"This is a text file named .docx\n", ["document.docx", "not a Word document"]),
    (_zip_without_document(), ["document.docx", "not a Word document"]),
    (b"PK\x03\x04" + b"\x00" * 100, ["document.docx", "not a Word document"]),
    (_master_bytes(lambda xml: xml.replace("{{ title }}", "{{ title }}{% for i in range(100000) %}"
                                           "{% for j in range(100000) %}{% endfor %}{% endfor %}")),
     ["document.docx", "runaway loop"]),
    # docxtpl straightens \u201c \u201d itself, but not the low-9 quote
    (_master_bytes(lambda xml: xml.replace("{{ title }}", "{{ title|default(\u201ex\u201d) }}")),
     ["document.docx", "broken tag"]),
    (_master_bytes(lambda xml: xml.replace("{{ title }}", "{{ title.__class__ }}")), ["document.docx", "unsafe"]),
])
def test_a_master_that_is_not_a_usable_docx(pack, tmp_path, data, words):
    (pack / "custom" / "masters").mkdir(parents=True)
    (pack / "custom" / "masters" / "document.docx").write_bytes(data)
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, *words)



def test_a_master_that_unpacks_to_gigabytes(pack, tmp_path):
    """A 600 kB DOCX whose document.xml unpacks to 600 MB: refused from the zip's directory, in little memory."""
    path = pack / "custom" / "masters" / "document.docx"
    path.parent.mkdir(parents=True)
    source = ROOT / "templates" / "masters" / "document.docx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename != "word/document.xml":
                dst.writestr(info.filename, data)
                continue
            head, tail = data.decode("utf-8").split("<w:body>", 1)
            # streamed in 1 MB pieces: the build is forked from this process, and its peak memory
            # would count whatever this process holds
            with dst.open(info.filename, "w", force_zip64=True) as handle:
                handle.write((head + "<w:body><!--").encode("utf-8"))
                for _ in range(600):
                    handle.write(b" " * 1_000_000)
                handle.write(("-->" + tail).encode("utf-8"))
    _with_templates(pack)
    refused(pack / "example.yaml", tmp_path, "document.docx", "MB")
