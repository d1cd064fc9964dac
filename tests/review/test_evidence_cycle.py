"""Issue 17, points 2 and 3: the whole cycle on the real example pack.

build -> record (the pack is rebuilt and shows the approval) -> verify (0)
-> rebuild the unchanged profile -> verify (0) -> change the profile and
rebuild -> verify (3); and the evidence archive, opened and checked hash by hash.
"""

from __future__ import annotations

import io
import json
import zipfile

import docx
import pytest
from evidence_kit import DAY, copy_profiles, policypack, sha256
from helpers import docx_text

from generator.pack.manifest import folder_digest
from generator.profile.digest import profile_sha256
from generator.store.reviews import latest_approval, read_history

APPROVAL_FOOTER = "Approved by Local Board on 20 November 2026 (minute LB 26/11)"


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    """The example built into out/ and its review recorded: (profile, out, db, record's output)."""
    monkeypatch.setenv("POLICYPACK_TODAY", DAY)
    profile = copy_profiles(tmp_path)
    out, db = tmp_path / "out", tmp_path / "history.sqlite3"
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(db))  # the build reads the same history
    policypack("build", profile, "-o", out)
    output = policypack("review", "record", profile, "--on", "2026-11-20", "--approved-by", "Local Board",
                        "--minute", "LB 26/11", "--out", out, "--today", DAY)
    return profile, out, db, output


def control_block(path) -> dict[str, str]:
    table = docx.Document(str(path)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}


def footers(path) -> list[str]:
    return [p.text for s in docx.Document(str(path)).sections for p in s.footer.paragraphs]


def verify(profile, out, code):
    return policypack("review", "verify", profile, "--out", out, code=code).splitlines()


def test_build_record_verify_rebuild_verify_change_verify(recorded):
    profile, out, db, output = recorded
    pack = out / "oakfield-ap"
    published = len(json.loads((pack / "manifest.json").read_text(encoding="utf-8"))["documents"])
    assert published > 20  # the policy, flowcharts, addendum, forms, letters and the handbook
    assert "Rebuilt" in output and f"{published} published document(s) recorded by sha256" in output
    assert "last_reviewed: 2026-11-20" in profile.read_text(encoding="utf-8") and "next_review: 2027-11-20" in profile.read_text(encoding="utf-8")

    # The published pack shows the approval: document control, footers, handbook.
    policy = pack / "safeguarding-policy.docx"
    assert control_block(policy) == {
        "Version": "1", "Status": "Approved", "Owner": "Jo Example, Centre Manager", "Approved by": "Local Board",
        "Approval date": "20 November 2026", "Minute reference": "LB 26/11", "Next review": "20 November 2027",
    }
    assert APPROVAL_FOOTER in footers(policy)
    assert APPROVAL_FOOTER in footers(pack / "emergency-closure-addendum.docx")
    assert "Reviewed 20 November 2026 \u00b7 Next review 20 November 2027" in footers(policy)
    review_page = (pack / "handbook" / "review.html").read_text(encoding="utf-8")
    assert "By Local Board on 20 November 2026 (minute LB 26/11)" in review_page

    # The history keeps the hashes of the published files, and the approved profile version.
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    [entry] = read_history(db, "oakfield-ap")
    assert manifest["profile_sha256"] == profile_sha256(str(profile)) == entry.profile_sha256
    assert [(d.path, d.sha256) for d in entry.documents] == [(d["path"], d["sha256"]) for d in manifest["documents"]]
    assert entry.documents[0].sha256 == sha256(policy.read_bytes())
    handbook_files = {p.relative_to(pack / "handbook").as_posix(): p.read_bytes()
                      for p in (pack / "handbook").rglob("*") if p.is_file()}
    assert entry.documents[-1].sha256 == folder_digest(handbook_files)
    approval = latest_approval(db, "oakfield-ap")
    assert (approval.number, approval.approved_by, approval.minute_ref) == (1, "Local Board", "LB 26/11")

    lines = verify(profile, out, 0)
    assert lines[0] == "same     safeguarding-policy.docx"
    assert lines[-1] == f"{published} of {published} document(s) are as approved on 2026-11-20 (entry 1)."

    # A rebuild of the unchanged profile gives the same bytes: still green.
    policypack("build", profile, "-o", out)
    assert verify(profile, out, 0)[-1] == f"{published} of {published} document(s) are as approved on 2026-11-20 (entry 1)."

    # A change to the profile changes documents: verify turns 3, and the new
    # policy no longer claims the approval.
    profile.write_text(profile.read_text(encoding="utf-8").replace("Jo Example", "Ruth Placeholder"),
                       encoding="utf-8")
    policypack("build", profile, "-o", out)
    lines = verify(profile, out, 3)
    assert "changed  safeguarding-policy.docx" in lines and "changed  handbook" in lines
    block = control_block(policy)
    assert (block["Version"], block["Status"]) == ("2", "Complete, awaiting approval")
    assert block["Approved by"] == "Not yet approved (version 1 was approved by Local Board on 20 November 2026)"
    assert not any(line.startswith("Approved by") for line in footers(policy))

    # A document gone, and an unknown entry.
    (pack / "forms" / "case-record.docx").unlink()
    assert "missing  forms/case-record.docx" in verify(profile, out, 3)
    assert "no review entry 99" in policypack("review", "verify", profile, "--out", out, "--entry", "99", code=1)


def test_the_evidence_archive_holds_every_approved_document_with_its_hash(recorded, tmp_path):
    profile, out, db, _ = recorded
    archive_path = tmp_path / "evidence.zip"
    published = len(json.loads((out / "oakfield-ap" / "manifest.json").read_text(encoding="utf-8"))["documents"])
    assert f"{published} approved document(s)" in policypack("review", "evidence", profile, "-o", archive_path, "--out", out)
    data = archive_path.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    [entry] = read_history(db, "oakfield-ap")

    # Every line of SHA256SUMS matches its file, and every file but itself is listed.
    sums = dict(reversed(line.split("  ", 1)) for line in archive.read("SHA256SUMS").decode().splitlines())
    assert set(sums) == set(names) - {"SHA256SUMS", "README.txt"}
    for name, digest in sums.items():
        assert sha256(archive.read(name)) == digest, name

    # Every approved document is there, with the sha256 the review recorded.
    for document in entry.documents:
        if document.kind == "handbook":
            prefix = f"documents/{document.path}/"
            files = {n[len(prefix):]: archive.read(n) for n in names if n.startswith(prefix)}
            assert files and folder_digest(files) == document.sha256
        else:
            assert sha256(archive.read(f"documents/{document.path}")) == document.sha256, document.path

    # The manifest and the history entry, as JSON; the entry's private note stays out.
    assert json.loads(archive.read("manifest.json"))["profile_sha256"] == entry.profile_sha256
    recorded_entry = json.loads(archive.read("review-entry.json"))
    assert recorded_entry["approved_by"] == "Local Board" and recorded_entry["minute_ref"] == "LB 26/11"
    assert "note" not in recorded_entry
    assert [d["sha256"] for d in recorded_entry["documents"]] == [d.sha256 for d in entry.documents]
    policy = archive.read("documents/safeguarding-policy.docx")
    assert "Approved by Local Board on 20 November 2026 (minute LB 26/11)" in docx_text(policy)

    readme = archive.read("README.txt").decode("utf-8")
    assert "Safeguarding policy approval: evidence for Oakfield Learning Centre" in readme
    assert "Minute reference:  LB 26/11" in readme and "sha256sum -c SHA256SUMS" in readme
    assert f"{entry.documents[0].sha256}  safeguarding-policy.docx" in readme

    # The same pack gives the same archive, byte for byte.
    again = tmp_path / "again.zip"
    policypack("review", "evidence", profile, "-o", again, "--out", out)
    assert again.read_bytes() == data

    # A pack that is no longer the approved one is refused: no archive written.
    (out / "oakfield-ap" / "worried-about-a-child.svg").write_text("<svg/>", encoding="utf-8")
    refused = tmp_path / "refused.zip"
    output = policypack("review", "evidence", profile, "-o", refused, "--out", out, code=1)
    assert "worried-about-a-child.svg (changed)" in output and not refused.exists()
