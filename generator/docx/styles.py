"""The styles a master must define, looked up once per master.

The body is built only from the master's own styles (so a local authority
restyles everything in Word), and python-docx fails late and obscurely on a
missing one (python-docx #1333).  So every style is checked when the master
is loaded, and the renderer works with resolved style ids.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

# UI name -> what the body uses it for (shown in the error message).
REQUIRED_STYLES = {
    "Normal": "paragraphs",
    "Heading 1": "level-1 headings",
    "Heading 2": "level-2 headings",
    "Heading 3": "level-3 headings",
    "List Bullet": "bullet lists",
    "List Bullet 2": "nested bullet lists",
    "List Number": "numbered lists",
    "List Number 2": "nested numbered lists",
    "Table Grid": "tables",
    "Table Text": "text in table cells",
    "Note Box": "note boxes (a one-cell table style)",
    "Warning Box": "warning boxes (a one-cell table style)",
    "Note": "text in note boxes",
    "Warning": "text in warning boxes",
    "To Complete": "TO COMPLETE markers for unanswered prompts",
    "Hyperlink": "links (a character style)",
}


@dataclass(frozen=True)
class ListNumbering:
    """Where a list style's numbers come from: an abstract numbering and a level."""

    abstract_id: int
    ilvl: int


# Used when present (Word keeps them latent until a table of contents exists).
OPTIONAL_STYLES = ("toc 1", "toc 2", "toc 3")


@dataclass(frozen=True)
class StyleMap:
    ids: dict  # UI name -> styleId (required and present optional styles)
    numbering: dict  # list or heading style UI name -> ListNumbering (only if numbered)

    def id(self, name: str, fallback: str | None = None) -> str:
        if fallback is not None and name not in self.ids:
            return self.ids[fallback]
        return self.ids[name]


def _key(name: str) -> str:
    # Word stores built-in names in lower case ("heading 1"); people type
    # "Heading 1".  Style names are unique regardless of case in Word.
    return name.strip().lower()


def missing_styles(styles_element) -> list[str]:
    present = {_key(s.get(qn("w:val"))) for s in styles_element.iterfind(f"{qn('w:style')}/{qn('w:name')}")}
    return [name for name in REQUIRED_STYLES if _key(name) not in present]


def style_map(styles_element, numbering_element) -> StyleMap:
    by_name = {}
    by_id = {}
    for style in styles_element.iterfind(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            by_name[_key(name.get(qn("w:val")))] = style
        by_id[style.get(qn("w:styleId"))] = style
    ids = {name: by_name[_key(name)].get(qn("w:styleId")) for name in REQUIRED_STYLES}
    ids.update({name: by_name[_key(name)].get(qn("w:styleId")) for name in OPTIONAL_STYLES if _key(name) in by_name})

    abstract_of = {}
    if numbering_element is not None:
        for num in numbering_element.iterfind(qn("w:num")):
            abstract = num.find(qn("w:abstractNumId"))
            if abstract is not None:
                abstract_of[num.get(qn("w:numId"))] = int(abstract.get(qn("w:val")))

    numbering = {}
    for name in ("List Number", "List Number 2", "List Bullet", "List Bullet 2", "Heading 1", "Heading 2", "Heading 3"):
        found = _style_numpr(by_id, by_name[_key(name)])
        if found and found[0] in abstract_of:
            numbering[name] = ListNumbering(abstract_of[found[0]], found[1])
    return StyleMap(ids=ids, numbering=numbering)


def _style_numpr(by_id: dict, style) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph style, following basedOn like Word does."""
    seen = set()
    while style is not None and id(style) not in seen:
        seen.add(id(style))
        num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(qn("w:numId"))
            ilvl = num_pr.find(qn("w:ilvl"))
            if num_id is not None:
                return num_id.get(qn("w:val")), int(ilvl.get(qn("w:val"))) if ilvl is not None else 0
        based = style.find(qn("w:basedOn"))
        style = by_id.get(based.get(qn("w:val"))) if based is not None else None
    return None
