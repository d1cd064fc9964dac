"""Blocks -> Markdown for MkDocs: every profile value comes out as exactly its text."""

from __future__ import annotations

import html
import re

import pytest
from handbook_kit import markdown_as_built
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.handbook.markdown import Labels, escape, render, safe_href
from generator.render.blocks import (
    BulletList,
    Callout,
    Heading,
    ListItem,
    NumberedList,
    Paragraph,
    Prompt,
    Run,
    Table,
)

HOSTILE = [
    'Smith & Jones <Learning> "Centre"',
    "{{ 7*7 }} {% if %} <script>alert(1)</script>",
    "*not italic* _nor_ **bold** `code` [link](https://evil.example) ![img](x.png)",
    "# not a heading",
    "1. not a list",
    "- nor this",
    "    indented code? no",
    "!!! danger \"not an admonition\"",
    "a | table | pipe",
    "{: .attr-list } {#id}",
    "&amp; &lt; &#42; \\ backslash \\* escaped",
    "line one\nline two\n\n# heading after blank line",
    "<!-- comment --> <div markdown>block</div>",
    "https://autolink.example <https://autolink.example> <me@example.com>",
]


def to_html(text: str) -> str:
    return markdown_as_built(text)


def visible_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


@pytest.mark.parametrize("text", HOSTILE)
def test_a_paragraph_renders_as_exactly_its_text(text):
    out = to_html(render((Paragraph((Run(text),)),)))
    assert out.startswith("<p>") and out.endswith("</p>")
    assert out.count("<p>") == 1
    assert visible_text(out) == " ".join(text.split())
    assert "<script" not in out and "<div" not in out and "<a " not in out and "<img" not in out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=60))
def test_any_text_survives_python_markdown(text):
    expected = " ".join(text.split())
    if not expected:
        return
    out = to_html(render((Paragraph((Run(text),)),)))
    assert visible_text(out) == expected
    assert re.fullmatch(r"<p>.*</p>", out, re.DOTALL)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "2.", ".", "-", "+", "!", "!!", "#", " ", "x", "(", ")", "[", "]", "*", "=",
                                 ">", "<", "&", "|", "_", "`", "{", "}", "\\", ":", "a b"]), min_size=1, max_size=8),
       st.booleans())
def test_runs_joined_in_a_line_survive_python_markdown(pieces, in_list):
    """Only line-start markup is escaped at the start of each run, so runs that
    meet ("1" then ". x") must still not make a list, a heading or a link."""
    runs = tuple(Run(piece) for piece in pieces)
    expected = " ".join("".join(pieces).split())
    if not expected:
        return
    block = BulletList((ListItem(runs),)) if in_list else Paragraph(runs)
    out = to_html(render((block,)))
    assert " ".join(visible_text(out).split()) == expected, out
    assert out.startswith("<ul>\n<li>" if in_list else "<p>") and out.count("<li>") == int(in_list), out
    assert "<a " not in out and "<h" not in out and "<ol>" not in out and "<code>" not in out, out


@pytest.mark.parametrize("text", HOSTILE)
def test_headings_table_cells_lists_and_callouts_escape_too(text):
    blocks = (
        Heading(2, (Run(text),)),
        Table(((Run("Role"),), (Run(text),)), (((Run(text),), (Run("x | y"),)),)),
        BulletList((ListItem((Run(text),), (NumberedList((ListItem((Run(text),)),)),)),)),
        Callout("warning", (Paragraph((Run(text),)),)),
    )
    out = to_html(render(blocks))
    flat = " ".join(text.split())
    assert re.search(r"<h2[^>]*>(.*?)</h2>", out, re.DOTALL).group(1) == html.escape(flat, quote=False) or \
        visible_text(re.search(r"<h2[^>]*>(.*?)</h2>", out, re.DOTALL).group(1)) == flat
    cells = [visible_text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", out, re.DOTALL)]
    assert cells == ["Role", flat, flat, "x | y"]
    assert out.count("<li>") == 2
    assert 'class="admonition danger"' in out
    assert "<script" not in out


def test_bold_italic_and_links_become_markup():
    runs = (Run("Ring "), Run("999", bold=True, link="tel:999"), Run(" or "), Run("email", italic=True, link="mailto:a@b.example"),
            Run(" and read "), Run("the procedures", link="https://example.org/a_b*c(d)"))
    out = to_html(render((Paragraph(runs),)))
    assert '<a href="tel:999"><strong>999</strong></a>' in out
    assert '<a href="mailto:a@b.example"><em>email</em></a>' in out
    assert 'href="https://example.org/a_b*c%28d%29"' in out


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "file:///etc/passwd",
                                 "vbscript:x"])
def test_dangerous_links_lose_their_link_but_keep_their_text(url):
    assert safe_href(url) is None
    out = to_html(render((Paragraph((Run("click", link=url),)),)))
    assert "<a" not in out and "click" in out


def test_relative_links_stay_links():
    assert safe_href("downloads/forms/a b.docx") == "downloads/forms/a%20b.docx"


def test_unanswered_prompt_is_a_visible_to_complete_box():
    out = to_html(render((Prompt("who-reviews", "Who reviews <this>?", "Reviews"),)))
    assert "admonition warning" in out and "To complete" in out
    assert "Who reviews &lt;this&gt;? (prompt who-reviews)" in out


def test_answered_prompt_is_just_its_answer():
    out = to_html(render((Prompt("p", "Q?", "S", (Paragraph((Run("Our answer."),)),)),)))
    assert out == "<p>Our answer.</p>"


def test_number_prefixes_the_page_title():
    out = to_html(render((Heading(1, (Run("Scope"),)), Heading(2, (Run("Who"),))), number="2"))
    assert re.search(r"<h1[^>]*>2\. Scope</h1>", out)
    assert re.search(r"<h2[^>]*>Who</h2>", out)


def test_escape_collapses_newlines():
    assert "\n" not in escape("a\n# b\r\n- c")


def test_box_titles_are_escaped_too():
    labels = Labels(warning='Act *now* "please" <b>')
    out = to_html(render((Callout("warning", (Paragraph((Run("x"),)),)),), labels))
    title = re.search(r'<p class="admonition-title">(.*?)</p>', out).group(1)
    assert visible_text(title) == 'Act *now* "please" <b>'
    assert "<em>" not in title and "<b>" not in title


def test_numbered_steps_with_nested_lists_keep_their_numbering():
    """A nested list must be closed before the next step, or the steps after
    the first become bullets of it (the flowchart text and the closure "at a glance")."""
    steps = NumberedList(tuple(
        ListItem((Run(f"Step {n}"),), (BulletList((ListItem((Run(f"detail {n}a"),)), ListItem((Run(f"detail {n}b"),)))),))
        for n in range(1, 5)))
    out = to_html(render((steps,)))
    top = re.sub(r"<ul>.*?</ul>", "", out, flags=re.DOTALL)
    assert top.count("<ol>") == 1 and top.count("<li>") == 4
    assert out.count("<ul>") == 4 and out.count("<li>") == 12
    for n in range(1, 5):
        assert re.search(rf"<li>\s*<p>Step {n}</p>\s*<ul>\s*<li>detail {n}a</li>\s*<li>detail {n}b</li>\s*</ul>", out)


def test_phone_numbers_and_emails_become_tap_links_unless_private():
    text = "Ring 0116 496 0001 or jo@oakfield.example; Sam on 0116 496 0123; police 999."
    out = to_html(render((Paragraph((Run(text),)),), may_link=lambda t: "0123" not in t))
    assert '<a href="tel:+441164960001">0116 496 0001</a>' in out
    assert '<a href="mailto:jo@oakfield.example">jo@oakfield.example</a>' in out
    assert "tel:+441164960123" not in out and "Sam on 0116 496 0123;" in out
    assert visible_text(out) == text
    assert "<a " not in to_html(render((Paragraph((Run(text),)),)))  # no may_link: no links added


def test_lines_of_tildes_stay_text_not_a_code_fence():
    """MkDocs always adds the fenced-code extension; "~" has no Markdown escape,
    so only the handbook's own Markdown subset (site/hooks.py) keeps these as text."""
    blocks = (Paragraph((Run("~~~"),)), Paragraph((Run("Ring 0116 496 0123"),)), Paragraph((Run("~~~"),)))
    out = to_html(render(blocks))
    assert out.count("<p>") == 3 and "<pre" not in out and "<code" not in out, out
    assert "<pre><code>" in markdown_as_built(render(blocks), hooks=False)  # what MkDocs alone would do
