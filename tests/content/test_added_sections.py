"""Issue 14, point 3: content that was missing, in the built policy and forms."""

from __future__ import annotations

import docx

from helpers import docx_text


def test_prevent_section_with_referral_route_and_dfe_helpline(either):
    assert any("makes a Prevent referral to the police" in s for s in either.sentences())
    assert any("counter-extremism helpline on 020 7340 7264" in s for s in either.sentences())
    assert any("Channel" in s and "voluntary" in s for s in either.sentences())


def test_governance_duties_link_member_annual_report_and_audit(ap, school):
    assert any("one governor leads on safeguarding for the governing body" in s for s in school.sentences())
    assert any("one member of the management committee leads on safeguarding" in s for s in ap.sentences())
    for built in (ap, school):
        assert any("safeguarding report from the DSL at least once a year" in s for s in built.sentences())
        assert any("safeguarding audit" in s for s in built.sentences())


def test_board_training(ap, school):
    assert any(s.startswith("Every member of the governing body receives safeguarding and child protection training")
               for s in school.sentences())
    assert any(s.startswith("Every member of the management committee receives safeguarding") for s in ap.sentences())


def test_the_heads_role(ap, school):
    assert any(s.startswith("The headteacher makes sure that this policy is put into practice") for s in school.sentences())
    assert any(s.startswith("The centre manager makes sure that this policy is put into practice") for s in ap.sentences())


def test_tra_referral(either):
    assert any("Teaching Regulation Agency" in s and "serious misconduct" in s for s in either.sentences())


def test_filtering_monitoring_and_cyber_security_standards(either):
    assert any("filtering and monitoring meet the Department for Education's standards" in s
               and "cyber security standards" in s for s in either.sentences())
    assert any(s.startswith("We protect our systems") and "cyber security standards" in s for s in either.sentences())


def test_virginity_testing_and_hymenoplasty(either):
    assert any("Virginity testing and hymenoplasty are criminal offences in England since 1 July 2022" in s
               for s in either.sentences())


def test_kinship_care_and_the_virtual_school_head(either):
    assert any("kinship care" in s and "virtual school head" in s for s in either.sentences())


def test_cyber_choices(either):
    assert any("Cyber Choices" in s and "National Crime Agency" in s for s in either.sentences())


def test_sexual_violence_four_responses(either):
    text = either.text
    for option in ("manage the incident internally", "seek early help", "refer to children's social care",
                   "report to the police"):
        assert option in text


def test_sexual_violence_anonymous_reports(either):
    assert any(s.startswith("Anonymous reports") and "taken just as seriously" in s for s in either.sentences())


def test_harmful_sexual_behaviour_continuum(either):
    assert any("inappropriate, problematic and abusive behaviour, to violent behaviour" in s for s in either.sentences())


def test_serious_violence_duty(either):
    assert any("Serious Violence Duty" in s and "cooperate" in s for s in either.sentences())


def test_retention_of_allegation_and_low_level_concern_records(either):
    assert any("normal pension age, or for 10 years" in s for s in either.sentences())
    assert any(s.startswith("Records of low-level concerns are kept confidential") for s in either.sentences())


def test_body_map_in_the_concern_form(ap):
    form = docx.Document(ap.folder / "forms" / "logging-a-concern.docx")
    text = docx_text(form)
    assert "Body map: where you saw a mark or injury" in text
    assert "Never examine a child" in text
    assert "Head, face and ears" in text and "Front or back, left or right" in text


def test_sample_risk_assessment_form_and_appendix(ap):
    form = docx.Document(ap.folder / "forms" / "risk-assessment.docx")
    text = docx_text(form)
    assert "Risk: to whom, from whom, where and when" in text and "DSL's signature" in text
    assert any(r[0] == "4" and r[1].startswith("Risk assessment") for r in ap.table("Appendix"))


def test_equality_statement(either):
    assert any("Equality Act 2010" in s and s.startswith("We treat every child fairly") for s in either.sentences())


def test_where_the_policy_is_published(ap, school):
    assert any(s.startswith("This policy is published on our website, https://oakfield.example") for s in ap.sentences())
    assert any(s.startswith("This policy is published on our website, https://riverside.example") for s in school.sentences())


def test_looked_after_children_and_the_designated_teacher(either):
    assert any("designated teacher" in s and "previously looked-after" in s for s in either.sentences())
    assert any("personal education plan" in s for s in either.sentences())


def test_pupil_voice(ap, school):
    assert "Listening to pupils" in school.text and "Listening to learners" in ap.text
    assert any("ways to tell us about a worry" in s for s in school.sentences())


def test_teaching_about_safeguarding_through_the_curriculum(either):
    assert any("Relationships education, relationships and sex education (RSE) and health education" in s
               and "2025" in s for s in either.sentences())


def test_working_with_parents_and_when_not_to_tell_them(either):
    assert any("tell them before we make a referral, unless doing so could put the child" in s for s in either.sentences())
    assert any(s.startswith("Do not tell parents or carers about a concern") for s in either.sentences())


def test_access_requests_archiving_and_destruction(either):
    assert any("subject access request" in s for s in either.sentences())
    assert any("destroyed securely" in s for s in either.sentences())


def test_remote_learning(either):
    assert any("our safeguarding duties still apply" in s for s in either.sentences())


def test_bullying_and_prejudice_incidents(either):
    assert any(s.startswith("Every incident of bullying or prejudice is recorded") for s in either.sentences())


def test_forced_marriage_one_chance_rule(either):
    assert any(s.startswith("You may only have one chance") for s in either.sentences())


def test_supervision_for_the_dsl_and_staff(either):
    assert any("The DSL and deputies have regular safeguarding supervision" in s for s in either.sentences())


def test_visiting_speakers(either):
    assert any("Visiting speakers" in s and "checked first" in s for s in either.sentences())


def test_early_years_only_for_kinds_that_have_them(ap, school):
    assert "Children in the early years" in school.text
    assert "Children in the early years" not in ap.text


def test_kcsie_2026_changes_are_covered(either):
    text = either.text
    for words in ("grooming gangs", "misogynistic", "AI", "weapon", "questioning their gender",
                  "before the move and before the file arrives", "Family Help", "free of phones throughout the day",
                  "skills, experience and authority"):
        assert words in text, words


def test_the_child_protection_file_moves_within_kcsies_5_days(either):
    """KCSIE's words: within 5 days of an in-year move, or within the first 5
    days of the start of a new term (days, not "school days")."""
    assert any("within 5 days of an in-year move, or within the first 5 days of the start of a new term" in s
               for s in either.sentences())
    assert not any("5 school days of an in-year move" in s for s in either.sentences())
