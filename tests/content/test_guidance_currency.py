"""Issue 14, point 1: the editions cited are data, current on the build day,
and a local authority can add one without code."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.profile import guidance
from generator.profile.load import load_profile
from helpers import ROOT, run_cli


def test_kcsie_2026_is_in_force_from_1_september_2026():
    assert guidance.newest_in_force("kcsie", dt.date(2026, 8, 31)) == 2025
    assert guidance.newest_in_force("kcsie", dt.date(2026, 9, 1)) == 2026


def test_every_series_has_title_edition_in_force_date_address_and_superseded_by():
    for name in guidance.series_ids():
        editions = guidance.known(name)
        assert editions, name
        for year, edition in editions.items():
            assert edition.title and edition.address.startswith("https://") and isinstance(edition.in_force, dt.date)
            newer = [y for y in editions if y > year]
            if newer:
                assert edition.superseded_by == str(min(newer)), (name, year)
    assert guidance.known("reasonable_force")[2013].superseded_by.startswith("restrictive_interventions")


def test_every_series_is_in_docs_content_sources():
    text = (ROOT / "docs/content-sources.md").read_text(encoding="utf-8")
    for name in guidance.series_ids():
        assert f"`{name}`" in text, name


def test_the_policy_lists_current_guidance_by_name_and_edition(either):
    rows = {r[0]: r[1] for r in either.table("Guidance")[1:]}
    assert rows["Prevent duty guidance"] == "2023"
    assert rows["Definition of extremism"] == "2024"
    assert rows["Restrictive interventions, including use of reasonable force, in schools"] == "2026"
    assert rows["Arranging alternative provision"] == "2025"
    assert rows["Relationships education, relationships and sex education (RSE) and health education"] == "2025"
    assert rows["Children missing education"] == "2025"
    assert rows["Working together to improve school attendance"] == "2024"
    assert rows["Cyber security standards for schools and colleges"] == "2024"  # restructured May 2024
    assert "Use of reasonable force" not in rows


def test_an_older_pinned_edition_is_never_cited(packs):
    profile = packs.variant("pinned-2025", {"guidance.kcsie": 2025})
    from generator import clock
    clock.set_today(dt.date(2026, 11, 23))
    try:
        result = load_profile(str(profile))
    finally:
        clock.set_today(None)
    assert result.profile.guidance.kcsie == 2026
    assert any("the documents cite the 2026 edition" in w.message for w in result.warnings)
    folder, _ = packs.build(profile)
    from helpers import docx_text
    text = docx_text((folder / "safeguarding-policy.docx").read_bytes())
    assert "Keeping Children Safe in Education 2026" in text and "Education 2025" not in text


def _la_with_2027(packs, in_force: str):
    la = packs.profiles / "la" / "leicestershire.yaml"
    text = (ROOT / "profiles/la/leicestershire.yaml").read_text(encoding="utf-8")
    la.write_text(text + f"\nguidance:\n  editions:\n    - series: kcsie\n      edition: 2027\n      in_force: {in_force}\n"
                  "      address: https://www.gov.uk/government/publications/keeping-children-safe-in-education--2\n",
                  encoding="utf-8")


def test_an_la_file_adds_an_edition_and_check_warns_the_templates_are_older(packs, monkeypatch):
    _la_with_2027(packs, "2026-11-01")
    try:
        profile = packs.variant("la-2027", remove=("guidance.kcsie",))
        result = run_cli("check", str(profile), env={"POLICYPACK_TODAY": "2026-11-23"})
        assert result.returncode == 0, result.stdout + result.stderr
        assert "the 2027 edition of Keeping Children Safe in Education is in force, but the policy templates were written for the 2026 edition" in result.stdout + result.stderr
        folder, _ = packs.build(profile)
        from helpers import docx_text
        assert "Keeping Children Safe in Education 2027" in docx_text((folder / "safeguarding-policy.docx").read_bytes())
    finally:
        (packs.profiles / "la" / "leicestershire.yaml").write_text(
            (ROOT / "profiles/la/leicestershire.yaml").read_text(encoding="utf-8"), encoding="utf-8")


def test_an_edition_of_an_unknown_series_needs_a_title(packs):
    profile = packs.variant("unknown-series", {"guidance.editions": [
        {"series": "made_up", "edition": 2026, "in_force": dt.date(2026, 1, 1)}]})
    result = run_cli("validate", str(profile), env={"POLICYPACK_TODAY": "2026-11-23"})
    assert result.returncode == 1
    assert "guidance.editions.0.series" in result.stdout + result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("days, warned", [(10, False), (20, True)])
def test_inform_la_after_more_than_10_school_days_is_a_warning(packs, days, warned):
    profile = packs.variant(f"inform-{days}", {"closure.inform_la_after_school_days": days})
    result = load_profile(str(profile))
    messages = [w.message for w in result.warnings if w.key == "closure.inform_la_after_school_days"]
    assert bool(messages) is warned
    if warned:
        assert "10 school days in a row" in messages[0]


def test_the_example_uses_the_guidance_figure():
    import yaml
    data = yaml.safe_load((ROOT / "profiles/example.yaml").read_text(encoding="utf-8"))
    assert data["closure"]["inform_la_after_school_days"] == 10
