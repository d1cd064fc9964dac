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

from markupsafe import Markup

from generator import clock
from generator.blocks import Block
from generator.documents import BuildInputs
from generator.errors import TemplateProblem
from generator.letters.families import Family, address_of
from generator.letters.spec import LetterSpec
from generator.letters.wordml import BodyWriter, StyleIds, text_xml
from generator.render.jinja_env import longdate, md_escape

# Private-use characters around a field's number, with a random part per
# process, so that no profile text can pass for a placeholder.
_OPEN, _CLOSE = f"\ue000{secrets.token_hex(4)}:", "\ue001"
_PLACEHOLDER = re.compile(f"{re.escape(_OPEN)}(\\d+){_CLOSE}")
BLANK = {"address": 40, "date": 18, "reference": 18}
BLANK_DEFAULT = 30


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
    """One letter's body XML, split at the family's values."""

    def __init__(self, xml: str, fields: tuple[str, ...]) -> None:
        parts = _PLACEHOLDER.split(xml)
        self.literals = parts[0::2]
        self.names = [fields[int(i)] for i in parts[1::2]]

    def render(self, values: dict[str, str]) -> str:
        literals = self.literals
        out = [literals[0]]
        for index, name in enumerate(self.names, start=1):
            out.append(text_xml(values[name]))
            out.append(literals[index])
        return "".join(out)


class LetterComposer:
    """Letters of one kind for one profile; the compiled bodies are cached."""

    def __init__(self, inputs: BuildInputs, spec: LetterSpec, styles: StyleIds, width: int) -> None:
        self.inputs = inputs
        self.spec = spec
        self.styles = styles
        self.width = width
        self.today = inputs.today or clock.today()
        self._compiled: dict[tuple, CompiledLetter] = {}

    def blocks(self, value_of) -> tuple[Block, ...]:
        fields = FamilyFields(self.spec, value_of)
        return self.inputs.blocks(self.spec.template, audience="public", extra={"family": fields, "blank": False})

    def values(self, family: Family) -> dict[str, str]:
        return family_values(self.spec, family, self.today)

    def body(self, values: dict[str, str]) -> str:
        """The body XML (no section properties) of the letter for ``values``."""
        fields = self.spec.fields
        shape = tuple(bool(values[name].strip()) for name in fields)
        compiled = self._compiled.get(shape)
        if compiled is None:
            index = {name: i for i, name in enumerate(fields)}

            def placeholder(name: str):
                return Markup(f"{_OPEN}{index[name]}{_CLOSE}") if shape[index[name]] else Markup("")

            xml = BodyWriter(self.styles, self.width).body(self.blocks(placeholder))
            compiled = self._compiled[shape] = CompiledLetter(xml, fields)
        return compiled.render(values)
