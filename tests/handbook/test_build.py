"""build_handbook in-process: escaping, closure banner, strictness, privacy, safe output folder."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from handbook_kit import all_text, build, inputs_of, profile_copy
from helpers import ROOT

from generator.documents.addendum import documents as addendum_documents
from generator.documents.base import Output
from generator.documents.policy import documents as policy_documents
from generator.errors import BuildFailed, UserError
from generator.handbook.build import build_handbook, run_mkdocs
from generator.render.blocks import Document, Heading, Paragraph, Prompt, Run

HOSTILE = 'Smith & Jones <script>alert(1)</script> *Centre* {{ 7*7 }}'


def test_hostile_names_are_text_everywhere(tmp_path):
    path = profile_copy(tmp_path, {"name: Oakfield Learning Centre": f"name: '{HOSTILE}'",
                                   "name: Jo Example": "name: 'Jo <b>Example</b> & [Co](https://evil.example)'"})
    folder, _ = build(tmp_path, path)
    text = all_text(folder)
    assert "<script>alert(1)</script>" not in text
    assert "<b>Example</b>" not in text and 'href="https://evil.example"' not in text
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert "Jo &lt;b&gt;Example&lt;/b&gt; &amp; [Co](https://evil.example)" in home
    assert "Smith & Jones &lt;script&gt;alert(1)&lt;/script&gt; *Centre* {{ 7*7 }}" in home  # site name
    assert "<em>Centre</em>" not in home


def test_closure_off_means_no_banner_and_no_addendum(tmp_path):
    path = profile_copy(tmp_path, closure_off=True)
    inputs = inputs_of(path)
    assert not inputs.profile.closure.enabled
    folder, site = build(tmp_path, path)
    assert site.banner is None
    assert "pp-banner" not in all_text(folder)
    assert not (folder / "addendum.html").exists()


def active_closure(tmp_path, start="2026-11-20", until="2026-11-27", reason="flooding in the main building"):
    import datetime as dt

    from helpers import profile_variant

    active = {"from": dt.date.fromisoformat(start), "reason": reason}
    if until:
        active["until"] = dt.date.fromisoformat(until)
    return profile_variant(tmp_path, {"closure.active": active})


def test_closure_ready_but_not_in_force_means_no_banner(tmp_path):
    """The example builds the addendum (closure.enabled) with no closure in force: no false alarm."""
    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    assert inputs.profile.closure.enabled and inputs.profile.closure.active is None
    folder, site = build(tmp_path, ROOT / "profiles" / "example.yaml",
                         documents=policy_documents(inputs) + addendum_documents(inputs))
    assert site.banner is None
    assert "pp-banner" not in all_text(folder)
    addendum = (folder / "addendum.html").read_text(encoding="utf-8")
    assert "Ready, not in force." in addendum and "In force now" not in addendum


def test_closure_in_force_puts_the_banner_with_dates_and_reason_on_every_page(tmp_path):
    path = active_closure(tmp_path)
    inputs = inputs_of(path)
    folder, site = build(tmp_path, path, documents=policy_documents(inputs) + addendum_documents(inputs))
    assert site.banner
    pages = list(folder.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert 'class="pp-banner"' in html, page
        assert "from 20 November 2026 to 27 November 2026, because of flooding in the main building." in html, page
    addendum = (folder / "addendum.html").read_text(encoding="utf-8")
    assert "In force now" in addendum and "Ready, not in force." not in addendum


@pytest.mark.parametrize(("start", "until"), [("2026-11-24", "2026-11-30"), ("2026-11-01", "2026-11-22")])
def test_a_closure_before_or_after_the_build_date_shows_no_banner(tmp_path, start, until):
    folder, site = build(tmp_path, active_closure(tmp_path, start, until))
    assert site.banner is None
    assert "pp-banner" not in all_text(folder)


def test_a_closure_with_no_end_date_says_until_further_notice(tmp_path):
    folder, site = build(tmp_path, active_closure(tmp_path, "2026-11-23", None, "a burst {start} pipe <b>"))
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert "from 23 November 2026 until further notice, because of a burst {start} pipe &lt;b&gt;." in home


def test_a_staff_document_is_shown_without_private_numbers(tmp_path):
    leaking = Document(kind="policy", slug="p", title="Policy", subject="s", audience="staff",
                       blocks=(Heading(1, (Run("Contacts"),)), Paragraph((Run("Sam: 0116 496 0123 or +44 116 4960123"),))))
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml", documents=[leaking])
    text = all_text(folder)
    assert "496 0123" not in text and "4960123" not in text
    assert "private number: ask the office" in text


def test_a_download_with_a_private_number_is_withheld_or_replaced(tmp_path):
    leaking = Output("letter", "Letter", "letters/x-blank.docx", b"Sam 0116 496 0123")
    clean = Output("letter", "Clean letter", "letters/y-blank.docx", b"nothing private")
    folder, site = build(tmp_path, ROOT / "profiles" / "example.yaml", outputs=[leaking, clean])
    assert site.withheld == ["letters/x-blank.docx"]
    assert not (folder / "downloads" / "letters" / "x-blank.docx").exists()
    assert (folder / "downloads" / "letters" / "y-blank.docx").read_bytes() == b"nothing private"


def test_unpublished_outputs_stay_out(tmp_path):
    secret = Output("letter", "A family's letter", "letters/family-1.docx", b"x", publish=False)
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml", outputs=[secret])
    assert not (folder / "letters.html").exists()
    assert not list(folder.rglob("family-1.docx"))


def test_a_broken_link_fails_the_strict_build(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n[gone](missing.md)\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(json.dumps({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"),
                                  "strict": True}), encoding="utf-8")
    with pytest.raises(BuildFailed, match="missing.md"):
        run_mkdocs(str(config))


def test_never_wipes_a_folder_that_is_not_a_handbook(tmp_path):
    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    keep = tmp_path / "mine"
    keep.mkdir()
    (keep / "thesis.docx").write_bytes(b"precious")
    with pytest.raises(UserError, match="does not hold a handbook"):
        build_handbook(inputs, policy_documents(inputs), [], str(keep), {})
    assert (keep / "thesis.docx").read_bytes() == b"precious"


def test_rebuilding_replaces_the_previous_handbook(tmp_path):
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    (folder / "stale.html").write_text("old", encoding="utf-8")
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    assert not (folder / "stale.html").exists()
    assert (folder / "index.html").exists()
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".handbook-")]


def test_no_outside_urls_in_the_pages(tmp_path):
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    for page in folder.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            # Only links a person follows (procedures manual, tel/mailto are not http) may point outside;
            # nothing is loaded from outside.
            assert not re.search(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="' + re.escape(url), html), url
        assert "fonts.googleapis" not in html and "unpkg.com" not in html and "cdn.jsdelivr" not in html


def test_pdfs_built_beside_the_docx_are_offered_too(tmp_path):
    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    pack = tmp_path / "pack"
    (pack / "letters").mkdir(parents=True)
    (pack / "letters" / "y-blank.pdf").write_bytes(b"%PDF-1.7 blank letter")
    letter = Output("letter", "Blank letter", "letters/y-blank.docx", b"docx bytes")
    build_handbook(inputs, policy_documents(inputs), [letter], str(pack / "handbook"),
                   {"letters/y-blank.docx": "letters/y-blank.pdf"})
    html = (pack / "handbook" / "letters.html").read_text(encoding="utf-8")
    assert 'href="downloads/letters/y-blank.docx"' in html and 'href="downloads/letters/y-blank.pdf"' in html
    assert (pack / "handbook" / "downloads" / "letters" / "y-blank.pdf").read_bytes().startswith(b"%PDF")


def test_a_draft_policy_says_so_on_every_page(tmp_path):
    draft = Document(kind="policy", slug="p", title="Policy", subject="s", audience="public",
                     blocks=(Heading(1, (Run("Reviews"),)), Prompt("who-reviews", "Who reviews it?", "Reviews")))
    assert draft.status == "draft"
    folder, site = build(tmp_path, ROOT / "profiles" / "example.yaml", documents=[draft])
    assert site.draft
    for page in folder.rglob("*.html"):
        assert "pp-banner--draft" in page.read_text(encoding="utf-8"), page
    assert "Who reviews it? (prompt who-reviews)" in all_text(folder)


def test_a_complete_policy_has_no_draft_notice(tmp_path):
    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    documents = policy_documents(inputs)
    if documents[0].status == "draft":
        pytest.skip("the example's policy is a draft")
    folder, site = build(tmp_path, ROOT / "profiles" / "example.yaml", documents=documents)
    assert site.draft is None and "pp-banner--draft" not in all_text(folder)


def test_a_quote_in_the_name_cannot_break_out_of_an_attribute(tmp_path):
    name = """O'Brien "Academy" &copy x" onmouseover="alert(1)"""
    path = profile_copy(tmp_path, {"name: Oakfield Learning Centre": "name: '" + name.replace("'", "''") + "'"})
    folder, _ = build(tmp_path, path)
    home = (folder / "index.html").read_text(encoding="utf-8")
    attributes = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attributes.extend(name for name, _ in attrs)

    Attributes().feed(home)
    assert "onmouseover" not in attributes and "aria-label" in attributes
    assert "&amp;copy x" in home  # an ampersand that could start an entity is escaped


def test_a_setting_may_change_one_label_and_keep_the_rest(tmp_path):
    path = profile_copy(tmp_path)
    setting = path.parent / "oakfield-templates" / "handbook"
    setting.mkdir(parents=True)
    (setting / "labels.yaml").write_text("site_name: '{org} staff handbook'\nnav:\n  forms: Our forms\n",
                                         encoding="utf-8")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("schema_version: 1\n", "schema_version: 1\ntemplates:\n  dir: oakfield-templates\n", 1),
                    encoding="utf-8")
    folder, site = build(tmp_path, path)
    assert site.site_name == "Oakfield Learning Centre staff handbook"
    assert {"Our forms": "forms.md"} in site.nav and {"Who to contact": "index.md"} in site.nav
    assert "Our forms" in (folder / "index.html").read_text(encoding="utf-8")


def test_the_build_makes_no_network_request(tmp_path, monkeypatch):
    import socket

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network use during the handbook build")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    assert (folder / "index.html").is_file()
    assert attempts == []


def test_the_sitemap_is_left_out_and_the_404_page_is_the_handbooks_own(tmp_path):
    folder, _ = build(tmp_path, ROOT / "profiles" / "example.yaml")
    for name in ("sitemap.xml", "sitemap.xml.gz"):  # no site URL: a web server only
        assert not (folder / name).exists()
    # A web server serving the handbook shows a styled page for a missing address.
    page = (folder / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB"' in page
    assert "<h1>Page not found</h1>" in page and "Go to who to contact" in page
    assert "assets/stylesheets/handbook.css" in page
    assert "404 - Not found" not in page


def test_documents_page_links_docx_and_pdf_with_sizes(tmp_path):
    """Built with --pdf, the policy's PDF sits beside its DOCX, with both sizes."""
    from generator.pack.build import render_pack

    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    documents, outputs, _ = render_pack(inputs)
    folder = tmp_path / "out" / "handbook"
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "safeguarding-policy.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 2_400_000)
    site = build_handbook(inputs, documents, outputs, str(folder), {"safeguarding-policy.docx": "safeguarding-policy.pdf"})
    page = (folder / "documents.html").read_text(encoding="utf-8")
    policy = next(o for o in outputs if o.path == "safeguarding-policy.docx")
    assert '<a href="downloads/safeguarding-policy.docx">' in page
    assert f'<td data-label="Size">{round(len(policy.data) / 1000)} KB</td>' in page
    assert '<a href="downloads/safeguarding-policy.pdf">PDF, 2.4 MB</a>' in page
    assert (folder / "downloads" / "safeguarding-policy.pdf").stat().st_size == 2_400_009
    for name in ("emergency-closure-addendum.docx", "worried-about-a-child.docx", "closure-escalation.docx"):
        assert f'href="downloads/{name}"' in page
        assert (folder / "downloads" / name).is_file()
    assert ("Documents", "documents.md") in [next(iter(e.items())) for e in site.nav if isinstance(e, dict)]


def test_the_build_time_honours_source_date_epoch(monkeypatch):
    import datetime as dt

    from generator.handbook.chrome import built_at

    day = dt.date(2026, 11, 23)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert built_at(day) == "23 November 2026"  # no wall clock: two builds on a day are identical
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.timezone.utc).timestamp())))
    assert built_at(day) == "23 November 2026, 09:30 UTC"


def test_the_site_built_from_memory_is_the_one_mkdocs_builds_from_a_docs_folder(tmp_path):
    """policypack gives MkDocs the pages and downloads from memory (engine.py);
    a plain ``mkdocs build`` of the same pages written to a docs folder makes
    the very same site, file for file and byte for byte (the search index
    lists the pages in the same order), but for the sitemap policypack drops."""
    from generator.handbook.build import write_docs
    from generator.handbook.config import make_config, write_config
    from generator.handbook.pages import assemble
    from generator.pack.handbook import render_for_site

    inputs = inputs_of(ROOT / "profiles" / "example.yaml")
    documents, outputs = render_for_site(inputs)
    ours = tmp_path / "ours"
    build_handbook(inputs, documents, outputs, str(ours), {})

    site = assemble(inputs, documents, outputs)
    write_docs(site, str(tmp_path / "docs"))
    config = make_config(site, str(tmp_path / "docs"), str(tmp_path / "plain"))
    run_mkdocs(write_config(config, str(tmp_path / "mkdocs.yml")))

    def files(folder):
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    plain = {name: data for name, data in files(tmp_path / "plain").items() if not name.startswith("sitemap.xml")}
    built = files(ours)
    assert sorted(built) == sorted(plain)
    assert [name for name in built if built[name] != plain[name]] == []
