"""The SQLite history: real files, migrations, locks and damage."""

import datetime as dt
import sqlite3

import pytest

from generator.errors import UserError
from generator.store.reviews import (
    MIGRATIONS,
    SCHEMA_VERSION,
    DocumentHash,
    HistoryStore,
    NewReview,
    default_db_path,
    read_history,
)


def review(org="brookside-ap", on=dt.date(2025, 9, 1), **extra) -> NewReview:
    values = dict(
        organisation_id=org,
        profile_path="profiles/brookside-ap.yaml",
        reviewed_on=on,
        next_review=on.replace(year=on.year + 1),
        approved_by="Local Board",
        recorded_at="2025-09-02T10:00:00+00:00",
        tool_version="0.1.0",
        snapshot={"people": {"dsl": {"name": "Jo Example"}}},
        minute_ref="LB 25/07",
    )
    values.update(extra)
    return NewReview(**values)


def test_a_new_database_is_created_at_the_latest_schema_in_wal_mode(tmp_path):
    path = tmp_path / "h.sqlite"
    with HistoryStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
    with sqlite3.connect(path) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_entries_round_trip_with_documents(tmp_path):
    docs = (
        DocumentHash(path="policy.docx", sha256="a" * 64, kind="policy", title="Policy", status="final"),
        DocumentHash(path="flowchart.docx", sha256="b" * 64, on_disk="changed"),
    )
    with HistoryStore.open(tmp_path / "h.sqlite") as store:
        first = store.add(review(build_found=True, manifest_path="out/brookside-ap/manifest.json", documents=docs))
        store.add(review(on=dt.date(2026, 9, 1), note="Second"))
        store.add(review(org="other-school"))
    entries = read_history(tmp_path / "h.sqlite", "brookside-ap")
    assert [e.reviewed_on for e in entries] == [dt.date(2025, 9, 1), dt.date(2026, 9, 1)]
    assert entries[0].id == first
    assert entries[0].documents == docs
    assert entries[0].build_found is True
    assert entries[0].minute_ref == "LB 25/07"
    assert entries[0].snapshot == {"people": {"dsl": {"name": "Jo Example"}}}
    assert entries[1].documents == () and entries[1].build_found is False
    assert entries[1].note == "Second"
    assert entries[0].as_json()["documents"][1]["on_disk"] == "changed"


def test_reading_a_missing_database_creates_nothing(tmp_path):
    assert read_history(tmp_path / "none.sqlite", "x") == []
    assert not (tmp_path / "none.sqlite").exists()


def test_a_version_1_database_is_migrated_and_keeps_its_rows(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as raw:
        for statement in MIGRATIONS[0]:
            raw.execute(statement)
        raw.execute("PRAGMA user_version = 1")
        raw.execute(
            """INSERT INTO reviews (organisation_id, profile_path, reviewed_on, next_review, approved_by,
               recorded_at, tool_version, snapshot) VALUES ('brookside-ap', 'p.yaml', '2024-09-01',
               '2025-09-01', 'Local Board', '2024-09-02T09:00:00+00:00', '0.0.9', '{}')"""
        )
    raw.close()
    with HistoryStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        [entry] = store.history("brookside-ap")
        store.add(review(documents=(DocumentHash(path="p.docx", sha256="c" * 64),)))
    assert entry.reviewed_on == dt.date(2024, 9, 1) and entry.build_found is False and entry.documents == ()
    assert [e.documents for e in read_history(path, "brookside-ap")][1][0].path == "p.docx"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    before = path.read_bytes()
    with pytest.raises(UserError, match="newer policypack"):
        with HistoryStore.open(path):
            pass
    assert path.read_bytes() == before


@pytest.mark.parametrize("content", [b"this is not a database at all\n" * 40, b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_corrupt_file_is_a_clear_error_and_left_as_it_was(tmp_path, content):
    path = tmp_path / "h.sqlite"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        with HistoryStore.open(path):
            pass
    assert str(path) in caught.value.message
    assert "damaged" in caught.value.message or "not a SQLite database" in caught.value.message
    assert "has not changed" in caught.value.fix
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("h.sqlite")) == ["h.sqlite"]


def test_a_damaged_page_is_found_and_the_history_is_not_lost(tmp_path):
    path = tmp_path / "h.sqlite"
    with HistoryStore.open(path) as store:
        for year in range(2000, 2040):
            store.add(review(on=dt.date(year, 9, 1), note="x" * 2000))
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.execute("PRAGMA journal_mode = DELETE")
    raw.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 12] = b"\xff" * 12  # scribble over a b-tree page header
    path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="damaged"):
        with HistoryStore.open(path):
            pass
    assert path.read_bytes() == bytes(data)


def test_a_locked_database_is_a_clear_error_and_keeps_existing_rows(tmp_path):
    path = tmp_path / "h.sqlite"
    with HistoryStore.open(path) as store:
        store.add(review())
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with HistoryStore.open(path, busy_timeout=0.2) as store:
            with pytest.raises(UserError, match="locked by another program"):
                store.add(review(on=dt.date(2026, 9, 1)))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [e.reviewed_on for e in read_history(path, "brookside-ap")] == [dt.date(2025, 9, 1)]


def test_a_failed_transaction_leaves_no_half_entry(tmp_path):
    path = tmp_path / "h.sqlite"
    with HistoryStore.open(path) as store:
        with pytest.raises(RuntimeError):
            with store.transaction() as db:
                store.add_in(db, review(documents=(DocumentHash(path="p.docx", sha256="d" * 64),)))
                raise RuntimeError("the profile edit failed")
        assert store.count() == 0
        assert store._db.execute("SELECT count(*) FROM review_documents").fetchone()[0] == 0


def test_default_path_precedence(tmp_path, monkeypatch):
    profile = tmp_path / "profiles" / "a.yaml"
    assert default_db_path(profile) == tmp_path / "profiles" / "reviews.sqlite3"
    monkeypatch.setenv("POLICYPACK_REVIEW_DB", str(tmp_path / "env.sqlite"))
    assert default_db_path(profile) == tmp_path / "env.sqlite"
    assert default_db_path(profile, tmp_path / "flag.sqlite") == tmp_path / "flag.sqlite"


def test_a_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="does not exist"):
        with HistoryStore.open(tmp_path / "nope" / "h.sqlite"):
            pass
