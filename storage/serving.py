"""Open the index to serve it: memory-mapped files, and texts read from SQLite when asked for."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storage.boilerplate import CITABLE
from storage.columns import IndexColumns, read_columns
from storage.database import open_reader, reporting_damage
from storage.errors import IndexMissing
from storage.file_arrays import FileArray
from storage.index_files import IndexFilesUnusable, index_facts, open_index_files
from storage.metadata import read_meta
from storage.term_table import TermTable

# The big arrays an answer reads only in parts (a term's postings and their frequencies, a
# passage's or a document's term ids, a document's strings): read from their files when asked
# for (storage.file_arrays), so that only the parts read are ever in the process's memory.
READ_IN_PARTS = frozenset(
    {
        "token_ids",
        "document_strings",
        *(
            f"{index}_{array}"
            for index in ("passage", "document", "context")
            for array in ("postings", "tfs")
        ),
    }
)


class TextReader:
    """Reads passage texts (and finds documents by path) of one index snapshot, inside one read
    transaction held open until close(): a build committing meanwhile changes nothing this
    reader sees."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        """Take over a connection whose read transaction is already open."""
        self._conn = conn
        self._lock = threading.Lock()

    def _one(self, sql: str, value: object) -> tuple | None:
        """The first row of a query, or None."""
        with self._lock, reporting_damage():
            return self._conn.execute(sql, (value,)).fetchone()

    def passage_text(self, passage_id: int) -> str:
        """The text of the passage with this SQLite id."""
        row = self._one("select text from passages where id = ?", passage_id)
        return row[0] if row else ""

    def passage_texts(self, passage_ids: list[int]) -> dict[int, str]:
        """The texts of the passages with these SQLite ids (empty for an id with none), read
        in one query."""
        marks = ", ".join("?" * len(passage_ids))
        sql = f"select id, text from passages where id in ({marks})"
        with self._lock, reporting_damage():
            rows = dict(self._conn.execute(sql, passage_ids).fetchall())
        return {i: rows.get(i, "") for i in passage_ids}

    def document_id(self, path: str) -> int | None:
        """The SQLite id of the document at path, or None."""
        row = self._one("select id from documents where path = ?", path)
        return int(row[0]) if row else None

    def close(self) -> None:
        """End the read transaction and close the connection."""
        with self._lock:
            if self._conn.in_transaction:
                self._conn.execute("rollback")
            self._conn.close()


def passages_from(db_path: str | Path, source_path: str) -> int:
    """How many citable passages the committed index holds from one source file."""
    conn = open_reader(db_path, create=False)
    try:
        with reporting_damage():
            row = conn.execute(
                "select count(*) from passages join documents on documents.id ="
                " passages.document_id where documents.source_path = ? and passages.kind = ?",
                (source_path, CITABLE),
            ).fetchone()
    finally:
        conn.close()
    return int(row[0])


@dataclass
class ServingSnapshot:
    """An index opened to serve: columns, vocabulary, search arrays (empty when the files
    could not be used: files_problem says why; the READ_IN_PARTS ones are FileArrays), and
    the reader of its texts."""

    meta: dict[str, str]
    columns: IndexColumns
    vocabulary: Mapping[str, int]
    reader: TextReader
    arrays: dict[str, np.ndarray | FileArray] = field(default_factory=dict)
    files_problem: str = ""

    @property
    def version(self) -> int:
        """The index version."""
        return int(self.meta.get("index_version", "0"))


def open_snapshot(db_path: str | Path, search_facts: Mapping[str, str]) -> ServingSnapshot:
    """Open the last committed index: its files when they match it (and search_facts, what
    the caller's search arrays must have been built with), else its columns from SQLite."""
    db = open_reader(db_path)
    try:
        with reporting_damage():
            db.execute("begin")
            meta = read_meta(db)
            if "index_version" not in meta:
                raise IndexMissing("no index has been built yet: run `dalil index`")
            facts = index_facts(meta) | dict(search_facts)
            try:
                arrays = open_index_files(
                    db_path, meta.get("index_files", ""), facts, READ_IN_PARTS
                )
            except IndexFilesUnusable as problem:
                vocabulary = {t: i for i, t in db.execute("select id, term from terms")}
                columns = read_columns(db)
                return ServingSnapshot(meta, columns, vocabulary, TextReader(db), {}, str(problem))
    except BaseException:
        db.close()
        raise
    columns = IndexColumns.from_arrays(arrays)
    return ServingSnapshot(meta, columns, TermTable(arrays), TextReader(db), arrays)
