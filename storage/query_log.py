"""The query log: what was asked, how it was answered; users appear only as salted hashes."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class QueryRecord:
    """One question as the log keeps it."""

    user_hash: str
    chat_type: str
    question: str
    top_document: str
    top_score: float
    abstained: bool
    latency_ms: float


def hash_user(user_id: int, salt: str) -> str:
    """Return a truncated HMAC-SHA256 of a user id keyed by the salt; the raw id is never stored.

    The salt lives outside the database (storage/salt.py): with the database alone, the 10**10
    possible ids cannot be tried against the hashes.
    """
    return hmac.new(salt.encode(), str(user_id).encode(), hashlib.sha256).hexdigest()[:16]


def storable(text: str) -> str:
    """Return text with lone surrogates (UTF-8 cannot hold them) written as \\udXXXX escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def log_query(db: Database, record: QueryRecord) -> None:
    """Append one question to the log (lone surrogates escaped)."""
    db["query_log"].insert(
        {
            "asked_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "user_hash": record.user_hash,
            "chat_type": record.chat_type,
            "question": storable(record.question),
            "top_document": record.top_document,
            "top_score": record.top_score,
            "abstained": int(record.abstained),
            "latency_ms": round(record.latency_ms, 2),
        }
    )


def questions_since(db: Database, since_iso: str) -> int:
    """Count questions asked at or after a UTC ISO time."""
    row = db.execute("select count(*) from query_log where asked_at >= ?", [since_iso]).fetchone()
    return int(row[0])


def recent_unanswered(db: Database, limit: int = 5) -> list[tuple[str, str]]:
    """Return the latest questions the bot had no answer for, as (time, question)."""
    rows = db.execute(
        "select asked_at, question from query_log where abstained = 1 order by id desc limit ?",
        [limit],
    )
    return [(asked_at, question) for asked_at, question in rows]


def questions_today(db: Database) -> int:
    """Count questions asked since midnight UTC."""
    midnight = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return questions_since(db, midnight.isoformat(timespec="seconds"))
