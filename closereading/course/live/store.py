"""The class service's storage: one SQLite database (write-ahead log) in the service's folder.

One row per (class, student, kind) holds the student's reading as the file the widget writes
(the project's record JSON), with the version the student's kernel gave it. Uploads are
idempotent and versioned: the same version again changes nothing, an older version never
overwrites a newer one. Withdrawing deletes the reading; the row keeps only its version (a
tombstone, no content), so that an older upload still on its way cannot bring it back. Every
change is committed (``synchronous=FULL``) before it is acknowledged, so a restart, even a kill,
loses nothing acknowledged.

>>> import tempfile, pathlib
>>> store = LiveStore(pathlib.Path(tempfile.mkdtemp()) / "live.sqlite")
>>> store.put("seminar", "ana", "highlights", 2, '{"schema": "x"}').state
'stored'
>>> store.put("seminar", "ana", "highlights", 1, '{"schema": "y"}').state
'newer-kept'
>>> [r.body for r in store.readings("seminar")]
['{"schema": "x"}']
"""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from closereading.base.files import atomic_write

__all__ = ["KIND_FILES", "LiveStore", "Outcome", "Reading", "folder_name"]

#: The kinds of reading a class shares, and the file each becomes in the ``collect`` layout.
KIND_FILES = {
    "highlights": "annotations.json",
    "codes": "codes.json",
    "pronouns": "pronouns.json",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS readings (
    class TEXT NOT NULL, student TEXT NOT NULL, kind TEXT NOT NULL,
    version INTEGER NOT NULL, body TEXT, updated REAL NOT NULL,
    PRIMARY KEY (class, student, kind)
);
CREATE TABLE IF NOT EXISTS classes (
    class TEXT PRIMARY KEY, revision INTEGER NOT NULL DEFAULT 0,
    revealed INTEGER NOT NULL DEFAULT 0
);
"""


@dataclass(frozen=True)
class Outcome:
    """What an upload or a withdrawal did: ``stored`` (this version is now the class's),
    ``same`` (this version was already there: a retry), ``newer-kept`` (a newer version is
    there; this one is dropped). ``version`` is the version held now."""

    state: str
    version: int

    @property
    def acknowledged(self) -> bool:
        """True for every outcome: the sender may forget this version."""
        return True


@dataclass(frozen=True)
class Reading:
    """One student's shared reading of one kind."""

    klass: str
    student: str
    kind: str
    version: int
    body: str
    updated: float


def folder_name(student: str) -> str:
    """A hub user name as one safe folder name, different for different names: letters,
    digits, ``@`` and ``-`` kept, every other byte written ``_xx``; never empty, never ``..``.

    >>> folder_name("ana"), folder_name("../x y"), folder_name("")
    ('ana', '_2e_2e_2fx_20y', '_')
    """
    safe = re.sub(r"[^A-Za-z0-9@-]", lambda m: "".join(f"_{b:02x}" for b in m[0].encode()), student)
    return safe or "_"


class LiveStore:
    """The database at ``path`` (made with its folder if missing). Safe to share between
    threads: one connection, one lock; every call is one transaction."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA busy_timeout=5000")
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db, self._lock)

    def put(self, klass: str, student: str, kind: str, version: int, body: str) -> Outcome:
        """Store ``body`` as ``student``'s reading of ``kind`` in ``klass`` at ``version``."""
        return self._write(klass, student, kind, version, body)

    def withdraw(self, klass: str, student: str, kind: str, version: int) -> Outcome:
        """Delete ``student``'s reading of ``kind`` in ``klass`` (a later upload shares again)."""
        return self._write(klass, student, kind, version, None)

    def _write(
        self, klass: str, student: str, kind: str, version: int, body: str | None
    ) -> Outcome:
        if kind not in KIND_FILES:
            raise ValueError(f"unknown kind {kind!r}; the kinds are {', '.join(KIND_FILES)}")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise ValueError(f"the version must be a whole number from 1, got {version!r}")
        with self._transaction() as db:
            held = db.execute(
                "SELECT version FROM readings WHERE class=? AND student=? AND kind=?",
                (klass, student, kind),
            ).fetchone()
            if held is not None and held[0] > version:
                return Outcome("newer-kept", held[0])
            if held is not None and held[0] == version:
                return Outcome("same", version)
            db.execute(
                "INSERT INTO readings (class, student, kind, version, body, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (class, student, kind) DO UPDATE SET "
                "version=excluded.version, body=excluded.body, updated=excluded.updated",
                (klass, student, kind, version, body, time.time()),
            )
            self._touch(db, klass)
        return Outcome("stored", version)

    @staticmethod
    def _touch(db: sqlite3.Connection, klass: str) -> None:
        db.execute(
            "INSERT INTO classes (class, revision) VALUES (?, 1) "
            "ON CONFLICT (class) DO UPDATE SET revision = revision + 1",
            (klass,),
        )

    def readings(self, klass: str, student: str | None = None) -> list[Reading]:
        """The shared readings of ``klass`` (of one ``student`` if given), withdrawn ones left out,
        by student then kind."""
        query = "SELECT class, student, kind, version, body, updated FROM readings "
        query += "WHERE class=? AND body IS NOT NULL"
        args: tuple[str, ...] = (klass,)
        if student is not None:
            query, args = query + " AND student=?", (klass, student)
        with self._transaction() as db:
            rows = db.execute(query + " ORDER BY student, kind", args).fetchall()
        return [Reading(*row) for row in rows]

    def version(self, klass: str, student: str, kind: str) -> int:
        """The version held for this reading (0: none ever), withdrawn or not."""
        with self._transaction() as db:
            row = db.execute(
                "SELECT version FROM readings WHERE class=? AND student=? AND kind=?",
                (klass, student, kind),
            ).fetchone()
        return row[0] if row else 0

    def revision(self, klass: str) -> int:
        """A number that grows with every change to ``klass`` (a reading, or the reveal)."""
        with self._transaction() as db:
            row = db.execute("SELECT revision FROM classes WHERE class=?", (klass,)).fetchone()
        return row[0] if row else 0

    def classes(self) -> list[str]:
        with self._transaction() as db:
            rows = db.execute("SELECT class FROM classes ORDER BY class").fetchall()
        return [r[0] for r in rows]

    def revealed(self, klass: str) -> bool:
        with self._transaction() as db:
            row = db.execute("SELECT revealed FROM classes WHERE class=?", (klass,)).fetchone()
        return bool(row and row[0])

    def reveal(self, klass: str, on: bool) -> None:
        """Show (or hide again) the class's anonymous heat map to its students."""
        with self._transaction() as db:
            self._touch(db, klass)
            db.execute("UPDATE classes SET revealed=? WHERE class=?", (int(on), klass))

    def export(self, klass: str, folder: str | Path) -> list[Path]:
        """Write ``klass``'s readings in the layout ``closereading collect`` reads: one folder
        per student (:func:`folder_name`), each reading as the file its widget writes."""
        folder = Path(folder)
        return [
            atomic_write(folder / folder_name(r.student) / KIND_FILES[r.kind], r.body)
            for r in self.readings(klass)
        ]

    def counts(self) -> Iterator[tuple[str, int]]:
        """How many readings each class holds (withdrawn ones left out)."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT class, COUNT(*) FROM readings WHERE body IS NOT NULL GROUP BY class"
            ).fetchall()
        yield from rows


class _Transaction:
    """``with``: the lock held and one transaction, committed on success, rolled back otherwise."""

    def __init__(self, db: sqlite3.Connection, lock: threading.Lock) -> None:
        self.db, self.lock = db, lock

    def __enter__(self) -> sqlite3.Connection:
        self.lock.acquire()
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except BaseException:
            self.lock.release()
            raise
        return self.db

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        finally:
            self.lock.release()
