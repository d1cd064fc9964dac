"""Parsing rendered Markdown into blocks, and the memo of the last text per source."""

from __future__ import annotations

import pytest

from generator.errors import TemplateProblem
from generator.render import markdown_blocks
from generator.render.blocks import Heading, Paragraph, Prompt
from generator.sources.prompts import PromptInfo

TEXT = "# Scope\n\nThis policy applies to **every** member of staff.\n"
PROMPT = PromptInfo("p1", "How do we do this?", "Scope", "", "policy/02-scope.md")
WITH_PROMPT = TEXT + "\n::: prompt p1\nWe ring the DSL.\n:::\n"


def test_the_same_text_from_the_same_source_is_parsed_once():
    first = markdown_blocks.parse_markdown(TEXT, "policy/a.md")
    assert isinstance(first[0], Heading) and isinstance(first[1], Paragraph)
    assert markdown_blocks.parse_markdown(TEXT, "policy/a.md") is first
    changed = markdown_blocks.parse_markdown(TEXT.replace("staff", "volunteers"), "policy/a.md")
    assert changed is not first and "volunteers" in changed[1].text


def test_the_memo_gives_what_a_fresh_parse_gives_and_keeps_one_text_per_source():
    memo = markdown_blocks.parse_markdown(WITH_PROMPT, "policy/b.md", {"p1": PROMPT})
    assert memo == markdown_blocks._parse(WITH_PROMPT, "policy/b.md", {"p1": PROMPT})
    assert isinstance(memo[-1], Prompt) and memo[-1].question == "How do we do this?"
    # Other prompts make other blocks: not taken from the memo.
    other = PromptInfo("p1", "Who do we ring?", "Scope", "", "policy/02-scope.md")
    assert markdown_blocks.parse_markdown(WITH_PROMPT, "policy/b.md", {"p1": other})[-1].question == "Who do we ring?"
    for n in range(markdown_blocks._LAST_SOURCES + 10):
        markdown_blocks.parse_markdown(TEXT, f"source-{n}.md")
    assert len(markdown_blocks._last) <= markdown_blocks._LAST_SOURCES


def test_a_text_that_fails_fails_every_time():
    bad = "    indented code is not supported\n"
    for _ in range(2):
        with pytest.raises(TemplateProblem, match="policy/c.md"):
            markdown_blocks.parse_markdown(bad, "policy/c.md")
