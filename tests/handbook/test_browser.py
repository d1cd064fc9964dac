"""The example's handbook in real headless Chromium, opened from file:// as
from a shared drive: contacts, search, navigation, privacy, accessibility.

Every request to a URL that is not file:// is blocked and recorded; the
``visit`` fixture fails the test if there was any.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from urllib.parse import unquote

import pytest
from browser_kit import axe_violations
from handbook_kit import url_of
from helpers import ROOT

from generator.profile.load import load_profile
from generator.sources.prompts import section_files
from generator.sources.templates import TemplateSet

PRIVATE_DIGITS = "1164960123"  # Sam Sample's personal number, 0116 496 0123, marked private: true


@pytest.fixture(scope="module")
def profile():
    return load_profile(str(ROOT / "profiles" / "example.yaml"), dt.date(2026, 11, 23)).profile


def text_of(page) -> str:
    return page.inner_text("article")


def test_home_page_shows_the_dsl_and_emergency_first(visit, site, profile):
    page = visit.page(url_of(site / "index.html"))
    assert page.get_attribute("html", "lang") == "en-GB"
    text = text_of(page)
    dsl = profile.people.dsl
    assert dsl.name in text and dsl.phone.display in text
    assert page.locator(f'a[href="tel:{dsl.phone.tel}"]').count() >= 1
    # Emergency first: the 999 box comes before the DSL.
    assert text.index("999") < text.index(dsl.name)
    assert page.locator('article a[href="tel:999"]').first.is_visible()
    for contact in (profile.contacts.front_door, profile.contacts.lado, profile.contacts.nspcc_whistleblowing,
                    profile.contacts.out_of_hours):
        assert contact.phone.display in text
        assert page.locator(f'a[href="tel:{contact.phone.tel}"]').count() >= 1
    public_deputy = next(d for d in profile.people.deputy_dsls if not d.private)
    assert public_deputy.phone.display in text
    assert visit.console_errors == []


def test_search_for_lado_finds_the_page_with_the_lado_number(visit, site, profile):
    page = visit.page(url_of(site / "index.html"))
    page.click(".md-search__input")
    page.keyboard.type("LADO")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__link").all()]
    assert hrefs, "no search results"
    number = profile.contacts.lado.phone.display
    found = []
    for href in hrefs:
        target = visit.page(href)
        if number in text_of(target):
            found.append(href)
        target.close()
    assert found, f"no result of {hrefs} shows the LADO's number {number}"
    assert visit.console_errors == []


def test_following_the_nav_reaches_every_policy_page(visit, site, profile):
    expected = len(section_files(TemplateSet.for_dirs(profile.template_dirs), profile.organisation.kind))  # its kind's sections
    page = visit.page(url_of(site / "index.html"))
    page.locator("nav.md-nav--primary a.md-nav__link", has_text="Policy").first.click()
    page.wait_for_load_state("load")
    assert "/policy/" in page.url
    # The sidebar of a policy page lists every policy page.
    listed = {a.get_attribute("href").rsplit("/", 1)[-1].split("#")[0]
              for a in page.locator("nav.md-nav--primary a.md-nav__link[href]").all()}
    assert {p.name for p in (site / "policy").glob("*.html")} <= listed
    # "Next" from the first policy page walks through all of them, in order.
    titles = [page.inner_text("article h1")]
    while True:
        following = page.locator("a.md-footer__link--next")
        if not following.count():
            break
        following.click()
        page.wait_for_load_state("load")
        if "/policy/" not in page.url:
            break
        titles.append(page.inner_text("article h1"))
    assert len(titles) == expected, titles
    assert [t.split(".", 1)[0] for t in titles] == [str(n) for n in range(1, expected + 1)]
    assert visit.console_errors == []


def test_the_private_deputy_number_is_in_no_file_of_the_site(site):
    checked = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        texts = [data.decode("utf-8", errors="replace")]
        if path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                texts = [re.sub(r"<[^>]+>", "", package.read(n).decode("utf-8")) for n in package.namelist()
                         if n.endswith(".xml")]
        for text in texts:
            assert "0116 496 0123" not in text, path
            compact = re.sub(r"[\s\-.()/\u00a0]+|&nbsp;|&#160;|%2[bB]|%20", "", text)
            assert PRIVATE_DIGITS not in compact, path
        checked += 1
    assert checked > 20


def test_no_closure_banner_while_no_closure_is_in_force(visit, site, profile):
    """The example keeps the addendum ready (closure.enabled) with no closure in force: no false alarm."""
    assert profile.closure.enabled and profile.closure.active is None
    assert (site / "addendum.html").is_file()
    for path in site.rglob("*.html"):
        assert "pp-banner" not in path.read_text(encoding="utf-8"), path
    page = visit.page(url_of(site / "index.html"))
    assert page.locator(".md-banner").count() == 0


def test_closure_banner_is_on_every_page_while_a_closure_is_in_force(visit, closure_site):
    pages = [p for p in sorted(closure_site.rglob("*.html")) if p.name != "404.html"]
    assert len(pages) > 30
    for path in pages:
        page = visit.page(url_of(path)) if path.name in ("index.html", "report.html") else None
        html = path.read_text(encoding="utf-8")
        assert 'class="pp-banner"' in html, path
        assert "from 20 November 2026 to 27 November 2026, because of flooding in the main building." in html, path
        if page is not None:
            banner = page.locator(".md-banner .pp-banner")
            assert banner.is_visible()
            banner.get_by_role("link").click()
            page.wait_for_load_state("load")
            assert page.url.endswith("/addendum.html")
            assert "In force now" in text_of(page)


def test_addendum_page_has_no_private_number_and_public_contacts(visit, site, profile):
    page = visit.page(url_of(site / "addendum.html"))
    text = text_of(page)
    assert "Emergency Closure Addendum" in text
    assert profile.people.dsl.phone.display in text


def test_flowchart_page_has_the_picture_and_its_text(visit, site):
    page = visit.page(url_of(site / "flowchart.html"))
    image = page.locator("article figure img").first
    assert image.get_attribute("alt")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", image.element_handle())
    assert page.locator("article ol li").count() >= 3  # the numbered text version


def test_forms_are_downloads(visit, site):
    page = visit.page(url_of(site / "forms.html"))
    links = page.locator("article a[href$='.docx']").all()
    assert links
    for link in links:
        assert (site / link.get_attribute("href")).is_file()


def test_letters_are_blank_templates_only(site):
    files = list((site / "downloads" / "letters").glob("*.docx"))
    assert files and all(f.name.endswith("-blank.docx") for f in files)


def test_review_page_shows_the_review_dates(visit, site):
    text = text_of(visit.page(url_of(site / "review.html")))
    assert "1 September 2026" in text and "1 September 2027" in text and "Local Board" in text


def test_print_stylesheet_hides_the_chrome(visit, site):
    page = visit.page(url_of(site / "index.html"))
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).display") == "none", selector
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")



def test_hostile_profile_text_stays_text_in_pages_and_search(visit, tmp_path):
    from handbook_kit import build, profile_copy

    attack = "Jo <img src=x onerror=alert(1)> Zebedee"
    path = profile_copy(tmp_path, {"name: Jo Example": f"name: '{attack}'"})
    folder, _ = build(tmp_path, path)
    page = visit.page(url_of(folder / "index.html"))
    assert attack in text_of(page)
    assert page.locator("article img").count() == 0
    page.click(".md-search__input")
    page.keyboard.type("Zebedee")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)
    assert page.locator(".md-search-result img").count() == 0
    assert visit.dialogs == []


@pytest.mark.parametrize("width", [1280, 390])
def test_no_wcag_violations_with_search_results_open(visit, site, axe_source, width):
    page = visit.page(url_of(site / "index.html"))
    page.set_viewport_size({"width": width, "height": 900})
    if width < 600:
        page.click("label.md-header__button[for='__search']")
    else:
        page.click(".md-search__input")
    page.keyboard.type("LADO")
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    assert axe_violations(page, axe_source) == []


def test_no_wcag_violations_in_the_phone_menu(visit, site, axe_source):
    page = visit.page(url_of(site / "policy" / min(p.name for p in (site / "policy").glob("*.html"))))
    page.set_viewport_size({"width": 390, "height": 844})
    page.click("label.md-header__button[for='__drawer']")
    page.locator("nav.md-nav--primary").first.wait_for(state="visible")
    page.wait_for_timeout(600)  # let the drawer's slide-in transition finish before measuring colours
    assert axe_violations(page, axe_source) == []


def test_every_page_loads_cleanly_with_working_links_and_images(visit, site):
    pages = [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]  # 404: for a web server
    assert len(pages) >= 30
    page = visit.page(url_of(pages[0]))
    for path in pages:
        page.goto(url_of(path))
        page.wait_for_load_state("load")
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            if href.startswith("file://"):
                target = unquote(href.split("#")[0].split("?")[0].removeprefix("file://"))
                assert os.path.exists(target), f"{path.name}: broken link {href}"
            else:
                assert href.startswith(("https://", "http://", "tel:", "mailto:")), href
        broken = page.eval_on_selector_all("img", "imgs => imgs.filter(i => !(i.complete && i.naturalWidth)).map(i => i.src)")
        assert broken == [], f"{path.name}: images that did not load: {broken}"
    assert visit.console_errors == []
