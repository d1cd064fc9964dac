"""The policy is a finished document (issue 14 point 7: the contents list
and the appendices)."""

from __future__ import annotations

import re

import pytest
from helpers import require_tool, run_cli
from story_kit import ROOT, TODAY

from generator.docx.xml import tag


def test_the_contents_field_and_its_entries_are_levels_1_and_2(pack):
    body = pack.document("safeguarding-policy.docx").element.body
    instr = " ".join(t.text or "" for t in body.iter(tag("w:instrText")) if "TOC" in (t.text or ""))
    assert '\\o "1-2"' in instr
    styles = {p.style.name for p in pack.document("safeguarding-policy.docx").paragraphs
              if p.style.name.lower().startswith("toc ") and p.style.name != "TOC Heading"}
    assert styles == {"toc 1", "toc 2"}


def test_the_policy_carries_the_flowchart_steps_and_key_contacts(pack):
    policy = pack.text("safeguarding-policy.docx")
    assert "Appendix 1: What to do if you are worried about a child" in policy
    assert "Appendix 5: Key contacts" in policy
    steps = pack.rows("safeguarding-policy.docx", "Step")
    chart = (pack.folder / "worried-about-a-child-text.md").read_text(encoding="utf-8")
    assert len(steps) == len(re.findall(r"^\d+\. \*\*", chart, re.M))
    assert steps[1][2] == "Yes: go to step 3. No: go to step 4."


def test_the_published_policy_appendices_hold_no_private_number(pack):
    private = [p.phone.display for p in pack.profile.people.deputy_dsls if p.private and p.phone]
    policy = pack.text("safeguarding-policy.docx")
    assert all(number not in policy for number in private)
    if private:  # the staff flowchart has the private number; the policy's copy does not
        assert any(number in pack.text("worried-about-a-child.docx") for number in private)


def test_the_pdf_contents_list_has_a_page_number_on_every_line(tmp_path):
    require_tool("soffice")
    pypdf = pytest.importorskip("pypdf")
    out = tmp_path / "out"
    result = run_cli("build", str(ROOT / "profiles" / "example.yaml"), "-o", str(out), "--pdf", "--no-handbook",
                     env={"POLICYPACK_TODAY": TODAY, "HOME": str(tmp_path)}, timeout=900)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(out / "oakfield-ap" / "safeguarding-policy.pdf")
    contents = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    lines = [line for line in contents.splitlines() if re.match(r"^\s*\d+(\.\d+)?\s+\S", line)]
    numbered = [line for line in lines if re.search(r"\.{3,}\s*\d+\s*$", line)]
    assert len(lines) > 40 and len(numbered) >= len(lines) - 2, lines[:10]
    # The page a line names is the page the heading is on.
    heading = next(line for line in numbered if "Key roles and contacts" in line)
    page = int(re.search(r"(\d+)\s*$", heading).group(1))
    assert "Key roles and contacts" in reader.pages[page - 1].extract_text()
