"""styles.xml and numbering.xml of policypack's built-in masters.

Used by tools/make_masters.py only.  Every style the DOCX backend needs
(generator/docx/styles.py: REQUIRED_STYLES) is defined here, with explicit
fonts (Calibri; LibreOffice maps it to the metric-compatible Carlito) and
en-GB in the style defaults, because the PDF's language comes from there.
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Colours: dark blue headings, red for urgent things.  Contrast of every text
# colour on white (or on its box fill) is above 7:1.
NAVY = "1F3864"
BLUE = "2F5496"
RED = "C00000"
GREY = "595959"

# numIds in numbering.xml; list styles point at them and the renderer
# creates one extra w:num per numbered list so that each list restarts at 1.
BULLET_NUM = 1
NUMBER_NUM = 2
HEADING_NUM = 3


def _para_style(sid, name, pPr="", rPr="", based="Normal", next_=None, extra=""):
    # pPr / rPr children must be in OOXML schema order: Word rejects the file otherwise.
    nxt = f'<w:next w:val="{next_}"/>' if next_ else ""
    base = f'<w:basedOn w:val="{based}"/>' if based else ""
    return (
        f'<w:style w:type="paragraph" w:customStyle="{int(sid in _CUSTOM)}" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/>{base}{nxt}{extra}<w:qFormat/>'
        f"<w:pPr>{pPr}</w:pPr><w:rPr>{rPr}</w:rPr></w:style>"
    )


_CUSTOM = {"Note", "Warning", "ToComplete", "DraftBanner", "TableText", "Letterhead",
           "LetterheadName", "HeaderTitle", "Confidential"}


def _border(sides, sz, color, space=4):
    return "".join(
        f'<w:{s} w:val="single" w:sz="{sz}" w:space="{space}" w:color="{color}"/>' for s in sides
    )


def _heading(level, size, color, before, after, numbered):
    num = ""
    if numbered and level <= 2:
        num = f'<w:numPr><w:ilvl w:val="{level - 1}"/><w:numId w:val="{HEADING_NUM}"/></w:numPr>'
    return _para_style(
        f"Heading{level}",
        f"heading {level}",
        pPr=(
            f'<w:keepNext/><w:keepLines/>{num}'
            f'<w:spacing w:before="{before}" w:after="{after}"/>'
            f'<w:outlineLvl w:val="{level - 1}"/>'
        ),
        rPr=f'<w:b/><w:bCs/><w:color w:val="{color}"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
        next_="Normal",
        extra='<w:uiPriority w:val="9"/>',
    )


def _table_style(sid, name, borders, cell_margins, fill=None, first_row_fill=None):
    shd = f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr>' if fill else ""
    first = ""
    if first_row_fill:
        first = (
            '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{first_row_fill}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    return (
        f'<w:style w:type="table" w:customStyle="{int(sid != "TableGrid")}" w:styleId="{sid}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>'
        f"<w:tblPr><w:tblBorders>{borders}</w:tblBorders>"
        f"<w:tblCellMar>{cell_margins}</w:tblCellMar></w:tblPr>{shd}{first}</w:style>"
    )


def styles_xml(numbered_headings: bool) -> str:
    box_margins = (
        '<w:top w:w="113" w:type="dxa"/><w:left w:w="170" w:type="dxa"/>'
        '<w:bottom w:w="113" w:type="dxa"/><w:right w:w="170" w:type="dxa"/>'
    )
    grid_margins = '<w:left w:w="108" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
    all_sides = ("top", "left", "bottom", "right")
    styles = [
        _para_style("Normal", "Normal", based=None),
        _para_style(
            "Title", "Title",
            pPr='<w:keepNext/><w:spacing w:before="0" w:after="120" w:line="240" w:lineRule="auto"/>',
            rPr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="44"/><w:szCs w:val="44"/>',
            next_="Normal",
        ),
        _para_style(
            "Subtitle", "Subtitle",
            pPr='<w:keepNext/><w:spacing w:before="0" w:after="360"/>',
            rPr=f'<w:color w:val="{GREY}"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
            next_="Normal",
        ),
        _heading(1, 32, NAVY, 360, 120, numbered_headings),
        _heading(2, 26, BLUE, 240, 80, numbered_headings),
        _heading(3, 23, BLUE, 200, 60, numbered_headings),
        _para_style(
            "ListBullet", "List Bullet",
            pPr=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{BULLET_NUM}"/></w:numPr>'
            '<w:spacing w:after="60"/>',
        ),
        _para_style(
            "ListBullet2", "List Bullet 2",
            pPr=f'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="{BULLET_NUM}"/></w:numPr>'
            '<w:spacing w:after="60"/>',
        ),
        _para_style(
            "ListNumber", "List Number",
            pPr=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{NUMBER_NUM}"/></w:numPr>'
            '<w:spacing w:after="60"/>',
        ),
        _para_style(
            "ListNumber2", "List Number 2",
            pPr=f'<w:numPr><w:ilvl w:val="1"/><w:numId w:val="{NUMBER_NUM}"/></w:numPr>'
            '<w:spacing w:after="60"/>',
        ),
        _para_style(
            "TableText", "Table Text",
            pPr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>',
        ),
        _para_style("Note", "Note", pPr='<w:spacing w:before="40" w:after="80"/>'),
        _para_style(
            "Warning", "Warning",
            pPr='<w:spacing w:before="40" w:after="80"/>',
            rPr=f'<w:color w:val="{RED}"/>',
        ),
        _para_style(
            "ToComplete", "To Complete",
            pPr=f'<w:keepLines/><w:pBdr>{_border(all_sides, 12, RED)}</w:pBdr>'
            '<w:shd w:val="clear" w:color="auto" w:fill="FFF2CC"/>'
            '<w:spacing w:before="120" w:after="120"/>',
            rPr='<w:b/><w:bCs/><w:highlight w:val="yellow"/>',
        ),
        _para_style(
            "header", "header",
            pPr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rPr=f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _para_style(
            "HeaderTitle", "Header Title", based="header",
            # The space after keeps the body off the rule when the header is
            # taller than the top margin (a letterhead, a logo).
            pPr=f'<w:pBdr>{_border(("bottom",), 6, BLUE)}</w:pBdr><w:spacing w:before="60" w:after="240"/>',
        ),
        _para_style(
            "footer", "footer",
            pPr='<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            rPr=f'<w:color w:val="{GREY}"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _para_style(
            "DraftBanner", "Draft Banner", based="header",
            pPr=f'<w:pBdr>{_border(("top", "bottom"), 12, RED)}</w:pBdr>'
            '<w:spacing w:before="60" w:after="240"/><w:jc w:val="center"/>',
            rPr=f'<w:b/><w:bCs/><w:color w:val="{RED}"/><w:spacing w:val="40"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
        ),
        _para_style(
            "Confidential", "Confidential", based="header",
            pPr='<w:jc w:val="right"/>',
            rPr=f'<w:b/><w:bCs/><w:color w:val="{RED}"/><w:spacing w:val="20"/>',
        ),
        _para_style(
            "LetterheadName", "Letterhead Name", based="header",
            pPr='<w:spacing w:after="40"/><w:jc w:val="right"/>',
            rPr=f'<w:b/><w:bCs/><w:color w:val="{NAVY}"/><w:sz w:val="28"/><w:szCs w:val="28"/>',
        ),
        _para_style("Letterhead", "Letterhead", based="header", pPr='<w:jc w:val="right"/>'),
        _para_style(
            "TOCHeading", "TOC Heading", based="Heading1", next_="Normal",
            pPr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr><w:outlineLvl w:val="9"/>',
        ),
    ]
    # Level 3 headings are not numbered: their entries line up with the text
    # of level 2 entries (284 + 567).
    for level, indent in ((1, 0), (2, 284), (3, 851)):
        styles.append(
            _para_style(
                f"TOC{level}", f"toc {level}", next_="Normal",
                # A left tab after the heading number, dot leaders to the page number.
                pPr=f'<w:tabs><w:tab w:val="left" w:pos="{indent + 567}"/>'
                '<w:tab w:val="right" w:leader="dot" w:pos="9628"/></w:tabs>'
                f'<w:spacing w:after="60"/><w:ind w:left="{indent}"/>',
                rPr="<w:b/><w:bCs/>" if level == 1 else "",
            )
        )
    styles += [
        ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
         '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'),
        ('<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
         '<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/>'
         '<w:rPr><w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr></w:style>'),
        ('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
         '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
         f"<w:tblCellMar>{grid_margins}</w:tblCellMar></w:tblPr></w:style>"),
        _table_style(
            "TableGrid", "Table Grid",
            _border(all_sides + ("insideH", "insideV"), 4, "808080", 0),
            grid_margins, first_row_fill="DCE4F0",
        ),
        _table_style("NoteBox", "Note Box", _border(all_sides, 12, BLUE, 0), box_margins, fill="EAF0F8"),
        _table_style("WarningBox", "Warning Box", _border(all_sides, 18, RED, 0), box_margins, fill="FCE8E8"),
        ('<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/>'
         '<w:uiPriority w:val="99"/><w:semiHidden/></w:style>'),
    ]
    # Normal is the default paragraph style.
    styles[0] = styles[0].replace('w:type="paragraph"', 'w:type="paragraph" w:default="1"', 1)
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        '<w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Calibri"/>'
        '<w:sz w:val="22"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-GB" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        # Explicit: an omitted widowControl means "off" in OOXML.
        '<w:widowControl/><w:spacing w:after="120" w:line="264" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W}">'
        + defaults + "".join(styles) + "</w:styles>"
    )


def _lvl(ilvl, fmt, text, left, hanging, pstyle="", suffix="tab", bold=False):
    ps = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    rpr = "<w:rPr><w:b/><w:bCs/></w:rPr>" if bold else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{ps}'
        f'<w:suff w:val="{suffix}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>{rpr}</w:lvl>'
    )


def numbering_xml(numbered_headings: bool) -> str:
    bullets = _lvl(0, "bullet", "\u2022", 357, 357) + _lvl(1, "bullet", "\u2013", 714, 357)
    numbers = _lvl(0, "decimal", "%1.", 357, 357) + _lvl(1, "lowerLetter", "%2)", 714, 357)
    parts = [
        f'<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{bullets}</w:abstractNum>',
        f'<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>{numbers}</w:abstractNum>',
    ]
    if numbered_headings:
        headings = _lvl(0, "decimal", "%1", 567, 567, "Heading1") + _lvl(
            1, "decimal", "%1.%2", 567, 567, "Heading2"
        )
        parts.append(
            f'<w:abstractNum w:abstractNumId="2"><w:multiLevelType w:val="multilevel"/>{headings}</w:abstractNum>'
        )
    parts.append(f'<w:num w:numId="{BULLET_NUM}"><w:abstractNumId w:val="0"/></w:num>')
    parts.append(f'<w:num w:numId="{NUMBER_NUM}"><w:abstractNumId w:val="1"/></w:num>')
    if numbered_headings:
        parts.append(f'<w:num w:numId="{HEADING_NUM}"><w:abstractNumId w:val="2"/></w:num>')
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W}">'
        + "".join(parts) + "</w:numbering>"
    )
