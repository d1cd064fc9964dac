"""Write policypack's built-in master documents to templates/masters/.

    .venv/bin/python tools/make_masters.py [OUTPUT_DIR]

The masters hold layout only (page, styles, numbering, header, footer) and a
few docxtpl tags; no prose beyond labels.  They are committed, so a local
authority can open one in Word, restyle it and use it instead; this script is
just the reproducible way to make ours.  The output is byte-identical run to
run (fixed zip timestamps and core-property dates).
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))  # tools/ siblings
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project

from master_styles import W, numbering_xml, styles_xml

from generator.docx.package import normalise_zip

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = f'xmlns:w="{W}" xmlns:r="{R}"'

A4_W, A4_H = 11906, 16838  # twips
CM = 567  # twips per cm (rounded, as Word does)


# --- small XML builders ------------------------------------------------------

def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'


def para(content: str, style: str | None = None, jc: str | None = None) -> str:
    ppr = ""
    if style or jc:
        ppr = "<w:pPr>"
        ppr += f'<w:pStyle w:val="{style}"/>' if style else ""
        ppr += f'<w:jc w:val="{jc}"/>' if jc else ""
        ppr += "</w:pPr>"
    return f"<w:p>{ppr}{content}</w:p>"


def tag_para(tag: str, style: str | None = None) -> str:
    """A paragraph holding one docxtpl tag, whole in one run (pitfalls: split tags)."""
    return para(run(tag), style)


def field(instr: str, placeholder: str) -> str:
    """A complex field (PAGE, NUMPAGES, TOC); Word and LibreOffice compute it."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {esc(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{run(placeholder)}"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def page_x_of_y(style: str = "footer") -> str:
    return para(run("Page ") + field("PAGE", "1") + run(" of ") + field("NUMPAGES", "1"), style, "right")


def logo_table(text_width: int, right_cell: str) -> str:
    """Borderless two-cell row: logo on the left, text on the right.

    ``{{ logo }}`` becomes the organisation's logo (or nothing)."""
    left = 5 * CM  # room for the widest logo (generator/docx/logo.py: MAX_WIDTH 4.5 cm)
    return (
        # No cell margins: the logo and the text line up with the page margins.
        '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{left}"/><w:gridCol w:w="{text_width - left}"/></w:tblGrid>'
        "<w:tr>"
        f'<w:tc><w:tcPr><w:tcW w:w="{left}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f'{tag_para("{{ logo }}", "header")}</w:tc>'
        f'<w:tc><w:tcPr><w:tcW w:w="{text_width - left}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr>'
        f"{right_cell}</w:tc>"
        "</w:tr></w:tbl>"
    )


def hdr(kind: str, body: str) -> str:
    return f"{DECL}<w:{kind} {NS}>{body}</w:{kind}>"


def sect_pr(margin: int, refs: str, title_pg: bool = False) -> str:
    return (
        f"<w:sectPr>{refs}"
        f'<w:pgSz w:w="{A4_W}" w:h="{A4_H}"/>'
        f'<w:pgMar w:top="{margin}" w:right="{margin}" w:bottom="{margin}" w:left="{margin}" '
        f'w:header="{int(0.8 * CM)}" w:footer="{int(0.8 * CM)}" w:gutter="0"/>'
        f'<w:cols w:space="708"/>{"<w:titlePg/>" if title_pg else ""}'
        '<w:docGrid w:linePitch="360"/></w:sectPr>'
    )


# --- the three masters -------------------------------------------------------

def document_master() -> dict:
    width = A4_W - 4 * CM
    header = (
        logo_table(width, para(run("{{ org_name }}", bold=True), "header", "right"))
        + tag_para("{{ title }}", "HeaderTitle")
        + tag_para("{%p if draft %}")
        + para(run("DRAFT"), "DraftBanner")
        + tag_para("{%p endif %}")
    )
    footer = (
        tag_para("{%p if reviewed %}")
        + tag_para("Reviewed {{ reviewed }} \u00b7 Next review {{ next_review }}", "footer")
        + tag_para("{%p endif %}")
        + tag_para("{%p if approved_by %}")
        + tag_para("Approved by {{ approved_by }} on {{ approved_on }}"
                   "{% if minute %} (minute {{ minute }}){% endif %}", "footer")
        + tag_para("{%p endif %}")
        + page_x_of_y()
    )
    toc = (
        tag_para("{%p if toc %}")
        + para(run("Contents"), "TOCHeading")
        + para(field('TOC \\o "1-2" \\h \\z \\u', "Word updates this table of contents when the document is opened."))
        + tag_para("{%p endif %}")
    )
    body = (
        tag_para("{{ title }}", "Title")
        + tag_para("{{ org_name }}", "Subtitle")
        + toc
        + tag_para("{{ body }}")
    )
    return {
        "numbered_headings": True,
        "margin": 2 * CM,
        "body": body,
        "headers": {"default": header},
        "footers": {"default": footer},
    }


def form_master() -> dict:
    header = (
        para(run("{{ org_name }}", bold=True), "header")
        + tag_para("{%p if confidential %}")
        + para(run("CONFIDENTIAL"), "Confidential")
        + tag_para("{%p endif %}")
        + tag_para("{%p if draft %}")
        + para(run("DRAFT"), "DraftBanner")
        + tag_para("{%p endif %}")
    )
    footer = tag_para("{{ footer_note }}", "footer") + page_x_of_y()
    body = tag_para("{{ title }}", "Title") + tag_para("{{ body }}")
    return {
        "numbered_headings": False,
        "margin": int(1.5 * CM),
        "body": body,
        "headers": {"default": header},
        "footers": {"default": footer},
    }


def letter_master() -> dict:
    width = A4_W - 4 * CM
    letterhead_text = (
        tag_para("{{ org_name }}", "LetterheadName")
        + tag_para("{%p if org_address %}")
        + tag_para("{{ org_address }}", "Letterhead")
        + tag_para("{%p endif %}")
    )
    first_header = (
        logo_table(width, letterhead_text)
        # Contact details on one line under the letterhead, with a rule below.
        + para(run('{{ [org_phone, org_email, org_website] | select | join("  \u00b7  ") }}'), "HeaderTitle", "right")
        + tag_para("{%p if draft %}")
        + para(run("DRAFT"), "DraftBanner")
        + tag_para("{%p endif %}")
    )
    later_header = (
        para(run("{{ org_name }}", bold=True), "header")
        + tag_para("{%p if draft %}")
        + para(run("DRAFT"), "DraftBanner")
        + tag_para("{%p endif %}")
    )
    return {
        "numbered_headings": False,
        "margin": 2 * CM,
        "body": tag_para("{{ body }}"),
        "headers": {"first": first_header, "default": later_header},
        "footers": {"first": para("", "footer"), "default": page_x_of_y()},
        "title_pg": True,
    }


# --- packaging ---------------------------------------------------------------

SETTINGS = (
    f"{DECL}<w:settings {NS}>"
    '<w:zoom w:percent="100"/><w:defaultTabStop w:val="720"/>'
    '<w:characterSpacingControl w:val="doNotCompress"/>'
    '<w:compat><w:compatSetting w:name="compatibilityMode" '
    'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
    '<w:themeFontLang w:val="en-GB"/>'
    '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/></w:settings>'
)

CORE = (
    f"{DECL}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
    "<dc:title>{name}</dc:title><dc:creator>policypack</dc:creator>"
    "<dc:language>en-GB</dc:language><cp:revision>1</cp:revision>"
    '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
    '<dcterms:modified xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:modified>'
    "</cp:coreProperties>"
)

APP = (
    f"{DECL}<Properties "
    'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>policypack</Application></Properties>"
)

CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def build(name: str, spec: dict) -> bytes:
    margin = spec["margin"]
    parts: dict[str, str] = {}
    rels = [
        ("rIdStyles", "styles", "styles.xml"),
        ("rIdNumbering", "numbering", "numbering.xml"),
        ("rIdSettings", "settings", "settings.xml"),
    ]
    refs = ""
    overrides = [
        ("/word/document.xml", f"{CT_MAIN}.document.main+xml"),
        ("/word/styles.xml", f"{CT_MAIN}.styles+xml"),
        ("/word/numbering.xml", f"{CT_MAIN}.numbering+xml"),
        ("/word/settings.xml", f"{CT_MAIN}.settings+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    for kind, tag in (("header", "hdr"), ("footer", "ftr")):
        for which, body in sorted(spec[f"{kind}s"].items()):
            part = f"{kind}_{which}.xml"
            rid = f"rId{kind.title()}{which.title()}"
            parts[f"word/{part}"] = hdr(tag, body)
            rels.append((rid, kind, part))
            refs += f'<w:{kind}Reference w:type="{which}" r:id="{rid}"/>'
            overrides.append((f"/word/{part}", f"{CT_MAIN}.{kind}+xml"))
    parts["word/document.xml"] = (
        f"{DECL}<w:document {NS}><w:body>{spec['body']}"
        f"{sect_pr(margin, refs, spec.get('title_pg', False))}</w:body></w:document>"
    )
    parts["word/styles.xml"] = styles_xml(spec["numbered_headings"])
    parts["word/numbering.xml"] = numbering_xml(spec["numbered_headings"])
    parts["word/settings.xml"] = SETTINGS
    parts["word/_rels/document.xml.rels"] = (
        f'{DECL}<Relationships xmlns="{PKG_R}">'
        + "".join(
            f'<Relationship Id="{rid}" Type="{R}/{kind}" Target="{target}"/>' for rid, kind, target in rels
        )
        + "</Relationships>"
    )
    parts["docProps/core.xml"] = CORE.format(name=f"policypack master: {name}")
    parts["docProps/app.xml"] = APP
    parts["_rels/.rels"] = (
        f'{DECL}<Relationships xmlns="{PKG_R}">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    parts["[Content_Types].xml"] = (
        f'{DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="jpeg" ContentType="image/jpeg"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{ct}"/>' for p, ct in overrides)
        + "</Types>"
    )
    for part, xml in parts.items():
        etree.fromstring(xml.encode("utf-8"))  # fail here, not in Word, on a typo
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for part, xml in parts.items():
            zf.writestr(part, xml.encode("utf-8"))
    return normalise_zip(buf.getvalue())


MASTERS = {"document": document_master, "form": form_master, "letter": letter_master}


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "templates" / "masters"
    out.mkdir(parents=True, exist_ok=True)
    for name, make in MASTERS.items():
        path = out / f"{name}.docx"
        path.write_bytes(build(name, make()))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
