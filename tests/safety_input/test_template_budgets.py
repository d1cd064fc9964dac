"""Issue 13 point 3: a template cannot exhaust the machine.

Values that double without copying (``[x, x]`` in a loop) are refused while
they are built, whichever way they would be printed; ``*`` on lists and long
ranges are bounded; each document has a wall-clock budget; a build with such
a template stops within seconds, exit 1, naming its file, under 500 MB; and
`templates check` reports the same templates.  ``|wordwrap`` works."""

from __future__ import annotations

import resource
import time

import jinja2
import pytest
from helpers import run_cli

from generator.errors import TemplateProblem
from generator.render import limits
from generator.render.jinja_env import markdown_env, render_limited, xml_env

BOUND = 5.0  # CPU seconds for one refused render in-process
MAX_RSS_KB = 500_000  # the 500 MB

DOUBLED = "{% set ns = namespace(x=[1]) %}{% for i in range(40) %}{% set ns.x = DOUBLE %}{% endfor %}"


def _refused(source: str) -> str:
    started = time.process_time()  # CPU time: a loaded machine stretches wall time only
    with pytest.raises(TemplateProblem) as raised:
        render_limited(markdown_env().from_string(source), {}, "custom/policy/01-x.md")
    with pytest.raises(jinja2.TemplateError):
        xml_env().from_string(source).render({})
    elapsed = time.process_time() - started
    assert elapsed < BOUND, f"{source!r} took {elapsed:.1f} CPU s"
    message = str(raised.value)
    assert message.startswith("custom/policy/01-x.md"), message
    return message


@pytest.mark.parametrize("double", [
    "[ns.x, ns.x]", "(ns.x, ns.x)", "{'a': ns.x, 'b': ns.x}", "[ns.x] * 2", "[ns.x] + [ns.x]",
    "(ns.x, ns.x) | list", "dict(a=ns.x, b=ns.x)", "[ns.x, ns.x] | batch(1) | list",
])
@pytest.mark.parametrize("printed", [
    "{{ ns.x | tojson }}", "{{ ns.x | pprint }}", "{{ ns.x | string }}", "{{ [ns.x] | join(',') }}",
    "{{ '%s' | format(ns.x) }}", "{{ ns.x ~ '' }}", "{{ '%s' % (ns.x,) }}", "{{ '{}'.format(ns.x) }}", "{{ ns.x }}",
])
def test_a_value_that_doubles_itself_is_refused_while_it_is_built(double, printed):
    message = _refused(DOUBLED.replace("DOUBLE", double) + printed)
    assert "1,000,000" in message, message


@pytest.mark.parametrize("source, words", [
    # a value just under the limit, printed many times by one format string or operator
    ("{% set ns = namespace(x=[1]) %}{% for i in range(15) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
     "{{ ('{0}' * 100).format(ns.x) }}", "formatting would make"),
    ("{% set ns = namespace(x=[1]) %}{% for i in range(15) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
     "{{ ('%(a)s' * 100) % {'a': ns.x} }}", "formatting would make"),
    ("{% set ns = namespace(x=[1]) %}{% for i in range(15) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}"
     "{{ ([ns.x] * 100) | length }}", "'*' would make"),
    ("{{ ([org] * 100000) | length }}", "'*' would make"),
    # namespaces and cyclers hold values too
    ("{% set ns = namespace(x=1) %}{% for i in range(40) %}{% set ns.x = namespace(a=ns.x, b=ns.x) %}{% endfor %}"
     "{{ ns.x | string }}", "1,000,000"),
    ("{% set ns = namespace(x=1) %}{% for i in range(40) %}{% set ns.x = cycler(ns.x, ns.x) %}{% endfor %}"
     "{{ ns.x | string }}", "1,000,000"),
    # deep rather than wide
    ("{% set ns = namespace(x=1) %}{% for i in range(100000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x }}",
     "nested more than 64"),
    ("{% set ns = namespace(x=1) %}{% for i in range(100000) %}{% set ns.x = [ns.x] | list %}{% endfor %}{{ ns.x }}",
     "nested more than 64"),
    # many large values kept alive (memory, not printing)
    ("{% set ns = namespace(x=1) %}{% for i in range(100000) %}"
     "{% set ns.x = [ns.x, namespace(v=range(100000) | list)] %}{% endfor %}", "1,000,000"),
    ("{{ [1, 2] | tojson(indent=100000) }}", "indent"),
    ("{{ range(1000000) | list | length }}", "range() of"),
])
def test_other_ways_to_grow_a_value(source, words):
    assert words in _refused(source)


def test_ordinary_templates_still_render():
    source = ("{% set xs = [1, 2, 3] %}{{ xs | join(', ') }}|{{ xs | tojson }}|{{ {'a': 1} | pprint }}|"
              "{% for a, b in [(1, 2)] %}{{ a }}{{ b }}{% endfor %}|{{ '%s-%s' % (1, 2) }}|{{ '{}!'.format('x') }}|"
              "{{ (xs + [4]) | length }}|{{ ([0] * 3) | length }}|{{ dict(a=xs).a | sum }}")
    text = render_limited(markdown_env().from_string(source), {}, "t.md")
    assert text == "1\\, 2\\, 3|[1, 2, 3]|{&#39;a&#39;: 1}|12|1\\-2|x\\!|4|3|6", text


def test_wordwrap_works():
    text = render_limited(markdown_env().from_string("{{ 'one two three four' | wordwrap(9) }}"), {}, "t.md")
    assert text == "one two\nthree\nfour"


def test_a_slow_template_stops_at_its_wall_clock_budget(monkeypatch):
    """Each step costs about a millisecond, so the step budget would allow half an hour."""
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 1.0)
    source = "{% for i in range(100000) %}{% for j in range(19) %}{% set s = 'x' * 999999 %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with pytest.raises(TemplateProblem, match="took more than 1 seconds"):
        render_limited(markdown_env().from_string(source), {}, "t.md")
    assert time.monotonic() - started < 4


def test_the_templates_of_one_document_share_one_budget(monkeypatch):
    """Each section alone is under the template's budget; together they pass the document's."""
    monkeypatch.setattr(limits, "MAX_RENDER_SECONDS", 10.0)
    source = "{% for i in range(100000) %}{% for j in range(19) %}{% set s = 'x' * 999999 %}{% endfor %}{% endfor %}"
    started = time.monotonic()
    with limits.document_budget(seconds=1.5):
        with pytest.raises(TemplateProblem, match="document's templates took more than"):
            for _ in range(20):
                render_limited(markdown_env().from_string(source), {}, "t.md")
    assert time.monotonic() - started < 5


# -- through the real CLI ----------------------------------------------------------------

HOSTILE = ("# Purpose and aims\n\nText.\n\n{% set ns = namespace(x=[org.name]) %}\n"
           "{% for i in range(30) %}{% set ns.x = [ns.x, ns.x] %}{% endfor %}\n\n{{ ns.x | tojson }}\n")
SLOW = ("# Purpose and aims\n\nText.\n\n"
        "{% for i in range(100000) %}{% for j in range(19) %}{% set s = 'x' * 999999 %}{% endfor %}{% endfor %}\n")


@pytest.mark.parametrize("body, words, bound", [
    (HOSTILE, ["1,000,000 characters"], 30),
    (SLOW, ["took more than 10 seconds"], 40),  # the template's 10 s, plus start-up on a busy machine
])
def test_a_build_with_such_a_template_stops_within_seconds(profiles_copy, tmp_path, body, words, bound):
    section = profiles_copy / "custom" / "policy" / "01-purpose-and-aims.md"
    section.parent.mkdir(parents=True)
    section.write_text(body, encoding="utf-8")
    profile = profiles_copy / "example.yaml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\ntemplates:\n  dir: custom\n", encoding="utf-8")
    peak_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.monotonic()
    result = run_cli("build", str(profile), "-o", "out", "--no-handbook", cwd=tmp_path, timeout=bound + 60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "custom/policy/01-purpose-and-aims.md" in result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert elapsed < bound, f"took {elapsed:.1f} s"
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # kB on Linux: the largest child so far
    assert peak <= max(peak_before, MAX_RSS_KB), f"the build used {peak // 1000} MB"
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())

    check = run_cli("templates", "check", str(profiles_copy / "custom"), timeout=bound + 60)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "01-purpose-and-aims.md:" in check.stderr and "a build would refuse this template" in check.stderr, \
        check.stderr
