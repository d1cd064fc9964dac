"""Each change is checked with validate's rules and message, beside the field;
a bad value is never written; saving keeps every comment."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.profile.load import problems_of


def test_a_bad_phone_number_shows_the_validators_message_and_the_file_is_unchanged(serve, open_page):
    running = serve("example.yaml")
    before = Path(running.profile).read_bytes()
    page = open_page(running)
    page.goto(running.base + "/page/people")
    phone = page.get_by_label(re.compile("people.dsl.phone"))
    phone.fill("0116 123")
    phone.press("Tab")
    message = page.locator("#msg-f-people-dsl-phone")
    message.get_by_text("is not a valid UK phone number").wait_for()
    # The validator's own message for the same value, word for word.
    text = Path(running.profile).read_text(encoding="utf-8").replace('"0116 496 0001"', '"0116 123"', 1)
    expected = next(p for p in problems_of(running.profile, text) if p.key == "people.dsl.phone")
    assert f"people.dsl.phone: {expected.message}" in message.inner_text()
    assert expected.fix in message.inner_text()
    assert phone.get_attribute("aria-describedby").split()[-1] == "msg-f-people-dsl-phone"
    assert message.get_attribute("aria-live") == "polite"
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved").first.wait_for()
    assert Path(running.profile).read_bytes().replace(b"\r\n", b"\n") == before.replace(b"\r\n", b"\n")
    assert yaml.safe_load(before)["people"]["dsl"]["phone"] == "0116 496 0001"


def test_after_saving_every_comment_of_the_file_is_still_there(serve, open_page):
    running = serve("example.yaml")
    original = Path(running.profile).read_text(encoding="utf-8")
    comments = [line.split("#", 1)[1].strip() for line in original.splitlines() if "#" in line]
    assert len(comments) > 3
    page = open_page(running)
    page.goto(running.base + "/page/people")
    phone = page.get_by_label(re.compile("people.dsl.phone"))
    phone.fill("0116 496 0999")
    phone.press("Tab")
    page.locator("#msg-f-people-dsl-phone").get_by_text("Kept").wait_for()
    page.goto(running.base + "/page/answers")
    answer = page.locator("textarea").first
    answer.fill("First paragraph.\n\nSecond paragraph.")
    answer.press("Tab")
    page.get_by_text("Kept").first.wait_for()
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved").first.wait_for()
    saved = Path(running.profile).read_text(encoding="utf-8")
    for comment in comments:
        assert comment in saved, comment
    assert 'phone: "0116 496 0999"' in saved  # quoted as the file had it
    assert Path(running.profile + ".bak").read_text(encoding="utf-8") == original
    data = yaml.safe_load(saved)
    assert "First paragraph.\n\nSecond paragraph." in data["policy"]["answers"].values()
    # Everything else is as it was.
    old = yaml.safe_load(original)
    old["people"]["dsl"]["phone"] = "0116 496 0999"
    first = next(iter(old["policy"]["answers"]))
    assert {k: v for k, v in data.items() if k != "policy"} == {k: v for k, v in old.items() if k != "policy"}
    assert first in data["policy"]["answers"]


def test_a_file_changed_on_disk_is_not_overwritten(serve, open_page):
    running = serve("example.yaml")
    page = open_page(running)
    page.goto(running.base + "/page/organisation")
    name = page.get_by_label(re.compile("organisation.name"))
    name.fill("Oakfield Centre")
    name.press("Tab")
    page.locator("#msg-f-organisation-name").get_by_text("Kept").wait_for()
    with open(running.profile, "a", encoding="utf-8") as handle:
        handle.write("# changed by someone else\n")
    changed = Path(running.profile).read_text(encoding="utf-8")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("alert").get_by_text("was changed by another program").wait_for()
    assert Path(running.profile).read_text(encoding="utf-8") == changed
