"""The review history: one SQLite file, versioned, transactional.

- The schema version is ``PRAGMA user_version``; ``MIGRATIONS[i]`` takes a
  database from version ``i`` to ``i + 1``.  Migrations run inside one
  ``BEGIN IMMEDIATE`` transaction, so two processes never both migrate.
- WAL mode and a busy timeout let readers and one writer work at once;
  every write is one ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction.
- A file that is not a SQLite database, or a damaged one, raises a
  ``UserError`` before anything is written: the file is never touched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from generator.errors import UserError
from generator.locks import file_lock
from generator.store.entries import Approval, DocumentHash, NewReview, ReviewEntry

__all__ = ["Approval", "DocumentHash", "HistoryStore", "NewReview", "ReviewEntry", "approvals",
           "default_db_path", "latest_approval", "read_history", "writer_lock"]

DB_FILENAME = "reviews.sqlite3"
ENV_VAR = "POLICYPACK_REVIEW_DB"
SQLITE_HEADER = b"SQLite format 3\x00"
DEFAULT_BUSY_TIMEOUT = 30.0  # seconds

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 0 -> 1: the reviews themselves.
    (
        """CREATE TABLE reviews (
            id              INTEGER PRIMARY KEY,
            organisation_id TEXT NOT NULL,
            profile_path    TEXT NOT NULL,
            reviewed_on     TEXT NOT NULL,   -- ISO date of the approval meeting
            next_review     TEXT NOT NULL,   -- ISO date written to the profile
            approved_by     TEXT NOT NULL,   -- the approving body
            minute_ref      TEXT,
            note            TEXT,
            reviewed_by     TEXT,            -- the review owner named in the profile
            recorded_by     TEXT,            -- the account that ran the command
            recorded_at     TEXT NOT NULL,   -- ISO timestamp, UTC
            tool_version    TEXT NOT NULL,
            snapshot        TEXT NOT NULL    -- JSON: the normalised profile
        )""",
        "CREATE INDEX reviews_by_org ON reviews (organisation_id, reviewed_on, id)",
    ),
    # 1 -> 2: evidence of the built pack at the time of the review.
    (
        "ALTER TABLE reviews ADD COLUMN build_found INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE reviews ADD COLUMN manifest_path TEXT",
        """CREATE TABLE review_documents (
            review_id INTEGER NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
            position  INTEGER NOT NULL,
            kind      TEXT,
            title     TEXT,
            path      TEXT NOT NULL,
            sha256    TEXT NOT NULL,     -- as listed in the build manifest
            status    TEXT,              -- the document's status (final, draft)
            on_disk   TEXT NOT NULL,     -- 'same', 'changed' or 'missing' when recorded
            PRIMARY KEY (review_id, position)
        )""",
    ),
    # 2 -> 3: the profile version approved, and prompts left unanswered (--allow-draft).
    (
        "ALTER TABLE reviews ADD COLUMN profile_sha256 TEXT",
        "ALTER TABLE reviews ADD COLUMN prompts_unanswered INTEGER NOT NULL DEFAULT 0",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


def default_db_path(profile_path: Path, explicit: str | os.PathLike | None = None) -> Path:
    """``--db``, else ``$POLICYPACK_REVIEW_DB``, else a file beside the profile."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(profile_path).parent / DB_FILENAME


def writer_lock(path: Path, timeout: float = DEFAULT_BUSY_TIMEOUT):
    """One policypack writer at a time per history file (a hidden lock file
    beside it).  SQLite locks each transaction; this lock also covers the
    profile edit that goes with an entry, and it works where SQLite's own
    locking is weak (some network shares)."""
    path = Path(path)
    _require_folder(path)
    return file_lock(
        path.with_name(f".{path.name}.lock"),
        timeout=timeout,
        busy=f"The review history {path} is being written by another policypack run.",
        fix="wait for the other run to finish and try again",
    )


def _require_folder(path: Path) -> None:
    if not path.parent.is_dir():
        raise UserError(
            f"The folder for the review history {path} does not exist.",
            "create the folder, or choose another file with --db",
        )


def _fix_for(path: Path) -> str:
    return (
        f"restore {path} from a backup, or point --db (or {ENV_VAR}) at another file; "
        "policypack has not changed it"
    )


def _check_is_sqlite(path: Path) -> None:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if path.is_dir():
        raise UserError(f"The review history {path} is a folder, not a file.", _fix_for(path))
    if size == 0:
        return
    with open(path, "rb") as handle:
        head = handle.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise UserError(
            f"The review history {path} is not a SQLite database (it may be damaged).",
            _fix_for(path),
        )


def _remove_new_database(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            name.unlink()
        except OSError:
            pass


class HistoryStore:
    """An open review-history database.  Use ``HistoryStore.open`` as a context manager."""

    def __init__(self, path: Path, connection: sqlite3.Connection) -> None:
        self.path = path
        self._db = connection

    # -- opening -----------------------------------------------------------

    @classmethod
    @contextmanager
    def open(
        cls,
        path: str | os.PathLike,
        *,
        create: bool = True,
        busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    ) -> Iterator["HistoryStore"]:
        """Open (and create, migrate) the database at ``path``.

        With ``create=False`` a missing file raises ``FileNotFoundError`` so a
        reader can treat it as "no history" without creating anything.
        """
        path = Path(path)
        _check_is_sqlite(path)
        created = not path.exists()
        if created:
            if not create:
                raise FileNotFoundError(path)
            _require_folder(path)
        try:
            connection = sqlite3.connect(
                str(path), timeout=busy_timeout, isolation_level=None
            )
        except sqlite3.Error as exc:
            raise UserError(f"Cannot open the review history {path}: {exc}.", _fix_for(path)) from exc
        store = cls(path, connection)
        try:
            with store._errors():
                connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
                connection.execute("PRAGMA foreign_keys = ON")
                store._check_integrity()
                mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
                    raise UserError(
                        f"The review history {path} cannot use write-ahead logging.",
                        "put the database on a local, writable disk",
                    )
                store._migrate()
        except BaseException:
            connection.close()
            if created:  # a full disk or a size limit while creating: leave no empty or half-made database
                _remove_new_database(path)
            raise
        try:
            yield store
        finally:
            connection.close()

    def _check_integrity(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise UserError(
                f"The review history {self.path} was written by a newer policypack "
                f"(schema {version}; this version knows up to {SCHEMA_VERSION}).",
                "upgrade policypack; the database has not been changed",
            )
        result = self._db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise UserError(
                f"The review history {self.path} is damaged ({result}).", _fix_for(self.path)
            )

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """Turn SQLite's errors a user can cause into ``UserError``."""
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise UserError(
                    f"The review history {self.path} is locked by another program.",
                    "wait for the other policypack run to finish and try again; "
                    "close any database browser that has the file open",
                ) from exc
            raise UserError(f"The review history {self.path} cannot be used: {text}.", _fix_for(self.path)) from exc
        except sqlite3.IntegrityError as exc:
            raise UserError(
                f"The review history {self.path} refused the entry ({exc}); nothing was saved.",
                "check that no other program added tables or triggers to the database",
            ) from exc
        except sqlite3.DatabaseError as exc:
            raise UserError(
                f"The review history {self.path} is damaged or not a database ({exc}).",
                _fix_for(self.path),
            ) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (or rollback)."""
        with self._errors():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")  # may fail too (deferred constraints, disk full)
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _migrate(self) -> None:
        if self._db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # re-read under the lock
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {step + 1}")

    @property
    def schema_version(self) -> int:
        return self._db.execute("PRAGMA user_version").fetchone()[0]

    # -- writing -----------------------------------------------------------

    def add(self, review: NewReview) -> int:
        """Append one review (and its documents) in one transaction; return its id."""
        with self.transaction() as db:
            return self.add_in(db, review)

    @staticmethod
    def add_in(db: sqlite3.Connection, review: NewReview) -> int:
        """Insert within a transaction the caller holds (see ``transaction``)."""
        cursor = db.execute(
            """INSERT INTO reviews (organisation_id, profile_path, reviewed_on, next_review,
                   approved_by, minute_ref, note, reviewed_by, recorded_by, recorded_at,
                   tool_version, snapshot, build_found, manifest_path, profile_sha256,
                   prompts_unanswered)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                review.organisation_id,
                review.profile_path,
                review.reviewed_on.isoformat(),
                review.next_review.isoformat(),
                review.approved_by,
                review.minute_ref,
                review.note,
                review.reviewed_by,
                review.recorded_by,
                review.recorded_at,
                review.tool_version,
                json.dumps(review.snapshot, sort_keys=True, ensure_ascii=False),
                int(review.build_found),
                review.manifest_path,
                review.profile_sha256,
                int(review.prompts_unanswered),
            ),
        )
        review_id = int(cursor.lastrowid)
        db.executemany(
            """INSERT INTO review_documents (review_id, position, kind, title, path, sha256,
                   status, on_disk) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (review_id, i, d.kind, d.title, d.path, d.sha256, d.status, d.on_disk)
                for i, d in enumerate(review.documents)
            ],
        )
        return review_id

    # -- reading -----------------------------------------------------------

    def history(self, organisation_id: str) -> list[ReviewEntry]:
        """Every review of one organisation, oldest first."""
        with self._errors():
            rows = self._db.execute(
                "SELECT * FROM reviews WHERE organisation_id = ? ORDER BY reviewed_on, id",
                (organisation_id,),
            ).fetchall()
            columns = [c[0] for c in self._db.execute("SELECT * FROM reviews LIMIT 0").description]
            return [self._entry(dict(zip(columns, row))) for row in rows]

    def last(self, organisation_id: str) -> ReviewEntry | None:
        entries = self.history(organisation_id)
        return entries[-1] if entries else None

    def count(self, organisation_id: str | None = None) -> int:
        with self._errors():
            if organisation_id is None:
                return self._db.execute("SELECT count(*) FROM reviews").fetchone()[0]
            return self._db.execute(
                "SELECT count(*) FROM reviews WHERE organisation_id = ?", (organisation_id,)
            ).fetchone()[0]

    def _entry(self, row: dict[str, Any]) -> ReviewEntry:
        documents = tuple(
            DocumentHash(path=p, sha256=s, kind=k, title=t, status=st, on_disk=o)
            for k, t, p, s, st, o in self._db.execute(
                """SELECT kind, title, path, sha256, status, on_disk FROM review_documents
                   WHERE review_id = ? ORDER BY position""",
                (row["id"],),
            )
        )
        return ReviewEntry(
            id=row["id"],
            organisation_id=row["organisation_id"],
            profile_path=row["profile_path"],
            reviewed_on=dt.date.fromisoformat(row["reviewed_on"]),
            next_review=dt.date.fromisoformat(row["next_review"]),
            approved_by=row["approved_by"],
            minute_ref=row["minute_ref"],
            note=row["note"],
            reviewed_by=row["reviewed_by"],
            recorded_by=row["recorded_by"],
            recorded_at=row["recorded_at"],
            tool_version=row["tool_version"],
            snapshot=json.loads(row["snapshot"]),
            build_found=bool(row["build_found"]),
            manifest_path=row["manifest_path"],
            profile_sha256=row["profile_sha256"],
            prompts_unanswered=row["prompts_unanswered"] or 0,
            documents=documents,
        )


def read_history(db_path: Path, organisation_id: str) -> list[ReviewEntry]:
    """The history of one organisation, or [] when the database does not exist yet."""
    try:
        with HistoryStore.open(db_path, create=False) as store:
            return store.history(organisation_id)
    except FileNotFoundError:
        return []


def approvals(db_path: Path, organisation_id: str) -> tuple[Approval, ...]:
    """Every approval of one organisation, oldest first, numbered from 1;
    () when the database does not exist yet."""
    return tuple(Approval.of(entry, number) for number, entry in enumerate(read_history(db_path, organisation_id), 1))


def latest_approval(db_path: Path, organisation_id: str) -> Approval | None:
    """The last recorded approval (what the policy's document control, the
    footers and the handbook print), or None when none is recorded."""
    found = approvals(db_path, organisation_id)
    return found[-1] if found else None
