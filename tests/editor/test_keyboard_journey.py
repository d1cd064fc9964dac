"""From nothing to a `complete` pack with only the keyboard, and axe on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from browser_kit import axe_violations

from generator.editor import fields

FOCUSED = "() => { const e = document.activeElement; return e ? (e.id || '') + '|' + (e.textContent || '').trim() : '' }"


def tab_to(page, match, limit: int = 600) -> None:
    """Press Tab until the focused element's "id|text" matches ``match`` (a regex)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if re.search(match, page.evaluate(FOCUSED)):
            return
    raise AssertionError(f"Tab never reached {match}")


def type_into(page, dom_id: str, text: str) -> None:
    tab_to(page, f"^{re.escape(dom_id)}\\|")
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    page.keyboard.press("Tab")  # the change is sent as focus leaves
    page.locator(f"#msg-{dom_id}").get_by_text("Kept").wait_for()


def go(page, title: str) -> None:
    """Follow a link of the page menu with the keyboard."""
    tab_to(page, f"^\\|{re.escape(title)}$")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.locator("h1").get_by_text(title).wait_for()


def press_button(page, name: str) -> None:
    """Tab to a button of a plain form and press Enter: the page that follows is loaded."""
    tab_to(page, f"^\\|{re.escape(name)}$")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_profile_from_nothing_to_a_complete_pack_with_only_the_keyboard(serve, open_page, tmp_path):
    running = serve("oak-valley.yaml")  # does not exist yet
    page = open_page(running)
    page.locator("h1").get_by_text("Start a new profile").wait_for()
    assert page.locator("#parent-1").is_checked()  # the first LA file of the profiles folder
    press_button(page, "Start")
    page.locator("h1").get_by_text("Organisation").wait_for()
    type_into(page, "f-organisation-name", "Oak Valley Learning Centre")

    go(page, "People")
    type_into(page, "f-people-dsl-name", "Jo Valley")
    type_into(page, "f-people-dsl-phone", "0116 496 0777")
    type_into(page, "f-people-dsl-email", "jo.valley@oakvalley.example")
    tab_to(page, "^new-deputy\\|")
    page.keyboard.type("Sam Deputy")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Add deputy
    page.get_by_text("Deputy added").wait_for()
    type_into(page, "f-people-deputy_dsls-0-phone", "07700 900123")
    assert "drama range" in page.locator("#msg-f-people-deputy_dsls-0-phone").inner_text()

    go(page, "Contacts")
    lado = page.locator("#f-contacts-lado-phone")  # inherited: shown read-only, with its file and date
    assert lado.locator(".value").inner_text() == "0116 305 4141"
    assert lado.locator(".source").inner_text() == "from la/leicestershire.yaml, checked 15 August 2026"

    go(page, "Review")
    type_into(page, "f-review-approved_by", "Oak Valley Management Committee")

    go(page, "Policy answers")
    total = int(re.search(r"of (\d+) answered", page.locator("#progress").inner_text()).group(1))
    assert total > 20 and page.locator("#progress").inner_text().startswith("0 of")
    for number, area in enumerate(page.locator("textarea").all(), start=1):
        type_into(page, area.get_attribute("id"), f"Our answer number {number}.\n\n- first point\n- second point")
        assert page.locator("#progress").inner_text() == f"{number} of {total} answered"

    press_button(page, "Save")
    page.get_by_text("Saved").first.wait_for()
    go(page, "Preview and build")
    assert page.locator("figure img").count() >= 1  # the flowchart preview, from the values above
    press_button(page, "Build pack")
    page.locator("#pack-status").wait_for(timeout=300_000)
    assert page.locator("#pack-status").inner_text() == "complete"

    saved = yaml.safe_load(Path(running.profile).read_text(encoding="utf-8"))
    assert saved["extends"] == "la/leicestershire.yaml" and saved["people"]["deputy_dsls"][0]["name"] == "Sam Deputy"
    manifest = json.loads((tmp_path / "out" / "example-learning-centre" / "manifest.json").read_text(encoding="utf-8"))
    assert {d["status"] for d in manifest["documents"]} == {"complete"}
    links = page.locator(".documents a")
    assert links.count() == len(manifest["documents"])
    handbook = page.locator(".documents a", has_text="handbook")
    assert handbook.count() == 1
    tab_to(page, r"^\|Staff safeguarding handbook")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Oak Valley Learning Centre" in page.content()


@pytest.mark.parametrize("width", [390, 1280])
def test_every_page_is_axe_clean(serve, open_page, axe_source, width):
    running = serve("oak-valley.yaml")
    page = open_page(running, width)
    assert axe_violations(page, axe_source) == [], "start page"
    page.keyboard.press("Tab")
    press_button(page, "Start")
    for spec in fields.pages():
        page.goto(f"{running.base}/page/{spec['slug']}")
        assert axe_violations(page, axe_source) == [], spec["slug"]
    # With a message beside a field, and a flash message.
    page.goto(f"{running.base}/page/people")
    phone = page.locator("#f-people-dsl-phone")
    phone.fill("0116 123")
    phone.press("Tab")
    page.locator("#msg-f-people-dsl-phone").get_by_text("Not kept").wait_for()
    assert axe_violations(page, axe_source) == [], "people with a refused value"
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved").first.wait_for()
    assert axe_violations(page, axe_source) == [], "people after saving"
    page.goto(f"{running.base}/page/contacts")
    assert page.get_by_role("button", name="Override here").count() > 0


def test_focus_is_always_visible(serve, open_page):
    running = serve("example.yaml")
    page = open_page(running)
    page.goto(f"{running.base}/page/people")
    for _ in range(12):
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), page.evaluate(FOCUSED)
