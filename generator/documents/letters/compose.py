"""A letter template + a family -> the letter's content: compile once, fill many.

In a letter template ``family.<column>`` is a family's value.  Rendering
the Jinja + Markdown template, parsing it and turning it into Word XML for
every family would cost milliseconds each; instead the template is rendered
once with *placeholders* (private-use characters that Markdown leaves alone),
turned into Word XML once, and split at the placeholders.  A family's letter
is then the pieces joined with its values, each escaped for XML.  The values
are data: they are never parsed as Markdown or compiled as a template, so
``{{ 7*7 }}`` or ``<script>`` in a name prints exactly as written.

Templates may print a family value and test whether it is filled in
(``{% if family.social_worker %}``); they cannot compare or transform it.
Because tests change the text, one compiled letter is kept per *shape*:
which of the letter's fields are filled in (a handful per CSV at most).

The same templates give the blank letters: ``family.<column>`` is then a
line to write on.
"""

from __future__ import annotations

import re
import secrets
from xml.sax.saxutils import escape

from markupsafe import Markup

from generator import clock
from generator.documents.base import BuildInputs
from generator.documents.letters.families import Family, address_of
from generator.documents.letters.package import LetterPackage
from generator.documents.letters.spec import LetterSpec
from generator.errors import TemplateProblem
from generator.render.blocks import Block
from generator.render.jinja_env import longdate, md_escape

# Private-use characters around a field's number, with a random part per
# process, so that no profile text can pass for a placeholder.
_OPEN, _CLOSE = f"\ue000{secrets.token_hex(4)}:", "\ue001"
_PLACEHOLDER = re.compile(f"{re.escape(_OPEN)}(\\d+){_CLOSE}")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
BLANK = {"address": 40, "date": 18, "reference": 18}
BLANK_DEFAULT = 30


def text_xml(text: str) -> str:
    """``text`` for the inside of a ``<w:t>``: escaped for XML (``&``, ``<``,
    ``>``), with line breaks and tabs as Word's own elements."""
    text = escape(_NOT_XML.sub("", text))
    if "\n" in text or "\t" in text:
        text = (text.replace("\n", '</w:t><w:br/><w:t xml:space="preserve">')
                .replace("\t", '</w:t><w:tab/><w:t xml:space="preserve">'))
    return text


class FamilyFields:
    """What ``family`` is in a letter template."""

    def __init__(self, spec: LetterSpec, value_of) -> None:
        self._spec = spec
        self._value_of = value_of

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._spec.fields:
            raise TemplateProblem(
                f"templates/{self._spec.template}: family.{name} is not a column of letter {self._spec.name}",
                "list the column under required or optional in the front matter, and describe it in "
                "letters/columns.yaml")
        return self._value_of(name)


def blank_fields(spec: LetterSpec) -> FamilyFields:
    """Every field is a line to write on (clearly marked, never empty)."""
    return FamilyFields(spec, lambda name: Markup(md_escape("_" * BLANK.get(name, BLANK_DEFAULT))))


def family_values(spec: LetterSpec, family: Family, today) -> dict[str, str]:
    """The text of every field of ``spec`` for ``family`` ("" when empty)."""
    values = {name: family[name] for name in spec.columns}
    values["date"] = values.get("letter_date") or longdate(today)
    if "address" in spec.fields:
        values["address"] = address_of(family)
    return values


class CompiledLetter:
    """One letter shape: the DOCX rendered once, its body split at the values."""

    def __init__(self, package: LetterPackage, fields: tuple[str, ...]) -> None:
        self.package = package
        parts = _PLACEHOLDER.split(package.body)
        self.literals = parts[0::2]
        self.names = [fields[int(i)] for i in parts[1::2]]

    def body(self, values: dict[str, str]) -> str:
        """The body XML of the letter for ``values``."""
        literals = self.literals
        out = [literals[0]]
        for index, name in enumerate(self.names, start=1):
            out.append(text_xml(values[name]))
            out.append(literals[index])
        return "".join(out)

    def docx(self, values: dict[str, str]) -> bytes:
        return self.package.docx(self.body(values))


class LetterComposer:
    """Letters of one kind for one profile; one compiled letter per shape.

    ``render_docx(blocks) -> bytes`` is the DOCX backend (``to_docx``), so a
    merged letter looks exactly like the blank one: same master, same styles.
    """

    def __init__(self, inputs: BuildInputs, spec: LetterSpec, render_docx, where: str) -> None:
        self.inputs = inputs
        self.spec = spec
        self.render_docx = render_docx
        self.where = where
        self.today = inputs.today or clock.today()
        self._compiled: dict[tuple, CompiledLetter] = {}

    def blocks(self, value_of) -> tuple[Block, ...]:
        fields = FamilyFields(self.spec, value_of)
        return self.inputs.blocks(self.spec.template, audience="public", extra={"family": fields, "blank": False})

    def values(self, family: Family) -> dict[str, str]:
        return family_values(self.spec, family, self.today)

    def compiled(self, values: dict[str, str]) -> CompiledLetter:
        fields = self.spec.fields
        shape = tuple(bool(values[name].strip()) for name in fields)
        compiled = self._compiled.get(shape)
        if compiled is None:
            index = {name: i for i, name in enumerate(fields)}

            def placeholder(name: str):
                return Markup(f"{_OPEN}{index[name]}{_CLOSE}") if shape[index[name]] else Markup("")

            package = LetterPackage(self.render_docx(self.blocks(placeholder)), self.where)
            compiled = self._compiled[shape] = CompiledLetter(package, fields)
        return compiled

    def docx(self, family: Family) -> bytes:
        values = self.values(family)
        return self.compiled(values).docx(values)

    def combined(self, families) -> bytes:
        bodies = []
        for family in families:
            values = self.values(family)
            bodies.append(self.compiled(values).body(values))
        packages = [c.package for c in self._compiled.values()]
        if any(p.raw != packages[0].raw for p in packages[1:]):
            # Letters of different shapes share one document: only their
            # text may differ, not the parts around it.
            raise TemplateProblem(
                f"templates/{self.spec.template}: a family value changes more than the letter's text, "
                "so the letters cannot share one document",
                "keep links, pictures and numbered lists out of {% if family... %} blocks, or leave out --combined")
        return packages[0].combined(bodies)
