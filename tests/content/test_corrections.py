"""Issue 14, point 2: statements that were wrong, checked in the built policy
of an alternative provider and of a school."""

from __future__ import annotations

import re


def test_lado_basic_enquiries_are_allowed_and_no_kcsie_one_working_day(either):
    assert any("may make basic enquiries to establish the facts" in s for s in either.sentences())
    assert any("contacts the Local Authority Designated Officer (LADO) without delay" in s for s in either.sentences())
    assert not [s for s in either.sentences() if "LADO" in s and "one working day" in s]


def test_safer_recruitment_enhanced_dbs_with_the_childrens_barred_list(either):
    assert any("enhanced DBS certificate" in s and "children's barred list" in s and "regulated activity" in s
               for s in either.sentences())


def test_safer_recruitment_barred_list_check_and_risk_assessment_before_the_certificate(either):
    assert any("before their DBS certificate arrives" in s and "separate children's barred list check" in s
               and "risk assessment" in s for s in either.sentences())


def test_safer_recruitment_prohibition_and_section_128_checks(either):
    assert any("not prohibited from teaching" in s for s in either.sentences())
    assert any("section 128 direction" in s for s in either.sentences())


def test_safer_recruitment_overseas_checks(either):
    assert any("lived or worked outside the UK" in s and "certificate of good conduct" in s for s in either.sentences())


def test_safer_recruitment_online_searches_with_notice(either):
    assert any("online searches on shortlisted candidates" in s and "tell them in advance" in s
               for s in either.sentences())


def test_supervised_volunteers_can_be_in_regulated_activity(either):
    assert any("Since 1 September 2026, a volunteer who is supervised can still be in regulated activity" in s
               for s in either.sentences())


def test_private_fostering_definition_and_duty_to_notify(either):
    sentence = next(s for s in either.sentences() if "privately fostered when" in s)
    assert "under 16 (or under 18 if disabled)" in sentence and "28 days or more" in sentence
    assert any("Parents and carers must tell the local authority" in s and "makes sure the local authority has been told" in s
               for s in either.sentences())


def test_radicalisation_and_the_2024_extremism_definition(either):
    assert any(s.startswith("Radicalisation is the process") for s in either.sentences())
    definition = next(s for s in either.sentences() if s.startswith("Extremism is"))
    assert "violence, hatred or intolerance" in definition and "definition of extremism (2024)" in definition


def test_fgm_the_teachers_own_duty(either):
    duty = next(s for s in either.sentences() if "must report it to the police personally" in s)
    assert "telling the DSL does not meet it" in duty and "101" in duty


def test_children_are_sent_to_report_remove_not_the_adult_revenge_porn_helpline(either):
    rows = either.table("Service")
    assert any(r[0].startswith("Report Remove") and "under 18" in r[1] for r in rows)
    assert not any("Revenge Porn" in r[0] for r in rows)
    assert any("Revenge Porn Helpline is for adults aged 18 and over only" in s for s in either.sentences())


def test_lgbt_wording_is_the_same_everywhere(either):
    mentions = [s for s in either.sentences() if "lesbian, gay, bisexual" in s]
    assert len(mentions) >= 4
    for sentence in mentions:
        assert "not in itself a risk" in sentence and "targeted by" in sentence, sentence


KCSIE_AREAS = {
    "Content": ("Pornography", "misogyny", "radicalisation", "extremism", "conspiracy theories"),
    "Contact": ("Peer-to-peer pressure", "commercial advertising", "adults posing as children"),
    "Conduct": ("explicit images", "made with AI", "online bullying"),
    "Commerce": ("Online gambling", "inappropriate advertising", "phishing", "financial scams"),
}


def test_online_risk_table_puts_under_each_area_only_what_kcsie_does(either):
    rows = {r[0]: r for r in either.table("Area")[1:]}
    assert set(rows) == set(KCSIE_AREAS)
    for area, named in KCSIE_AREAS.items():
        for item in named:
            assert item in rows[area][2], (area, item)
    assert "radicalisation" not in rows["Contact"][2].lower()
    assert "money mule" not in rows["Commerce"][2] and "sextortion" not in rows["Commerce"][2].lower()


def test_reasonable_force_as_the_2026_guidance_states_it(either):
    text = either.text
    assert "Restrictive interventions, including use of reasonable force, in schools 2026" in text
    assert "serious disorder" not in text
    force = [s for s in either.sentences() if "force" in s.lower()]
    assert not [s for s in force if "last resort" in s]
    recording = next(s for s in either.sentences() if s.startswith("Every significant incident in which force"))
    assert "must be recorded in writing" in recording and "must be told" in recording and "legal duty" in recording


def test_no_edition_older_than_the_one_in_force(either):
    assert "Keeping Children Safe in Education 2026" in either.text
    assert not re.search(r"Keeping Children Safe in Education 20(1\d|2[0-5])", either.text)
