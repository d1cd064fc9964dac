"""Mistakes in a flowchart's or a form's data file are TemplateProblems that
name the file and the box, section or field, with a way to fix them."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from helpers import ROOT

from generator.documents.base import BuildInputs
from generator.documents.flowchart import model
from generator.documents.forms import build_form
from generator.errors import TemplateProblem
from generator.profile.load import load_profile

TODAY = dt.date(2026, 11, 23)
STYLES = yaml.safe_load((ROOT / "templates" / "flowchart" / "styles.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def context():
    profile = load_profile(str(ROOT / "profiles" / "example.yaml"), TODAY).profile
    return BuildInputs.create(profile, TODAY).context("staff")


def chart(**changes):
    data = {"slug": "t", "title": "T", "rows": [
        {"boxes": [{"id": "a", "style": "start", "title": "Tell {{ people.dsl.name }}"}]},
        {"boxes": [{"id": "b", "style": "action", "title": "B"}]},
    ], "links": [{"from": "a", "to": "b"}]}
    data.update(changes)
    return data


def test_a_valid_chart_renders_profile_values(context):
    built = model.build(chart(), STYLES, context, "t.yaml")
    assert built.box("a").title_text == "Tell Jo Example"
    assert [(l.source, l.target) for l in built.links] == [("a", "b")]


@pytest.mark.parametrize("changes,message", [
    ({"links": [{"from": "a", "to": "nowhere"}]}, "unknown box 'nowhere'"),
    ({"links": [{"from": "b", "to": "a"}]}, "must point to a box in the next row"),
    ({"rows": [{"boxes": [{"id": "a", "style": "purple", "title": "A"}]}], "links": []}, "unknown style 'purple'"),
    ({"rows": [{"boxes": [{"id": "a", "style": "start", "title": "{{ people.nobody.name }}"}]}], "links": []},
     "box 'a'"),
    ({"rows": [{"boxes": [{"id": "a", "style": "start", "title": "A"}, {"arrow": "→"}]}], "links": []},
     "ends with an arrow"),
    ({"rows": [{"boxes": [{"id": "a", "style": "start", "title": "A"}, {"id": "a", "style": "start", "title": "A"}]}],
      "links": []}, "used twice"),
])
def test_mistakes_in_a_chart_are_reported_with_the_place(context, changes, message):
    with pytest.raises(TemplateProblem) as caught:
        model.build(chart(**changes), STYLES, context, "t.yaml")
    assert message in str(caught.value) and "t.yaml" in str(caught.value) and caught.value.fix


def test_profile_text_is_never_run_as_a_template(context):
    hostile = {**context, "people": context["people"].__class__(
        dsl=context["people"].dsl.__class__(name="{{ 7*7 }} <b>&amp;</b>"))}
    built = model.build(chart(), STYLES, hostile, "t.yaml")
    assert built.box("a").title_text == "Tell {{ 7*7 }} <b>&amp;</b>"


def test_a_broken_requires_expression_is_reported(context):
    with pytest.raises(TemplateProblem, match="requires"):
        model.condition("closure.enabled and (", context, "t.yaml")
    assert model.condition(None, context, "t.yaml") is True
    assert model.condition("closure.enabled", context, "t.yaml") is True


@pytest.mark.parametrize("section,message", [
    ({"table": {"columns": [{"header": "A"}], "rows": 1, "prefill": ["x", "y"]}}, "2 prefilled rows but only 1"),
    ({"table": {"columns": [{"header": "A", "type": "signature"}], "rows": 1}}, "type 'signature'"),
    ({"table": {"columns": [], "rows": 1}}, "needs columns"),
    ({"table": {"columns": [{"header": "A"}], "rows": "many"}}, "rows must be a number"),
    ({"fields": {"items": []}}, "at least one item"),
])
def test_mistakes_in_a_form_are_reported_with_the_place(context, section, message):
    data = {"slug": "f", "title": "F", "version": "1", "sections": [section]}
    with pytest.raises(TemplateProblem) as caught:
        build_form(data, {}, context, "f.yaml")
    assert message in str(caught.value) and "f.yaml: section 1" in str(caught.value)


def test_a_form_without_a_version_is_refused(context):
    with pytest.raises(TemplateProblem, match="'version' is missing"):
        build_form({"slug": "f", "title": "F"}, {}, context, "f.yaml")
