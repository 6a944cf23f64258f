"""Per-chat state the bot keeps between restarts and shares between workers: opaque blobs."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from storage.database import private_file
from storage.errors import DatabaseUnusable

_SCHEMA = (
    "create table if not exists chat_state ("
    "chat_id integer primary key, revision integer not null, data blob not null, "
    "updated_at real not null)"
)


class ChatStateStore:
    """A SQLite file of (chat id, revision, blob); each write of a chat bumps its revision."""

    def __init__(self, path: Path) -> None:
        """Open (creating if needed) the state file at path, in WAL mode for several workers."""
        self.path = Path(path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            private_file(self.path)  # chats' memories: 0600, like the index
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=5
            )
            self._conn.execute("pragma journal_mode=wal")
            self._conn.execute("pragma synchronous=normal")
            self._conn.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise DatabaseUnusable(
                f"the chat state file {self.path} is unusable ({error})"
            ) from error

    def read_all(self) -> list[tuple[int, int, bytes]]:
        """Every chat's (chat id, revision, blob)."""
        return self._conn.execute("select chat_id, revision, data from chat_state").fetchall()

    def forget_before(self, cutoff: float) -> int:
        """Drop the chats last written before cutoff (a Unix time); return how many."""
        return self._conn.execute("delete from chat_state where updated_at < ?", (cutoff,)).rowcount

    def read_newer(self, chat_id: int, revision: int) -> tuple[int, bytes] | None:
        """A chat's (revision, blob) if it was written after revision, else None."""
        return self._conn.execute(
            "select revision, data from chat_state where chat_id = ? and revision > ?",
            (chat_id, revision),
        ).fetchone()

    def write(self, chat_id: int, data: bytes, now: float | None = None) -> int:
        """Store a chat's blob and return its new revision."""
        row = self._conn.execute(
            "insert into chat_state (chat_id, revision, data, updated_at) values (?, 1, ?, ?) "
            "on conflict (chat_id) do update set revision = revision + 1, data = excluded.data, "
            "updated_at = excluded.updated_at returning revision",
            (chat_id, data, time.time() if now is None else now),
        ).fetchone()
        return int(row[0])

    def drop(self, chat_id: int) -> None:
        """Forget a chat."""
        self._conn.execute("delete from chat_state where chat_id = ?", (chat_id,))

    def close(self) -> None:
        """Close the file."""
        self._conn.close()
