"""Open Dalil's SQLite file: WAL mode, busy timeout, migrations, clear errors."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from storage.errors import DatabaseMissing, DatabaseUnusable, ReindexRunning
from storage.migrations import LATEST_VERSION, MIGRATIONS_TABLE, migrate

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_DB_PATH = Path("data/dalil.db")
REBUILD_HINT = "run `dalil index --rebuild` to build a new index"


def connect(path: str | Path, create: bool = True) -> Database:
    """Open and migrate the database at path: created if missing, unless not create (then
    DatabaseMissing: a bot whose file was deleted must not serve a new empty one)."""
    from sqlite_utils import Database  # imported here: a reader (open_reader) needs it not

    path = Path(path)
    if create:
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            private_file(path)
        except OSError as error:
            raise DatabaseUnusable(
                f"cannot create {path} or its folder ({error.strerror}): check DALIL_DB or --db"
            ) from error
    conn = _plain(path) if create else _existing(path)
    with _clear_errors(path):
        conn.execute("pragma foreign_keys=on")
        db = Database(conn)
        migrate(db)
    return db


def open_reader(path: str | Path, create: bool = True) -> sqlite3.Connection:
    """A plain connection to a migrated database at path (migrated first if it is not), for
    a process that only reads it: no sqlite_utils, which costs a one-shot command its import.
    Not create: DatabaseMissing if the file is gone, as connect."""
    path = Path(path)
    if path.is_file():
        conn = _plain(path, create)
        try:
            row = conn.execute(f"select max(version) from {MIGRATIONS_TABLE}").fetchone()
        except sqlite3.DatabaseError:
            row = None  # a new or a damaged file: connect() says which
        if row and row[0] == LATEST_VERSION:
            return conn
        conn.close()
    connect(path, create).close()  # migrates, or says why it cannot
    return _plain(path, create)


def _existing(path: Path) -> sqlite3.Connection:
    """A connection to the database at path that never creates it (DatabaseMissing if gone)."""
    if not path.is_file():
        raise DatabaseMissing(f"{path} is gone (deleted or moved)")
    try:
        return _plain(path, create=False)
    except DatabaseUnusable as error:  # deleted between the check and the open
        if not path.is_file():
            raise DatabaseMissing(f"{path} is gone (deleted or moved)") from error
        raise


def _plain(path: Path, create: bool = True) -> sqlite3.Connection:
    """A connection with Dalil's settings (WAL, busy timeout)."""
    with _clear_errors(path):
        # mode=rw: SQLite opens the file only if it exists, never making an empty one
        target, uri = (path, False) if create else (f"file:{quote(str(path))}?mode=rw", True)
        conn = sqlite3.connect(
            target, isolation_level=None, check_same_thread=False, timeout=30, uri=uri
        )
        conn.execute("pragma journal_mode=wal")
        conn.execute("pragma synchronous=normal")
    return conn


@contextmanager
def _clear_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors while opening path into ReindexRunning or DatabaseUnusable."""
    try:
        yield
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise ReindexRunning(
                f"{path} is busy: another dalil is writing it; try again"
            ) from error
        raise DatabaseUnusable(
            f"{path} cannot be opened ({error}): check DALIL_DB or --db"
        ) from error
    except sqlite3.DatabaseError as error:
        raise DatabaseUnusable(
            f"{path} is not a usable Dalil database ({error}): {REBUILD_HINT}"
        ) from error


def private_file(path: Path) -> None:
    """Create path 0600 if missing, and take group and other access from it and its WAL files.

    SQLite creates the -wal and -shm files with the database file's mode, so they follow.
    """
    if not path.exists():
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(OSError):  # missing, or not ours to change
            status = candidate.stat()
            if status.st_mode & 0o077 and status.st_uid == os.geteuid():
                candidate.chmod(status.st_mode & 0o700)


@contextmanager
def reporting_damage() -> Iterator[None]:
    """Turn SQLite's "damaged file" errors into DatabaseUnusable (usable as a decorator too)."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        # corrupt pages and non-database files raise the base class itself; locks, I/O and
        # query errors raise its subclasses, and a rebuild would not cure them
        if type(error) is not sqlite3.DatabaseError:
            raise
        message = f"the index database is damaged ({error}): {REBUILD_HINT}"
        raise DatabaseUnusable(message) from error


def check(db: Database) -> None:
    """Raise DatabaseUnusable unless SQLite's quick check finds every page of db sound."""
    with reporting_damage():
        result = db.execute("pragma quick_check").fetchone()[0]
    if result != "ok":
        raise DatabaseUnusable(f"the index database is damaged ({result}): {REBUILD_HINT}")


def discard(path: str | Path) -> None:
    """Move an unusable database file (and its WAL files) aside so a new one can be built."""
    path = Path(path)
    for suffix in ("", "-wal", "-shm"):
        candidate = Path(f"{path}{suffix}")
        if candidate.exists():
            candidate.replace(Path(f"{path}{suffix}.broken"))
