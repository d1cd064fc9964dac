"""Every page of the handbook in real Chromium, as staff meet it: on a phone
(390 x 844) and a laptop (1280 x 800), in light and dark mode, and on paper.

One browser for the module (the session's), one build per variant (the
example, and the example with a closure in force); each test walks the
pages in one browser tab.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from browser_kit import axe_violations
from handbook_kit import Visit, url_of
from pypdf import PdfReader
from test_browser import profile  # noqa: F401 (a fixture)

VIEWPORTS = [(390, 844), (1280, 800)]
CONTRAST = """(el) => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                               return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let node = el, bg = null;
  while (node && node.nodeType === 1) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) { bg = c.slice(0, 3); break; }
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const fg = rgb(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def pages_of(site) -> list:
    return [p for p in sorted(site.rglob("*.html")) if p.name != "404.html"]  # 404: for a web server only


@pytest.fixture
def open_visits(browser):
    made = []

    def make(**options) -> Visit:
        made.append(Visit(browser, **options))
        return made[-1]

    yield make
    for visit in made:
        visit.context.close()
        assert visit.blocked == [], f"the handbook requested outside URLs: {visit.blocked}"


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=["phone", "laptop"])
def test_every_page_passes_axe_wcag_22_aa_and_fits_the_screen(open_visits, site, axe_source, width, height):
    visit = open_visits(width=width, height=height)
    pages = pages_of(site)
    assert len(pages) > 30
    tab = visit.page(url_of(pages[0]))
    problems = {}
    for path in pages:
        tab.goto(url_of(path))
        tab.wait_for_load_state("load")
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        found = axe_violations(tab, axe_source)
        if overflow > 0 or found:
            problems[str(path.relative_to(site))] = {"wider_than_screen_by": overflow, "axe": found}
    assert problems == {}


@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=["phone", "laptop"])
def test_dark_mode_and_the_closure_banner_pass_axe(open_visits, closure_site, axe_source, width, height):
    visit = open_visits(width=width, height=height, color_scheme="dark")
    names = ["index.html", "report.html", "addendum.html", "documents.html", "policy/05-key-roles-and-contacts.html"]
    tab = visit.page(url_of(closure_site / names[0]))
    assert tab.get_attribute("body", "data-md-color-scheme") == "slate"
    problems = {}
    for name in names:
        tab.goto(url_of(closure_site / name))
        tab.wait_for_load_state("load")
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        found = axe_violations(tab, axe_source)
        if overflow > 0 or found:
            problems[name] = {"wider_than_screen_by": overflow, "axe": found}
    assert problems == {}


def test_each_flowchart_page_prints_on_one_a4_page_with_organisation_and_date(visit, site, profile):
    charts = sorted(site.glob("flowchart*.html"))
    assert [p.name for p in charts] == ["flowchart-closure-escalation.html", "flowchart.html"]
    for path in charts:
        page = visit.page(url_of(path))
        page.emulate_media(media="print")
        heading = page.locator(".pp-print-heading")
        assert heading.is_visible()
        text = heading.inner_text()
        assert profile.organisation.name in text and "1 September 2026" in text and "1 September 2027" in text
        assert page.locator(".pp-flowchart img").is_visible()
        reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
        assert len(reader.pages) == 1, path.name
        width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
        assert abs(width - 595.3) < 2 and abs(height - 841.9) < 2  # A4 in points
        assert profile.organisation.name in unicodedata.normalize("NFKC", reader.pages[0].extract_text())


def test_every_page_prints_without_navigation_with_organisation_title_and_review_date(visit, site, profile):
    tab = visit.page(url_of(site / "index.html"))
    tab.emulate_media(media="print")
    for path in pages_of(site):
        tab.goto(url_of(path))
        tab.wait_for_load_state("load")
        hidden = tab.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.pp-report']
            .filter((s) => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')""")
        assert hidden == [], path.name
        heading = tab.inner_text(".pp-print-heading")
        site_name = f"{profile.organisation.name} safeguarding handbook"
        title = tab.title().removesuffix(f" - {site_name}")  # the page's title (the home page's is the h1)
        title = tab.inner_text("article h1") if title == site_name else title
        assert profile.organisation.name in heading and title in heading and "1 September 2027" in heading, path.name


def test_every_page_has_the_footer_and_the_report_action(visit, site):
    tab = visit.page(url_of(site / "index.html"))
    for path in pages_of(site):
        tab.goto(url_of(path))
        tab.wait_for_load_state("load")
        footer = tab.inner_text("footer .pp-footer")
        for words in ("Last reviewed", "1 September 2026", "Next review", "1 September 2027", "Approved",
                      "Local Board", "Handbook built", "23 November 2026"):
            assert words in footer, (path.name, footer)
        if path.name != "report.html":
            action = tab.locator("article a.pp-report__link")
            assert action.inner_text() == "Report a concern"
            assert action.evaluate("a => a.href").endswith("/report.html")


def test_report_a_concern_says_who_to_tell_the_form_and_the_system(visit, site, profile):
    page = visit.page(url_of(site / "policy" / "02-scope.html"))
    page.locator("article a.pp-report__link").click()
    page.wait_for_load_state("load")
    text = page.inner_text("article")
    dsl = profile.people.dsl
    assert dsl.name in text and page.locator(f'article a[href="tel:{dsl.phone.tel}"]').count() == 1
    assert page.locator('article a[href="tel:999"]').count() == 1
    form = page.locator("article a[href$='logging-a-concern.docx']")
    assert form.count() == 1 and "KB" in form.inner_text()
    assert (site / form.get_attribute("href")).is_file()
    assert profile.systems.concern_recording in text


def test_documents_page_offers_policy_flowcharts_and_addendum_with_sizes(visit, site):
    page = visit.page(url_of(site / "documents.html"))
    rows = page.locator("article tbody tr").all()
    hrefs = [row.locator("a").first.get_attribute("href") for row in rows]
    names = [h.rsplit("/", 1)[-1] for h in hrefs]
    assert "safeguarding-policy.docx" in names and "emergency-closure-addendum.docx" in names
    assert "worried-about-a-child.docx" in names and "closure-escalation.docx" in names
    for row, href in zip(rows, hrefs):
        size = row.locator("td").nth(1).inner_text()
        assert size.endswith(("KB", "MB")), size
        assert (site / href).is_file()
    forms = page.locator("nav a.md-nav__link", has_text="Forms")
    assert forms.count() >= 1


def test_phone_layout_cards_title_and_tap_links(open_visits, site, profile):
    visit = open_visits(width=390, height=844)
    page = visit.page(url_of(site / "policy" / "05-key-roles-and-contacts.html"))
    # The site's name is shown whole (wrapped), not cut off with an ellipsis.
    title = page.locator(".md-header__topic .md-ellipsis").first
    assert title.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.parentElement.clientHeight + 1")
    assert profile.organisation.name in title.inner_text()
    # Key contacts are stacked cards: each cell a block labelled with its column, nothing clipped.
    cells = page.locator("article table td")
    assert cells.first.evaluate("td => getComputedStyle(td).display") == "block"
    assert cells.first.evaluate("td => getComputedStyle(td, '::before').content").strip('"')
    dsl = profile.people.dsl
    phone = page.locator(f'article a[href="tel:{dsl.phone.tel}"]').first
    box = phone.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert page.locator(f'article a[href="mailto:{dsl.email}"]').count() >= 1
    # Tap-to-call in the policy's running text and in the addendum too.
    addendum = visit.page(url_of(site / "addendum.html"))
    assert addendum.locator(f'article a[href="tel:{dsl.phone.tel}"]').count() >= 1
    assert addendum.locator("article a[href='tel:+441164960123']").count() == 0  # private: never a link


def test_hover_and_focus_keep_contrast_and_focus_is_visible(open_visits, closure_site):
    visit = open_visits(width=1280, height=800)
    page = visit.page(url_of(closure_site / "index.html"))
    for selector in ('article .admonition.danger a[href="tel:999"]', ".md-banner .pp-banner a",
                     "article a.pp-report__link"):
        link = page.locator(selector).first
        link.hover()
        page.wait_for_timeout(300)  # Material's colour transitions
        assert link.evaluate(CONTRAST) >= 4.5, ("hover", selector, link.evaluate(CONTRAST))
        page.mouse.move(0, 700)
        link.focus()
        page.wait_for_timeout(300)
        assert link.evaluate(CONTRAST) >= 4.5, ("focus", selector)
        assert link.evaluate("a => a.matches(':focus-visible') && parseFloat(getComputedStyle(a).outlineWidth) >= 2")


def test_act_now_is_not_the_smallest_text(visit, site):
    page = visit.page(url_of(site / "index.html"))
    title = page.locator("article .admonition.danger .admonition-title").first
    assert title.inner_text() == "Act now"
    size = float(title.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    body = float(page.locator("article > p").first.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    assert size >= body


def test_a_web_server_shows_the_styled_404_page(browser, site, axe_source):
    """Served from a web server's root (as `policypack handbook --serve` does), a missing
    address gets the handbook's own page, styled, accessible, with a way back."""
    import functools
    import http.server
    import threading

    class Handler(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        response = page.goto(f"http://127.0.0.1:{server.server_address[1]}/policy/no-such-page.html")
        assert response.status == 404
        assert page.inner_text("article h1") == "Page not found"
        way_back = page.get_by_role("link", name="Go to who to contact")
        assert way_back.evaluate("a => parseFloat(getComputedStyle(a).minHeight)") == 44  # our stylesheet loaded
        assert axe_violations(page, axe_source) == []
        way_back.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/index.html") and "Who to contact" in page.inner_text("article h1")
    finally:
        context.close()
        server.shutdown()
        server.server_close()
