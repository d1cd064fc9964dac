"""Random and mutated profiles: always a result or a ProfileInvalid, never a crash."""

from __future__ import annotations

import datetime as dt

import yaml
from helpers import ROOT, key_paths, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ProfileInvalid
from generator.profile.inherit import load_with_parents
from generator.profile.load import load_profile

BASE = load_with_parents(str(ROOT / "profiles/example.yaml")).data

values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
    st.text(max_size=30), st.dates(dt.date(1900, 1, 1), dt.date(2200, 1, 1)),
    st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3),
)


ALL_PATHS = [path for path in key_paths(BASE) if path]  # the root itself is not a place to mutate


def _mutate(data, path, action, value):
    import copy

    data = copy.deepcopy(data)
    parent = data
    for key in path[:-1]:
        parent = parent[key]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "rename" and isinstance(parent, dict):
        parent[str(last) + "x"] = parent.pop(last)
    else:
        parent[last] = value
    return data


def _check(tmp_path, text: str) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_profile(str(path))
    except ProfileInvalid as exc:
        assert exc.problems and all(p.message for p in exc.problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete", "rename"]), values),
                          min_size=1, max_size=4))
def test_mutated_profiles_never_crash(tmp_path, mutations):
    data = BASE
    for path, action, value in mutations:
        try:
            data = _mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the path
    _check(tmp_path, yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_random_text_never_crashes(tmp_path, text):
    _check(tmp_path, text)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("ab:-[]{}&*!|>'\"\n #\t0")), max_size=80))
def test_the_cli_exits_0_or_1_without_traceback(tmp_path, text):
    path = tmp_path / "fuzz.yaml"
    path.write_text(text, encoding="utf-8")
    result = run_cli("validate", str(path))
    assert result.returncode in (0, 1)
    assert "Traceback" not in result.stderr
