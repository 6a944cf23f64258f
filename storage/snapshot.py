"""Read one consistent snapshot of the stored index, without re-analyzing any text."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from storage.boilerplate import CITABLE
from storage.columns import DOCUMENT_FIELDS, document_fields, document_order
from storage.database import reporting_damage
from storage.errors import IndexMissing
from storage.metadata import read_meta

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class StoredDocument:
    """A document row as the searcher needs it."""

    path: str
    title: str
    source: str
    url: str
    date: str
    source_path: str = ""
    page: int = 0
    story: int = 0


@dataclass(frozen=True)
class StoredIndex:
    """Documents, citable passages (document position, number, offsets, text), their term ids,
    the term ids of their context fields, and each passage's paragraph (line) number."""

    documents: list[StoredDocument]
    passages: list[tuple[int, int, int, int, str]]
    token_ids: np.ndarray
    lengths: np.ndarray
    vocabulary: dict[str, int]
    meta: dict[str, str]
    context_ids: np.ndarray
    context_lengths: np.ndarray
    paragraphs: list[int] = field(default_factory=list)

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
        selected = f"select id, {DOCUMENT_FIELDS} from documents order by id"
        for doc_id, *fields in db.execute(selected):
            position[doc_id] = len(documents)
            documents.append(StoredDocument(*document_fields(tuple(fields))))
        rows = db.conn.execute(
            'select document_id, number, start, "end", text, tokens, context, paragraph'
            " from passages where kind = ? order by id",
            [CITABLE],
        ).fetchall()
        vocabulary = {term: term_id for term_id, term in db.execute("select id, term from terms")}
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("rollback")
        raise
    db.conn.execute("commit")
    columns = zip(*rows, strict=True) if rows else ([],) * 8
    doc_ids, numbers, starts, ends, texts, blobs, contexts, paragraphs = columns
    del rows
    order = document_order(np.array(doc_ids, dtype=np.int64), np.array(numbers, dtype=np.int64))
    if order is not None:
        doc_ids, numbers, starts, ends, texts, blobs, contexts, paragraphs = (
            [column[i] for i in order]
            for column in (doc_ids, numbers, starts, ends, texts, blobs, contexts, paragraphs)
        )
    positions = [position[doc_id] for doc_id in doc_ids]
    passages = list(zip(positions, numbers, starts, ends, texts, strict=True))
    lengths, token_ids = _term_arrays(blobs)
    context_lengths, context_ids = _term_arrays([c or b"" for c in contexts])
    return StoredIndex(
        documents,
        passages,
        token_ids,
        lengths,
        vocabulary,
        meta,
        context_ids,
        context_lengths,
        list(paragraphs),
    )


def _term_arrays(blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Each blob's term count, and all their term ids back to back."""
    lengths = np.fromiter(map(len, blobs), dtype=np.int64, count=len(blobs)) // 4
    return lengths, np.frombuffer(b"".join(blobs), dtype="<i4").astype(np.int32)
