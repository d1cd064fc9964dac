"""A rendered text parsed piece by piece gives exactly the blocks of the whole.

parse_markdown re-parses only the pieces of a section that changed since the
last profile (markdown_blocks._pieces).  That is only sound if cutting a text
at those lines never changes what it means: these tests compare the two ways
on every text the example profiles render and on generated Markdown made of
the constructs that can reach across a blank line.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import TemplateProblem
from generator.render import markdown_blocks
from generator.sources.prompts import PromptInfo

PROMPTS = {"p1": PromptInfo("p1", "How do we do this?", "Scope", "", "policy/02-scope.md")}


def whole(text: str):
    try:
        return markdown_blocks._parse(text, "t.md", PROMPTS)
    except TemplateProblem as problem:
        return ("refused", str(problem))


def by_pieces(text: str, known=None):
    try:
        return markdown_blocks._parse_by_pieces(text, "t.md", PROMPTS, known or {})[0]
    except TemplateProblem as problem:
        return ("refused", str(problem))


LINES = [
    "A paragraph of text.", "More text on the next line", "# A heading", "## Another", "---", "***", "* * *",
    "- an item", "* an item", "+ an item", "-", "1. first", "2) second", "10. tenth", "1234567890. no list",
    "  indented text", "    indented code", "\tafter a tab", "   - nested item", "| a | b |", "|---|---|",
    "| 1 | 2 |", "::: note", "::: warning", "::: prompt p1", ":::", "::::", ":::: note", ":::\tnote",
    ":::\u00a0note", "::: unknown", "  ::: note", "   :::", "::: note extra words", "> a quote",
    "[ref]: https://example.org", "see [ref]", "```", "~~~", "<div>", "Text with **bold\n", "and more** here",
    "\u00a0", " ", "\t", "===", "Setext\n===", "&amp; entity", "\\# escaped",
]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.just("")), min_size=1, max_size=24))
def test_pieces_parse_to_the_blocks_of_the_whole(lines):
    text = "\n".join(lines) + "\n"
    assert by_pieces(text) == whole(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(LINES), st.just("")), min_size=1, max_size=24),
       st.lists(st.one_of(st.sampled_from(LINES), st.just("")), min_size=1, max_size=24))
def test_pieces_remembered_from_another_text_change_nothing(before, after):
    first, second = "\n".join(before) + "\n", "\n".join(after) + "\n"
    try:
        known = markdown_blocks._parse_by_pieces(first, "t.md", PROMPTS, {})[1]
    except TemplateProblem:
        known = {}
    assert by_pieces(second, known) == whole(second)


def test_a_text_is_cut_only_where_a_block_ends():
    text = ("# Scope\n\nIntro.\n\n- one\n\n- two\n  still two\n\nAfter the list.\n\n"
            "::: note\nInside.\n\nStill inside.\n:::\n\n1. a\n\n2. b\n\nEnd.\n")
    assert markdown_blocks._pieces(text) == [
        "# Scope\n\n", "Intro.\n\n", "- one\n\n- two\n  still two\n\n", "After the list.\n\n",
        "::: note\nInside.\n\nStill inside.\n:::\n\n", "1. a\n\n2. b\n\n", "End.\n"]


@pytest.mark.parametrize("text", [
    "[ref]: https://example.org\n\nSee [ref].\n",
    "```\ncode\n\nmore\n```\n",
    "- item\n  ::: note\n  a\n\nb\n  :::\n",
    "a\r\n\r\nb\r\n",
])
def test_texts_that_could_reach_across_a_blank_line_are_parsed_whole(text):
    assert markdown_blocks._pieces(text) == [text]


def test_only_the_changed_piece_is_parsed_again(monkeypatch):
    text = "# Scope\n\nOakfield keeps this policy.\n\nStaff tell the DSL at once.\n"
    markdown_blocks.parse_markdown(text, "policy/pieces.md")
    parsed = []
    real = markdown_blocks._parse
    monkeypatch.setattr(markdown_blocks, "_parse", lambda t, w, p: parsed.append(t) or real(t, w, p))
    blocks = markdown_blocks.parse_markdown(text.replace("Oakfield", "Elmtree"), "policy/pieces.md")
    assert parsed == ["Elmtree keeps this policy.\n\n"]
    assert blocks == real(text.replace("Oakfield", "Elmtree"), "policy/pieces.md", {})


def test_an_error_names_its_line_in_the_whole_text():
    text = "# Scope\n\nFine.\n\nStill fine.\n\n> a quote is not supported\n"
    with pytest.raises(TemplateProblem, match="rendered line 7"):
        markdown_blocks.parse_markdown(text, "policy/bad-pieces.md")


@pytest.mark.parametrize("name", ["example.yaml", "riverside-school.yaml"])
def test_every_text_the_example_renders_parses_the_same_in_pieces(repo_root, monkeypatch, name):
    from generator.pack.handbook import render_for_site
    from generator.documents.base import BuildInputs
    from generator.profile.load import load_profile

    texts = []
    real = markdown_blocks.parse_markdown

    def spy(text, where, prompts=None):
        texts.append((text, where, prompts or {}))
        return real(text, where, prompts)

    monkeypatch.setattr(markdown_blocks, "parse_markdown", spy)
    for module in ("generator.render.content", "generator.handbook.pages", "generator.documents.flowchart.model"):
        monkeypatch.setattr(f"{module}.parse_markdown", spy)
    today = dt.date(2026, 11, 23)
    profile = load_profile(str(repo_root / "profiles" / name), today).profile
    render_for_site(BuildInputs.create(profile, today))
    assert len(texts) > 50
    cut = 0
    for text, where, prompts in texts:
        cut += len(text) if len(markdown_blocks._pieces(text)) > 1 else 0
        assert markdown_blocks._parse_by_pieces(text, where, prompts, {})[0] == markdown_blocks._parse(text, where, prompts)
    # Most of the text is in sections that are cut (short ones, such as a
    # flowchart box, are one piece), or the memo would save little.
    assert cut > 0.8 * sum(len(text) for text, _, _ in texts)
