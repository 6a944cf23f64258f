"""Numbered schema migrations, recorded in the database as they are applied."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from storage.errors import NewerSchema

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS_TABLE = "_migrations"
# How passages are cut and stored; an index built in another format is rebuilt in full at the
# next `dalil index` (2: passages have a kind, 0 citable, and a context field; 3: documents
# hold publication days, decoded titles, pages and story signatures; 4: a paragraph's closing
# sentence that repeats the title, «رابط الخبر …: <title>», is a unit of its own, not citable;
# 5: passages hold the number of the paragraph they were cut from).
INDEX_FORMAT = "5"


def _create_index_tables(db: Database) -> None:
    """Documents, passages, terms, corpus source files and index metadata."""
    db["documents"].create(
        {
            "id": int,
            "path": str,
            "source_path": str,
            "title": str,
            "sha256": str,
            "size": int,
            "indexed_at": str,
            "source": str,
            "url": str,
            "date": str,
            "author": str,
        },
        pk="id",
        not_null={"path", "title", "sha256"},
    )
    db["documents"].create_index(["path"], unique=True)
    db["documents"].create_index(["source_path"])
    db["passages"].create(
        {
            "id": int,
            "document_id": int,
            "number": int,
            "start": int,
            "end": int,
            "text": str,
            "tokens": bytes,
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["passages"].create_index(["document_id", "number"], unique=True)
    db["terms"].create({"id": int, "term": str}, pk="id")
    db["terms"].create_index(["term"], unique=True)
    db["sources"].create(
        {"path": str, "size": int, "mtime_ns": int, "sha256": str, "skipped": str}, pk="path"
    )
    db["meta"].create({"key": str, "value": str}, pk="key")


def _create_query_log(db: Database) -> None:
    """Questions asked, with a salted user hash (never the raw id), for /stats."""
    db["query_log"].create(
        {
            "id": int,
            "asked_at": str,
            "user_hash": str,
            "chat_type": str,
            "question": str,
            "top_document": str,
            "top_score": float,
            "abstained": int,
            "latency_ms": float,
        },
        pk="id",
    )
    db["query_log"].create_index(["asked_at"])


def _add_passage_kinds(db: Database) -> None:
    """Passages say whether they may be cited (kind 0) and carry their context field's terms.

    An index from before keeps answering (its passages all count as citable, without context)
    until `dalil index` rebuilds it in full: its meta lacks this INDEX_FORMAT.
    """
    columns = db["passages"].columns_dict
    if "kind" not in columns:
        db.conn.execute("alter table passages add column kind integer not null default 0")
    if "context" not in columns:
        db.conn.execute("alter table passages add column context blob")


def _add_document_scope(db: Database) -> None:
    """A document's page (PDF), story (copies of one article) and MinHash signature; indexes
    on source, date and story, which filters and /docs read."""
    documents = db["documents"]
    for column, kind in (("page", int), ("story", int), ("signature", bytes)):
        if column not in documents.columns_dict:
            documents.add_column(column, kind)
    for column in ("source", "date", "story"):
        documents.create_index([column], if_not_exists=True)


def _add_passage_paragraphs(db: Database) -> None:
    """Passages say which paragraph (line) of their document they were cut from. An index from
    before answers with every passage a paragraph of its own (-1, retrieval.corpus's
    NO_PARAGRAPH) until the next `dalil index` rebuilds it in full (INDEX_FORMAT 5)."""
    if "paragraph" not in db["passages"].columns_dict:
        db.conn.execute("alter table passages add column paragraph integer not null default -1")


MIGRATIONS: list[tuple[int, str, Callable[[Database], None]]] = [
    (1, "index tables", _create_index_tables),
    (2, "query log", _create_query_log),
    (3, "passage kinds and context", _add_passage_kinds),
    (4, "document page, story, signature; source and date indexes", _add_document_scope),
    (5, "passage paragraphs", _add_passage_paragraphs),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def schema_version(db: Database) -> int:
    """Return the highest migration applied to db (0 for a new database)."""
    if MIGRATIONS_TABLE not in db.table_names():
        return 0
    row = db.execute(f"select max(version) from {MIGRATIONS_TABLE}").fetchone()
    return int(row[0] or 0)


def migrate(db: Database) -> list[int]:
    """Apply the migrations db lacks, each in its own transaction; return their numbers."""
    current = schema_version(db)
    if current > LATEST_VERSION:
        raise NewerSchema(
            f"the database has schema version {current}, newer than this Dalil's "
            f"{LATEST_VERSION}: update Dalil or run `dalil index --rebuild`"
        )
    applied = []
    for version, name, apply in MIGRATIONS:
        if version <= current:
            continue
        with db.atomic():
            if version == 1 and MIGRATIONS_TABLE not in db.table_names():
                db[MIGRATIONS_TABLE].create(
                    {"version": int, "name": str, "applied_at": str}, pk="version"
                )
            apply(db)
            db[MIGRATIONS_TABLE].insert(
                {"version": version, "name": name, "applied_at": datetime.now(UTC).isoformat()}
            )
        applied.append(version)
    return applied
