"""Property-based: random template expressions over the real render context
either render or fail as a TemplateProblem naming the template, in bounded
time; never another exception (that would be a traceback, exit 70)."""

from __future__ import annotations

import datetime as dt
import os
import time

import jinja2
import pytest
from helpers import ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.errors import TemplateProblem
from generator.profile.load import load_profile
from generator.render.context import make_context
from generator.render.jinja_env import markdown_env, render_limited, xml_env

PER_EXAMPLE = 25.0  # the sandbox's own wall-clock budget is 20 s; typical: milliseconds

NAMES = ["org", "people", "contacts", "review", "closure", "letters", "guidance", "today", "range", "dict",
         "namespace", "cycler", "joiner", "missing"]
ATTRS = ["name", "phone", "tel", "dsl", "deputy_dsls", "front_door", "items", "keys", "values", "upper", "split",
         "center", "replace", "format", "join", "append", "pop", "update", "__class__", "__globals__", "mro",
         "_TemplateReference__context", "gi_frame", "func_globals", "real", "day", "year", "kind_label", "get"]
FILTERS = ["length", "join", "upper", "center", "indent", "wordwrap", "replace", "format", "batch", "slice", "sum",
           "list", "string", "int", "float", "round", "first", "last", "sort", "unique", "map", "select", "reject",
           "attr", "default", "escape", "e", "safe", "tojson", "pprint", "truncate", "urlize", "xmlattr", "dictsort",
           "groupby", "min", "max", "random", "reverse", "title", "trim", "striptags", "wordcount", "filesizeformat",
           "longdate", "names", "abs", "capitalize", "count", "items", "forceescape", "lower", "center"]
LITERALS = ["'x'", "'{{ 7*7 }}'", "'%s'", "'{0.__class__}'", "1", "0", "-1", "1000000", "99999999999", "1.5",
            "[]", "[1, 2]", "{}", "{'a': 1}", "none", "true", "'\\n'", "('a', 'b')"]
OPERATORS = ["+", "-", "*", "/", "//", "%", "**", "~", "and", "or", "in", "==", "<"]


def _expressions():
    leaves = st.one_of(st.sampled_from(NAMES), st.sampled_from(LITERALS))

    def extend(inner):
        return st.one_of(
            st.tuples(inner, st.sampled_from(OPERATORS), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
            st.tuples(inner, st.sampled_from(ATTRS)).map(lambda t: f"{t[0]}.{t[1]}"),
            st.tuples(inner, inner).map(lambda t: f"{t[0]}[{t[1]}]"),
            st.tuples(inner, st.sampled_from(FILTERS), st.lists(inner, max_size=2)).map(
                lambda t: f"({t[0]} | {t[1]}({', '.join(t[2])}))"),
            st.tuples(inner, st.lists(inner, max_size=2)).map(lambda t: f"{t[0]}({', '.join(t[1])})"),
        )

    return st.recursive(leaves, extend, max_leaves=8)


@pytest.fixture(scope="module")
def context():
    profile = load_profile(str(ROOT / "profiles" / "example.yaml"), dt.date(2026, 11, 23)).profile
    return make_context(profile, "staff", dt.date(2026, 11, 23))


@settings(max_examples=int(os.environ.get("POLICYPACK_FUZZ_EXAMPLES", "300")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(expression=_expressions(), loop=st.booleans())
def test_random_template_code_renders_or_is_refused(context, expression, loop):
    source = (f"{{% for x in {expression} %}}{{{{ x }}}}{{% endfor %}}" if loop else f"{{{{ {expression} }}}}")
    started = time.monotonic()
    for env in (markdown_env(), xml_env()):
        try:
            template = env.from_string(source)
        except jinja2.TemplateSyntaxError:
            event("syntax error")
            return  # content.py, master.py and the templates check report these with file and line
        try:
            text = render_limited(template, dict(context), "custom/policy/01-x.md")
        except TemplateProblem as exc:
            assert str(exc).startswith("custom/policy/01-x.md"), str(exc)
            event("refused")
        else:
            event("rendered")
            assert isinstance(text, str) and len(text) <= 5_000_000
    assert time.monotonic() - started < PER_EXAMPLE, source
