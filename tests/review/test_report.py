"""The LA overview (HTML, DOCX) and the review-summary DOCX, read back and checked."""

import datetime as dt
import html.parser

import docx
import pytest
from click.testing import CliRunner

from generator.cli.review import review
from generator.review.record import record_review


class TextOf(html.parser.HTMLParser):
    """The visible text of a page, and every tag seen (for injection checks)."""

    def __init__(self):
        super().__init__()
        self.text, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def invoke(*args, code=0):
    result = CliRunner().invoke(review, [*map(str, args)], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def estate(profiles, make_setting, today):
    """Three settings: one hostile name and overdue, one with no deputy, one recorded."""
    make_setting(profiles, org_id="old-mill-school", name="Old Mill <script>alert(1)</script> & Sons",
                 last="2024-09-01", next="2025-09-01")
    lonely = make_setting(profiles, org_id="lonely-ap", name="Lonely AP")
    lonely.write_text(lonely.read_text(encoding="utf-8").replace(
        "  deputy_dsls:\n    - name: Sam Sample\n      phone: \"0116 496 0123\"\n      private: true\n", ""), encoding="utf-8")
    recorded = make_setting(profiles, org_id="brookside-ap")
    record_review(recorded, without_pack=True, on=dt.date(2026, 2, 10), approved_by="Local Board", minute="LB 26/02", today=today)
    return profiles


def test_html_escapes_profile_text_and_shows_each_setting(estate, tmp_path):
    out = tmp_path / "report.html"
    invoke("report", estate, "-o", out)
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "Old Mill &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons" in page
    parser = TextOf()
    parser.feed(page)
    text = " ".join(" ".join(parser.text).split())
    assert "script" not in parser.tags
    assert "3 settings, as at 2 March 2026." in text
    assert "Old Mill <script>alert(1)</script> & Sons" in text
    assert "none named: the policy needs at least one deputy DSL" in text
    assert "20 February" not in text
    assert "10 February 2026: approved by Local Board (minute LB 26/02)" in text
    assert "Out-of-hours team: last checked 10 January 2024" in text  # > 12 months before 2 March 2026
    assert "LADO: never checked" in text
    assert "Children's social care front door" not in text  # checked 15 August 2025: in date
    # the first row of the table is the overdue one
    assert page.index("state-overdue") < page.index("state-never-recorded") < page.index("state-ok")


def test_docx_report_has_the_table_and_a_section_per_setting(estate, tmp_path):
    out = tmp_path / "report.docx"
    invoke("report", estate, "-o", out)
    document = docx.Document(str(out))
    assert document.core_properties.title == "Safeguarding reviews: overview"
    [table] = document.tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    # issue 17: the summary opens the report; last reviewed moves to the details
    assert rows[0] == ["Setting", "Review", "Next review", "Days left", "Unanswered prompts", "Stale contacts"]
    assert rows[1][:4] == ["Old Mill <script>alert(1)</script> & Sons", "overdue", "1 September 2025", "-182"]
    assert rows[1][5] == "2"  # out-of-hours (checked January 2024) and the LADO (never checked)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Old Mill <script>alert(1)</script> & Sons", "Lonely AP", "Brookside Learning Centre"]
    body = "\n".join(p.text for p in document.paragraphs)
    assert "Deputy DSL: none named" in body
    assert "Last reviewed: 1 September 2024" in body
    assert "Reviews recorded: 10 February 2026: approved by Local Board (minute LB 26/02)" in body


def test_unknown_report_extension_is_refused(estate, tmp_path):
    result = CliRunner().invoke(review, ["report", str(estate), "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1 and ".html or .docx" in result.output
    assert not (tmp_path / "r.pdf").exists()


def test_review_summary_docx_lists_the_changes(setting, tmp_path, today):
    record_review(setting, without_pack=True, on=dt.date(2026, 2, 10), approved_by="Local Board", minute="LB 26/02", today=today)
    setting.write_text(setting.read_text(encoding="utf-8").replace("Jo Example        # the DSL", "Ruth Placeholder"), encoding="utf-8")
    out = tmp_path / "summary.docx"
    result = invoke("diff", setting, "--docx", out)
    assert "- The DSL changed from Jo Example to Ruth Placeholder." in result.output
    document = docx.Document(str(out))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Safeguarding policy review summary"
    assert "Brookside Learning Centre: for the Local Board" in paragraphs
    assert "Last recorded review: 10 February 2026, approved by Local Board (minute LB 26/02)." in paragraphs
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["The DSL changed from Jo Example to Ruth Placeholder."]
    assert "If approved today, the next review will be due by 2 March 2027." in paragraphs


def test_an_old_guidance_edition_is_flagged(profiles, make_setting, tmp_path):
    path = make_setting(profiles)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: alternative_provision\n",
                                             "kind: alternative_provision\nguidance:\n  kcsie: 2023\n"), encoding="utf-8")
    out = tmp_path / "report.html"
    invoke("report", profiles, "-o", out)
    parser = TextOf()
    parser.feed(out.read_text(encoding="utf-8"))
    text = " ".join(" ".join(parser.text).split())
    assert "Guidance cited: Keeping Children Safe in Education 2023: older than the newest edition known (2025)" in text
    assert "Guidance cited: Working Together to Safeguard Children 2023 Incomplete" in text  # not flagged
