"""Index metadata: version, analyzer, build time and counts, as key/value rows."""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def read_meta(db: Database | sqlite3.Connection) -> dict[str, str]:
    """Return every metadata key and value."""
    return {key: value for key, value in db.execute("select key, value from meta")}


def write_meta(db: Database, values: dict[str, str]) -> None:
    """Set metadata keys (inside the caller's transaction)."""
    db["meta"].upsert_all([{"key": k, "value": v} for k, v in values.items()], pk="key")
