"""One story in every document (issue 14 point 5).

Each route is taken from the one place that decides it (the render
context's ``routes``), and the built policy, flowcharts, addendum, handbook
and forms are opened to check that they state the same decision."""

from __future__ import annotations

from generator.render.routes import decide
from generator.profile.model import Closure, People, Person


def test_staff_tell_the_dsl_then_each_deputy_in_every_document(pack):
    routes = pack.routes("public")
    dsl, deputies = routes.dsl.name, [d.name for d in routes.deputies]
    policy = pack.text("safeguarding-policy.docx")
    assert f"Speak to the DSL, {dsl}" in policy
    chart = pack.text("worried-about-a-child.docx")
    assert f"DSL: {dsl}" in chart
    home = pack.site("index.html")
    assert dsl in home
    appendix = pack.rows("safeguarding-policy.docx", "Who")
    assert appendix[0][1].startswith(dsl)
    assert [r[1].split(",")[0] for r in appendix if r[0].startswith("Deputy DSL")] == deputies
    for deputy in deputies:
        assert deputy in chart and deputy in home and deputy in policy
    assert chart.index(f"DSL: {dsl}") < min([chart.index(d) for d in deputies] or [len(chart)])


def test_the_case_manager_is_the_same_person_in_every_document(pack):
    manager = pack.routes().case_manager.name
    assert manager == (pack.profile.people.headteacher or pack.profile.people.coordinator or pack.profile.people.dsl).name
    policy = pack.text("safeguarding-policy.docx")
    start = policy.index("Report the allegation at once to the case manager:")
    assert manager in policy[start:start + 160]
    assert f"Tell the case manager, {manager}, at once." in pack.text("worried-about-a-child.docx")
    assert f"Tell the case manager, {manager}" in pack.site("index.html")
    key_roles = pack.rows("safeguarding-policy.docx", "Role")
    assert any(r[0].startswith("Case manager") and r[1].startswith(manager) for r in key_roles)
    appendix = pack.rows("safeguarding-policy.docx", "Who")
    assert any(r[0].startswith("Case manager") and r[1].startswith(manager) for r in appendix)


def test_who_takes_over_when_the_allegation_is_about_the_case_manager(pack):
    above = pack.routes().takes_over
    policy = pack.text("safeguarding-policy.docx")
    chart = pack.text("worried-about-a-child.docx")
    home = pack.site("index.html")
    about = policy[policy.index("staff must not report it to that person."):][:300]
    if above is None:  # the example AP has nobody above its director
        assert "report it straight to the LADO" in about
        assert "If it is about them, the DSL or the proprietor, go straight to the LADO." in chart
        assert "If the concern is about them, the DSL or the proprietor, contact the LADO yourself." in home
    else:  # the school's chair of governors
        assert f"Report it to {above.name}" in about
        assert f"If it is about them, the DSL or the proprietor, tell {above.name}" in chart
        assert f"If the concern is about them, the DSL or the proprietor, tell {above.name}" in home
        assert "straight to the LADO" not in chart


def test_home_visits_are_authorised_by_the_same_person_everywhere(pack):
    routes = pack.routes()
    said = routes.home_visits_by + (f" ({routes.home_visits_person.name})" if routes.home_visits_person else "")
    assert routes.home_visits_person is not None  # both examples name a role the profile fills
    assert f"Only {said} can authorise a home visit." in pack.text("emergency-closure-addendum.docx")
    assert f"Home visits only with the agreement of {said}" in pack.text("closure-escalation.docx")
    assert f"when {said} has agreed them" in pack.text("forms/home-visit-record.docx")
    assert f"Only {said} can authorise a home visit." in pack.site("addendum.html")


def test_closure_contact_per_level_is_the_same_in_the_addendum_and_the_chart(pack):
    levels = pack.routes().levels
    assert levels
    table = pack.rows("emergency-closure-addendum.docx", "Level")
    assert [(r[0], r[2]) for r in table] == [(lv.label, lv.contact) for lv in levels]
    chart = pack.text("closure-escalation.docx")
    for level in levels:
        assert f"{level.label}: {level.contact}" in chart
    # The timescales for other families are not applied to vulnerable children.
    closure = pack.profile.closure
    assert f"{closure.missing_after_school_days} school days" not in chart
    assert "tell the DSL the same day" in chart


def test_the_closure_checklist_form_lists_the_addendums_tasks(pack):
    tasks = pack.rows("emergency-closure-addendum.docx", "Task")
    form = [r for r in pack.rows("forms/closure-checklist.docx", "Task") if r[0]]
    assert [(r[0], r[1]) for r in form] == [(r[0], r[1]) for r in tasks]
    assert len(tasks) >= 18


def _people(**roles):
    return People(dsl=Person("Dee Ess"), **roles)


def test_the_case_manager_is_the_head_else_the_coordinator_else_the_dsl():
    head, boss, chair = Person("Hed Teacher"), Person("Co Ordinator"), Person("Chay Er")
    assert decide(_people(headteacher=head, coordinator=boss), Closure()).case_manager == head
    assert decide(_people(coordinator=boss), Closure()).case_manager == boss
    alone = decide(_people(), Closure())
    assert alone.case_manager.name == "Dee Ess" and alone.case_manager_role == "dsl"
    assert decide(_people(headteacher=head, chair=chair), Closure()).takes_over == chair
    assert decide(_people(headteacher=head), Closure()).straight_to_lado
    # A chair who is also the head has nobody above them: straight to the LADO.
    assert decide(_people(headteacher=head, chair=head), Closure()).straight_to_lado
