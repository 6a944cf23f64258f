"""The bot's side of the query log: hashes users with the salt, writes and reads the log."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.engine import Timed
from storage.database import connect
from storage.errors import StorageError
from storage.query_log import (
    QueryRecord,
    hash_user,
    log_query,
    questions_today,
    recent_unanswered,
)
from storage.salt import file_salt, forget_old_salt

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LogSummary:
    """What admins see in /stats: today's questions and the latest unanswered ones."""

    today: int
    unanswered: list[tuple[str, str]]


class QuestionLog:
    """Records questions in the database (one short connection per call, from a worker thread)."""

    def __init__(self, db_path: Path, salt: str, enabled: bool = True) -> None:
        """Use salt for user hashes; write nothing when not enabled."""
        self.db_path = Path(db_path)
        self.salt = salt
        self.enabled = enabled
        self._writing = asyncio.Lock()

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
        finally:
            db.close()
        return cls(db_path, salt or file_salt(db_path), enabled)

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
        db = connect(self.db_path)
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
            except (sqlite3.Error, StorageError) as error:
                logger.warning("could not write the query log: %s", error)

    def summary(self, limit: int = 5) -> LogSummary:
        """Count today's questions and list the latest unanswered ones."""
        db = connect(self.db_path)
        try:
            return LogSummary(questions_today(db), recent_unanswered(db, limit))
        finally:
            db.close()
