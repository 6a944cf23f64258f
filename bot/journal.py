"""The bot's side of the query log: hashes users with the salt, writes and reads the log."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine import Timed
from storage.database import connect
from storage.errors import DatabaseMissing, StorageError
from storage.query_log import (
    QueryRecord,
    hash_user,
    log_query,
    questions_today,
    recent_unanswered,
)
from storage.salt import file_salt, forget_old_salt, restore_salt, salt_path

if TYPE_CHECKING:
    from sqlite_utils import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogSummary:
    """What admins see in /stats: today's questions and the latest unanswered ones."""

    today: int
    unanswered: list[tuple[str, str]]


class QuestionLog:
    """Records questions in the database (one short connection per call, from a worker thread)."""

    def __init__(
        self, db_path: Path, salt: str, enabled: bool = True, salt_in_file: bool = False
    ) -> None:
        """Use salt for user hashes (kept in the key file when salt_in_file); write nothing
        when not enabled."""
        self.db_path = Path(db_path)
        self.salt = salt
        self.enabled = enabled
        self.salt_in_file = salt_in_file
        self._writing = asyncio.Lock()
        self._missing = False  # the database file is gone: said once, not at every question

    @classmethod
    def open(cls, db_path: Path, salt: str | None, enabled: bool) -> QuestionLog:
        """Use the configured salt (DALIL_HASH_SALT), or the key file beside the database.

        A salt an older Dalil kept inside the database is erased: the hashes it made stay in
        the log, and can no longer be tested against ids with the database alone.
        """
        db = connect(db_path)
        try:
            if forget_old_salt(db):
                logger.info("erased the user-hash salt from the database (now kept beside it)")
            if salt is None and not salt_path(db_path).exists() and _holds_hashes(db):
                logger.warning(
                    "the user-hash salt file %s is missing: a new salt is made, and the user "
                    "hashes already in the query log no longer match new ones (restore the "
                    "file, or set DALIL_HASH_SALT, to keep them comparable)",
                    salt_path(db_path),
                )
        finally:
            db.close()
        return cls(db_path, salt or file_salt(db_path), enabled, salt_in_file=salt is None)

    def restore_salt(self) -> bool:
        """Write the salt in use back to its key file if the file is gone; say if written."""
        return self.salt_in_file and restore_salt(self.db_path, self.salt)

    def user_hash(self, user_id: int) -> str:
        """The salted hash that stands for a user in the log and in log lines."""
        return hash_user(user_id, self.salt)

    def record(self, user_id: int, chat_type: str, question: str, timed: Timed) -> None:
        """Append one answered (or abstained) question."""
        if not self.enabled:
            return
        answer = timed.answer
        top = answer.hits[0] if answer.hits else None
        record = QueryRecord(
            self.user_hash(user_id),
            chat_type,
            question,
            top.document.path if top else "",
            round(top.score, 4) if top else 0.0,
            answer.abstained,
            timed.latency_ms,
        )
        db = connect(self.db_path, create=False)  # a deleted database is not made again empty
        try:
            log_query(db, record)
        finally:
            db.close()

    async def save(self, user_id: int, chat_type: str, question: str, timed: Timed) -> None:
        """Record a question from the event loop: one write at a time, failures only logged."""
        if not self.enabled:
            return
        async with self._writing:  # a reindex may hold the write lock: wait here, not in threads
            try:
                await asyncio.to_thread(self.record, user_id, chat_type, question, timed)
            except DatabaseMissing as error:
                if not self._missing:
                    logger.warning("not writing the query log: the database %s", error)
                self._missing = True
                return
            except (sqlite3.Error, StorageError) as error:
                logger.warning("could not write the query log: %s", error)
            self._missing = False

    def summary(self, limit: int = 5) -> LogSummary:
        """Count today's questions and list the latest unanswered ones (DatabaseMissing if the
        file is gone)."""
        db = connect(self.db_path, create=False)
        try:
            return LogSummary(questions_today(db), recent_unanswered(db, limit))
        finally:
            db.close()


def _holds_hashes(db: Database) -> bool:
    """Tell whether the query log holds any row (each made with some salt)."""
    return db.execute("select exists(select 1 from query_log)").fetchone()[0] == 1
