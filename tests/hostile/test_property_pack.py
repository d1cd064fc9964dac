"""Property-based: a mutated profile that validates must also render the whole
pack (every producer, DOCX and SVG, in memory); one that does not validate is a
ProfileInvalid.  Nothing else may escape: a validated profile that crashes a
producer is a bug (tests/profile covers loading alone)."""

from __future__ import annotations

import copy
import datetime as dt
import os
import time

import pytest
import yaml
from helpers import ROOT, key_paths
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from generator.documents.base import BuildInputs
from generator.errors import ProfileInvalid, UserError
from generator.pack.build import render_pack
from generator.profile.inherit import load_with_parents
from generator.profile.load import load_profile

TODAY = dt.date(2026, 11, 23)
PER_EXAMPLE = 15.0  # seconds; typically 0.3

values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.sampled_from([0, 1, -1, 10**9, 2**63]),
    st.text(max_size=20), st.sampled_from(["", " ", "{{ 7*7 }}", "*x*", "<w:t>", "&amp;", "999", "101", "dsl",
                                           "deputy_dsls", "rag", "categories", "daily", "0116 496 0999"]),
    st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.sampled_from(["name", "key", "contact", "x"]),
                                                               st.text(max_size=8), max_size=3),
)


def _paths(data):
    return [path for path in key_paths(data) if path]  # the root itself is not a place to mutate


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack") / "profiles"
    folder.mkdir()
    for name in ("example.yaml", "riverside-school.yaml"):
        merged = load_with_parents(str(ROOT / "profiles" / name)).data  # one file: mutations may reach LA values
        (folder / name).write_text(yaml.safe_dump(merged, sort_keys=False), encoding="utf-8")
    return folder


def _mutated(data, mutations):
    data = copy.deepcopy(data)
    for path, action, value in mutations:
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if action == "delete":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    return data


def _check(folder, name, mutations):
    source = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    path = folder / f"fuzz-{name}"
    path.write_text(yaml.safe_dump(_mutated(source, mutations), sort_keys=False, allow_unicode=False), encoding="utf-8")
    started = time.monotonic()
    try:
        profile = load_profile(str(path), TODAY).profile
    except ProfileInvalid as exc:
        assert exc.problems and all(p.file and p.message for p in exc.problems)
        event("refused")
        return
    try:
        _, outputs, _ = render_pack(BuildInputs.create(profile, TODAY))
    except UserError as exc:  # a validated profile must render: validation missed something
        raise AssertionError(f"validated, then refused while rendering (validation should catch it): {exc}") from None
    assert outputs and all(o.data for o in outputs)
    assert time.monotonic() - started < PER_EXAMPLE
    event("built")


META = st.sampled_from(["{{ 7*7 }}", "{% if %}", "*x*", "_y_", "<w:t>", "]]>", "&amp;", "[l](javascript:x)", "# h",
                        "- item", "1. item", "::: note", "\\", "|a|b|", "  ", "\u2028", "\U0001F600", "\u05d0"])


def _plausible(value):
    """Values of the same kind as the original: they often validate, so the producers see them."""
    if isinstance(value, bool):
        return st.booleans()
    if isinstance(value, int):
        return st.one_of(st.integers(-3, 400), st.sampled_from([0, 1, 2, 10**6]))
    if isinstance(value, dt.date):
        return st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
    if isinstance(value, str):
        return st.one_of(st.text(min_size=1, max_size=30), META, META.map(lambda m: value + " " + m),
                         st.just(value * 50))
    if isinstance(value, list) and value:
        return st.lists(st.sampled_from(value), max_size=5)
    return values


def _strategy(name):
    merged = load_with_parents(str(ROOT / "profiles" / name)).data
    paths = list(_paths(merged))

    def original(path):
        value = merged
        for key in path:
            value = value[key]
        return value

    plausible = st.sampled_from(paths).flatmap(
        lambda path: st.tuples(st.just(path), st.just("set"), _plausible(original(path))))
    anything = st.tuples(st.sampled_from(paths), st.sampled_from(["set", "delete"]), values)
    return st.lists(st.one_of(plausible, plausible, plausible, anything), min_size=1, max_size=3)


# POLICYPACK_FUZZ_EXAMPLES=1000 for a longer search than the suite's
SETTINGS = settings(max_examples=int(os.environ.get("POLICYPACK_FUZZ_EXAMPLES", "80")), deadline=None,
                    phases=(Phase.explicit, Phase.generate, Phase.shrink), suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(mutations=_strategy("example.yaml"))
def test_a_mutated_alternative_provider_renders_or_is_refused(base, mutations):
    _check(base, "example.yaml", mutations)


@SETTINGS
@given(mutations=_strategy("riverside-school.yaml"))
def test_a_mutated_school_renders_or_is_refused(base, mutations):
    _check(base, "riverside-school.yaml", mutations)
