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
        passages, blobs = [], []
        for doc_id, number, start, end, text, tokens in db.execute(
            'select document_id, number, start, "end", text, tokens from passages'
            " order by document_id, number"
        ):
            passages.append((position[doc_id], number, start, end, text))
            blobs.append(tokens)
        vocabulary = {term: term_id for term_id, term in db.execute("select id, term from terms")}
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("rollback")
        raise
    db.conn.execute("commit")
    lengths = np.fromiter((len(b) // 4 for b in blobs), dtype=np.int64, count=len(blobs))
    token_ids = np.frombuffer(b"".join(blobs), dtype="<i4").astype(np.int32)
    return StoredIndex(documents, passages, token_ids, lengths, vocabulary, meta)
