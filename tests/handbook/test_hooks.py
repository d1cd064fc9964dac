"""site/hooks.py: MkDocs' public plugin events only; table cells labelled for phone cards; the handbook's Markdown subset."""

from __future__ import annotations

import ast
from types import SimpleNamespace

import jinja2
from handbook_kit import inputs_of, load_hooks, markdown_as_built
from helpers import ROOT
from mkdocs.plugins import EVENTS

from generator.handbook.pages import SITE_DIR, assemble
from generator.pack.handbook import render_for_site

HOOKS = SITE_DIR / "hooks.py"


def test_every_public_function_is_a_public_mkdocs_event_and_nothing_is_patched():
    tree = ast.parse(HOOKS.read_text(encoding="utf-8"))
    functions = [n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
    assert functions, "the hooks file defines no event"
    assert all(name.startswith("on_") and name[3:] in EVENTS for name in functions), functions
    # No assignment to an attribute of anything but the env's documented bytecode_cache.
    targets = [t for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
               if isinstance(t, ast.Attribute)]
    assert [ast.unparse(t) for t in targets] == ["env.bytecode_cache"]


def test_cells_get_their_column_name_escaped():
    hooks = load_hooks()
    page = ('<p>x</p><table>\n<thead>\n<tr>\n<th>Role</th>\n<th align="left">How to <em>contact</em> "us"</th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td>DSL</td>\n<td align="left"><a href="tel:+441164960001">0116</a></td>\n'
            '</tr>\n<tr>\n<td>LADO</td>\n<td></td>\n</tr>\n</tbody>\n</table>')
    out = hooks.on_page_content(page, None, None, None)
    assert out.count('<td data-label="Role">') == 2
    assert out.count('<td data-label="How to contact &quot;us&quot;" align="left">') == 1
    assert '<td data-label="How to contact &quot;us&quot;"></td>' in out
    assert out.startswith("<p>x</p><table>")


def test_a_page_without_tables_is_unchanged():
    assert load_hooks().on_page_content("<p>a | b</p>", None, None, None) == "<p>a | b</p>"


def test_the_environment_gets_a_bytecode_cache():
    env = load_hooks().on_env(jinja2.Environment(), None, None)
    assert isinstance(env.bytecode_cache, jinja2.BytecodeCache)


def test_the_markdown_subset_gives_every_page_of_a_handbook_the_same_html():
    """The syntax the hooks stop looking for is never written: each page of the
    example handbook (policy, flowcharts, addendum, forms, letters, contacts)
    converts to the same HTML with the subset as with all of Markdown."""
    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    site = assemble(inputs, *render_for_site(inputs))
    assert len(site.pages) > 40 and {"flowchart.md", "forms.md", "letters.md", "addendum.md"} <= set(site.pages)
    for name, text in site.pages.items():
        assert markdown_as_built(text) == markdown_as_built(text, hooks=False), name


def test_the_subset_is_added_once_however_many_builds_share_a_configuration():
    config = SimpleNamespace(markdown_extensions=["toc"])
    hooks = load_hooks()
    hooks.on_config(config)
    hooks.on_config(config)
    assert config.markdown_extensions[0] == "toc" and len(config.markdown_extensions) == 2
