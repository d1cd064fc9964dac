"""The template sandbox (generator/render/jinja_env.py) against templates
from someone else: no files, no internals, no mutation, bounded time and
memory.  In-process: each case is refused in well under the budget."""

from __future__ import annotations

import time

import jinja2
import pytest

from generator.errors import TemplateProblem
from generator.render import limits
from generator.render.jinja_env import markdown_env, render_limited, xml_env

# CPU seconds per case; the step budget stops runaway loops in about 2 s.  CPU
# time, not wall time: what the budget bounds is this process's work, and a
# loaded machine (the test suite's other workers) stretches wall time only.
BOUND = 8.0


def _refused(source: str, context: dict | None = None) -> str:
    """Render with both environments; both must refuse; the Markdown one's message."""
    started = time.process_time()
    with pytest.raises(TemplateProblem) as raised:
        render_limited(markdown_env().from_string(source), dict(context or {}), "custom/policy/01-x.md")
    with pytest.raises(jinja2.TemplateError):  # docx masters: render(), handled as a TemplateError by the caller
        xml_env().from_string(source).render(dict(context or {}))
    elapsed = time.process_time() - started
    assert elapsed < BOUND, f"{source!r} took {elapsed:.1f} CPU s"
    message = str(raised.value)
    assert message.startswith("custom/policy/01-x.md"), message
    return message


@pytest.mark.parametrize("source, words", [
    # runaway loops and recursion
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "steps"),
    ("{% for a in 'x' * 900000 %}{% for b in 'x' * 900000 %}{% endfor %}{% endfor %}", "steps"),
    ("{% macro f(n) %}{{ f(n) }}{{ f(n) }}{% endmacro %}{{ f(1) }}", "nest more than"),
    ("{% for x in [1] recursive %}{{ loop([1, 2, 3]) }}{% endfor %}", "nest more than"),
    ("{{ range(10 ** 100) | list }}", "range() of"),
    # gigabytes of text
    ("{{ 'x' * 1000000000 }}", "'*' would make 1,000,000,000"),
    ("{{ [0] * 100000000 }}", "'*' would make"),
    ("{{ ('x'.encode() * 1000000000) | length }}", "'*' would make"),
    ("{{ 10 ** 100000 }}", "'**' would make a number"),
    ("{{ (2 ** 5000) * (2 ** 5000) }}", "'*' would make a number"),
    ("{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}", "makes a value"),
    ("{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}", "more than 5,000,000 characters"),
    ("{% set s %}{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}{% endset %}{{ s | length }}",
     "in memory"),
    ("{% macro m() %}{% for i in range(100000) %}{{ 'y' * 100000 }}{% endfor %}{% endmacro %}{{ m() | length }}",
     "in memory"),
    ("{{ 'x' | center(1000000000) }}", "center(1,000,000,000)"),
    ("{{ 'x'.ljust(1000000000) }}", "ljust(1,000,000,000)"),
    ("{{ '{:>999999999}'.format(1) }}", "huge width"),
    ("{{ '%999999999d' % 1 }}", "huge width"),
    ("{{ '%*d' | format(999999999, 1) }}", "huge width"),
    ("{{ '{:>{w}}'.format(1, w=9999999999) }}", "taken from the arguments"),  # refused before the 10 GB string
    ("{{ '{0:>{1}}'.format(1, 9999999999) }}", "taken from the arguments"),
    ("{{ '%(a)999999999s' | format(a=1) }}", "huge width"),
    ("{{ '%(x)0999999d' % {'x': 1} }}", "huge width"),
    ("{{ range(100000) | join('x' * 100000) }}", "join() would make"),
    ("{{ ('x' * 100000) | replace('', 'y' * 100) }}", "replace() could make"),
    ("{{ ('a\\n' * 500000) | indent(100) }}", "indent() would make"),
    ("{{ range(10) | batch(1000000000, 'x') | list }}", "batch("),
    # internals, files, mutation
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ self._TemplateReference__context }}", "_TemplateReference__context"),
    ("{{ org.__dict__ }}", "__dict__"),
    ("{{ people.append(1) }}", "append"),
    ("{{ review.update(owner='x') }}", "update"),
    ("{{ review.pop('owner') }}", "pop"),
    # ordinary errors in template code: a message with the line, not a traceback
    ("line one\n{{ 1 / 0 }}", "divides by zero"),
    ("\n\n{{ 'a' - 1 }}", "line 3: the template failed: unsupported operand"),
    # found by test_property_sandbox: exceptions Jinja's own helpers raise
    ("{{ cycler() }}", "at least one item"),  # RuntimeError
    ("{{ 'abcdef' | truncate(1) }}", "expected length"),  # AssertionError
])
def test_hostile_template_code_is_refused(source, words):
    context = {"people": [1], "review": {"owner": "o"}, "org": object()}
    message = _refused(source, context)
    assert words in message, message


@pytest.mark.parametrize("source", [
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as p %}",
    "{% from 'x' import y %}",
    "{% extends '/etc/passwd' %}",
])
def test_templates_never_read_files(source):
    for env in (markdown_env(), xml_env()):
        with pytest.raises(jinja2.TemplateSyntaxError, match="may not include, import or extend"):
            env.from_string(source)


@pytest.mark.parametrize("source", ["x" * 2_000_001, "{{ a }}" * 10_001])
def test_templates_too_big_to_compile_are_refused_before_compiling(source):
    started = time.process_time()
    for env in (markdown_env(), xml_env()):
        with pytest.raises(jinja2.TemplateSyntaxError, match="too big to compile") as raised:
            env.from_string(source)
        assert raised.value.lineno == 1
        with pytest.raises(jinja2.TemplateSyntaxError, match="too big to compile"):
            env.parse(source)  # the masters' path: parse, then compile the tree
    assert time.process_time() - started < 2  # CPU seconds (see BOUND)


@pytest.mark.parametrize("source", [
    "{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}",  # the parser recursed until RecursionError
    "{% if a %}" * 3000 + "{% endif %}" * 3000,
    "{% for a in b %}" * 25 + "{% endfor %}" * 25,  # Python: "too many statically nested blocks"
    "{{ a" + ".b" * 5000 + " }}",  # parsed fine; code generation recursed
    "{{ 1" + " + 1" * 9000 + " }}",
])
def test_deep_nesting_is_a_syntax_error_not_a_crash(source):
    for env in (markdown_env(), xml_env()):
        with pytest.raises(jinja2.TemplateSyntaxError, match="nested too deeply"):
            env.from_string(source)
        try:
            ast = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            assert "nested too deeply" in exc.message
        else:  # the masters' path: parse, then compile the tree
            with pytest.raises(jinja2.TemplateSyntaxError, match="nested too deeply"):
                env.from_string(ast)


def test_printing_none_names_the_template_and_line():
    class Contact:
        name = None

    with pytest.raises(TemplateProblem) as raised:
        render_limited(markdown_env().from_string("# Title\n\nRing {{ c.name }}.\n"), {"c": Contact()}, "policy/05-x.md")
    assert str(raised.value).startswith("policy/05-x.md:3: a template printed a value that the profile does not have")
    assert "{% if" in raised.value.fix


@pytest.mark.parametrize("source, words", [
    ("{{ ('x' ~ 'x'.nmae) }}", "has no attribute 'nmae'"),  # folded while compiling: UndefinedError
    ("{{ ('x'.__class__ ~ 'y') }}", "unsafe"),  # folded while compiling: SecurityError
])
def test_constant_folding_errors_are_syntax_errors(source, words):
    for env in (markdown_env(), xml_env()):
        with pytest.raises(jinja2.TemplateSyntaxError, match=words) as raised:
            env.from_string("# Title\n\n" + source)
        assert raised.value.lineno == 3


def test_lipsum_is_gone():
    assert "lipsum" in _refused("{{ lipsum(100000) }}")


def test_the_time_budget_stops_a_slow_template(monkeypatch):
    """Steps that are each slow: the wall-clock budget, not the step count, ends it."""
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 1.0)
    source = "{% for i in range(100000) %}{{ ('ab' * 200000).replace('a', 'c') | length }}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(TemplateProblem, match="took more than 1 seconds"):
        render_limited(markdown_env().from_string(source), {}, "slow.md")
    assert time.monotonic() - started < 5


def test_ordinary_templates_still_work():
    source = ("{% macro who(p) %}{{ p.name }}{% endmacro %}"
              "{% for p in people %}{{ loop.index }}. {{ who(p) }}{% if not loop.last %}, {% endif %}{% endfor %}"
              " {{ '%.1f' | format(2.25) }} {{ ['a', 'b'] | join(', ') }} {{ 3 * 4 }} {{ 'ab' * 3 }} {{ 2 ** 10 }}"
              " {{ 'x' ~ 'y' }} {{ (7 / 2) | round }} {{ range(3) | sum }} {{ 'Name'.upper() }}")

    class P:
        def __init__(self, name):
            self.name = name

    context = {"people": [P("Jo"), P("Sam")]}
    assert xml_env().from_string("{{ '{{x}} {}'.format(1) }} {{ '%(a)s'|format(a=2) }}").render() == "{x} 1 2"
    assert xml_env().from_string(source).render(context) == "1. Jo, 2. Sam 2.2 a, b 12 ababab 1024 xy 4.0 3 NAME"
    # Markdown: printed values are escaped (4\.0); template text and macro output are Markdown as written
    assert render_limited(markdown_env().from_string(source), context, "t.md") == \
        "1. Jo, 2. Sam 2.2 a, b 12 ababab 1024 xy 4\\.0 3 NAME"


def test_each_render_has_its_own_budget():
    """Many renders of the same compiled template never add up to a refusal."""
    template = markdown_env().from_string("{% for i in range(50000) %}{% endfor %}ok")
    for _ in range(60):  # 3,000,000 iterations in all, above one render's budget
        assert render_limited(template, {}, "t.md") == "ok"
