"""The pages' actions, fast (Starlette's TestClient): deputies, overrides, a
new profile from the starter, the preview; what is saved is real YAML."""

from __future__ import annotations

import shutil

import pytest
import yaml
from helpers import ROOT
from starlette.testclient import TestClient

from generator.editor.app import create_app
from generator.editor.security import Keys
from generator.editor.session import Session

PORT = 8766
BASE = f"http://127.0.0.1:{PORT}"
SAME = {"origin": BASE}


@pytest.fixture
def editor(tmp_path):
    shutil.copytree(ROOT / "profiles", tmp_path / "profiles", dirs_exist_ok=True)

    def start(name="example.yaml"):
        keys = Keys()
        profile = tmp_path / "profiles" / name
        app, state = create_app(Session.open(str(profile)), PORT, keys, str(tmp_path / "out"))
        client = TestClient(app, base_url=BASE, follow_redirects=False)
        assert client.get(f"/?token={keys.token}").status_code == 303
        return client, state, profile

    return start


def _saved(client, profile):
    assert client.post("/save", data={"back": "people"}, headers=SAME).status_code == 303
    return yaml.safe_load(profile.read_text(encoding="utf-8"))


def test_deputies_are_added_moved_and_removed(editor):
    client, state, profile = editor()
    names = lambda data: [d["name"] for d in data["people"]["deputy_dsls"]]  # noqa: E731
    client.post("/deputies/add", data={"name": "Kim New"}, headers=SAME)
    client.post("/deputies/up", data={"index": "2"}, headers=SAME)
    assert names(_saved(client, profile)) == ["Sam Sample", "Kim New", "Alex Other"]
    client.post("/deputies/down", data={"index": "0"}, headers=SAME)
    client.post("/deputies/remove", data={"index": "2"}, headers=SAME)
    data = _saved(client, profile)
    assert names(data) == ["Kim New", "Sam Sample"] and data["people"]["deputy_dsls"][1]["private"] is True
    page = client.get("/page/people").text
    assert "people.deputy_dsls.1.private" in page and "Remove this deputy" in page


def test_a_deputy_without_a_name_is_refused_with_the_validators_words(editor):
    client, state, profile = editor()
    before = profile.read_text(encoding="utf-8")
    client.post("/deputies/add", data={"name": ""}, headers=SAME)
    page = client.get("/page/people").text
    assert "people.deputy_dsls.2.name: is required but missing" in page
    assert not state.session.dirty and profile.read_text(encoding="utf-8") == before


def test_override_here_copies_the_inherited_value_into_this_file(editor):
    client, state, profile = editor()
    page = client.get("/page/contacts").text
    assert "from la/leicestershire.yaml, checked 15 August 2026" in page
    client.post("/override", data={"key": "contacts.lado.phone"}, headers=SAME)
    data = _saved(client, profile)
    assert data["contacts"]["lado"] == {"phone": "0116 305 4141"}
    assert 'phone: "0116 305 4141"' in profile.read_text(encoding="utf-8")
    assert 'id="f-contacts-lado-phone" name="value"' in client.get("/page/contacts").text  # now editable


def test_a_new_profile_starts_from_the_starter_with_the_chosen_la_file(editor):
    client, state, profile = editor("brand-new.yaml")
    assert client.get("/").headers["location"] == "/start"
    start = client.get("/start").text
    assert "la/leicestershire.yaml" in start and "la/nottingham.yaml" in start
    client.post("/start", data={"parent": "la/nottingham.yaml"}, headers=SAME)
    assert not profile.exists()  # nothing written before Save
    organisation = client.get("/page/organisation").text
    assert "still holds the starter&#39;s placeholder" in organisation
    data = _saved(client, profile)
    assert data["extends"] == "la/nottingham.yaml" and "front_door" not in data["contacts"]
    assert "# policypack organisation profile" in profile.read_text(encoding="utf-8")


def test_a_parent_outside_the_list_is_not_accepted(editor):
    client, state, profile = editor("brand-new.yaml")
    client.post("/start", data={"parent": "../../etc/passwd"}, headers=SAME)
    assert state.session.new


def test_the_flowchart_preview_follows_the_current_values(editor):
    client, state, profile = editor()
    before = client.get("/preview/0.svg")
    assert before.headers["content-type"].startswith("image/svg+xml") and b"0116 305 0005" in before.content
    client.post("/override", data={"key": "contacts.front_door.phone"}, headers=SAME)
    client.post("/field", data={"key": "contacts.front_door.phone", "value": "0116 496 0555"}, headers=SAME)
    after = client.get("/preview/0.svg").content
    assert b"0116 496 0555" in after and after.count(b"0116 305 0005") < before.content.count(b"0116 305 0005")


def test_answers_page_shows_question_hint_section_and_progress(editor):
    from generator.sources.prompts import catalogue

    client, state, profile = editor()
    prompts = list(catalogue(kind="alternative_provision").values())  # the example's kind
    page = client.get("/page/answers").text
    assert f"{len(prompts)} of {len(prompts)} answered" in page
    first = prompts[0]
    response = client.post("/field", data={"key": f"policy.answers.{first.id}", "value": ""}, headers=SAME)
    assert f"{len(prompts) - 1} of {len(prompts)} answered" in response.text
    page = client.get("/page/answers").text
    for text in (first.question, first.section, f"policy.answers.{first.id}"):
        assert yaml.safe_load(yaml.safe_dump(text)) in page.replace("&#39;", "'").replace("&amp;", "&").replace("&#34;", '"')


def test_the_build_waits_for_a_save(editor):
    client, state, profile = editor()
    client.post("/field", data={"key": "organisation.name", "value": "Oakfield Centre"}, headers=SAME)
    client.post("/build", headers=SAME)
    assert state.job.state == "idle" and "Save your changes first" in client.get("/page/build").text
