"""Builders for the emergency-closure addendum's tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
import pathlib
import re

from generator.documents.base import BuildInputs
from generator.profile.load import load_profile
from generator.render.blocks import (
    BulletList,
    Callout,
    Heading,
    NumberedList,
    Paragraph,
    Table,
    plain_text,
    walk,
)

TODAY = dt.date(2026, 11, 23)


def inputs_for(path) -> BuildInputs:
    profile = load_profile(str(path), TODAY).profile
    return BuildInputs.create(profile, TODAY)


def with_closure(path: pathlib.Path, closure_yaml: str) -> pathlib.Path:
    """Replace the profile's whole ``closure:`` block with ``closure_yaml``."""
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(r"^closure:\n(?:[ \t]+.*\n|\n)*", closure_yaml.rstrip("\n") + "\n\n", text, flags=re.M)
    assert count == 1, "the profile has no closure: block"
    path.write_text(new, encoding="utf-8")
    return path


def lines(blocks) -> list[str]:
    """Every piece of text in the blocks, one string per paragraph, item or table row."""
    out: list[str] = []
    for block in walk(blocks):
        if isinstance(block, (Heading, Paragraph)):
            out.append(block.text)
        elif isinstance(block, (BulletList, NumberedList)):
            for item in block.items:
                out.append(plain_text(item.runs))
                for child in item.children:
                    out.extend(lines((child,)))
        elif isinstance(block, Table):
            out.append(" | ".join(plain_text(cell) for cell in block.header))
            out.extend(" | ".join(plain_text(cell) for cell in row) for row in block.rows)
        elif isinstance(block, Callout):
            pass  # walk() visits the callout's own blocks
    return out


def text_of(blocks) -> str:
    return "\n".join(lines(blocks))


def level_table(blocks) -> Table:
    tables = [b for b in walk(blocks) if isinstance(b, Table) and plain_text(b.header[0]) == "Level"]
    assert len(tables) == 1
    return tables[0]
