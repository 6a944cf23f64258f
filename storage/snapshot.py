"""Read one consistent snapshot of the stored index, without re-analyzing any text."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sqlite_utils import Database

from storage.database import reporting_damage
from storage.errors import IndexMissing
from storage.metadata import read_meta


@dataclass(frozen=True)
class StoredDocument:
    """A document row as the searcher needs it."""

    path: str
    title: str
    source: str
    url: str
    date: str


@dataclass(frozen=True)
class StoredIndex:
    """Documents, passages (document position, number, offsets, text) and term ids."""

    documents: list[StoredDocument]
    passages: list[tuple[int, int, int, int, str]]
    token_ids: np.ndarray
    lengths: np.ndarray
    vocabulary: dict[str, int]
    meta: dict[str, str]

    @property
    def version(self) -> int:
        """The index version (it grows by one at every committed build)."""
        return int(self.meta.get("index_version", "0"))


@reporting_damage()
def load_index(db: Database) -> StoredIndex:
    """Read the whole index inside one read transaction, so a concurrent build cannot mix in."""
    db.conn.execute("begin")
    try:
        meta = read_meta(db)
        if "index_version" not in meta:
            raise IndexMissing("no index has been built yet: run `dalil index`")
        documents, position = [], {}
        for doc_id, path, title, source, url, date in db.execute(
            "select id, path, title, source, url, date from documents order by id"
        ):
            position[doc_id] = len(documents)
            documents.append(StoredDocument(path, title, source or "", url or "", date or ""))
        rows = db.conn.execute(
            'select document_id, number, start, "end", text, tokens from passages order by id'
        ).fetchall()
        vocabulary = {term: term_id for term_id, term in db.execute("select id, term from terms")}
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("rollback")
        raise
    db.conn.execute("commit")
    doc_ids, numbers, starts, ends, texts, blobs = zip(*rows, strict=True) if rows else ([],) * 6
    del rows
    order = _document_order(np.array(doc_ids, dtype=np.int64), np.array(numbers, dtype=np.int64))
    if order is not None:
        doc_ids, numbers, starts, ends, texts, blobs = (
            [column[i] for i in order] for column in (doc_ids, numbers, starts, ends, texts, blobs)
        )
    positions = [position[doc_id] for doc_id in doc_ids]
    passages = list(zip(positions, numbers, starts, ends, texts, strict=True))
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 4
    token_ids = np.frombuffer(b"".join(blobs), dtype="<i4").astype(np.int32)
    return StoredIndex(documents, passages, token_ids, lengths, vocabulary, meta)


def _document_order(doc_ids: np.ndarray, numbers: np.ndarray) -> np.ndarray | None:
    """None when rows already run by document and passage number, else the order that does."""
    if len(doc_ids) < 2:
        return None
    steps = np.diff(doc_ids)
    if np.all((steps > 0) | ((steps == 0) & (np.diff(numbers) > 0))):
        return None
    return np.lexsort((numbers, doc_ids))
