"""The index as numpy columns (no texts): passages by document, their term ids, document ids."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from retrieval.document_facts import DocumentFacts
from storage.boilerplate import CITABLE
from storage.string_columns import Strings, string_arrays

if TYPE_CHECKING:
    from sqlite_utils import Database

# Rows read from SQLite at a time, so that no list of millions of tuples is ever held.
_CHUNK = 50_000
DOCUMENT_FIELDS = "path, title, source, url, date, source_path, page, story"
# The string fields of a document row the index files hold (the source is a fact, by number).
_STRINGS = 5


@dataclass(frozen=True)
class IndexColumns:
    """Citable passages in document order (document position, number, offsets, SQLite row id,
    length), their term ids back to back, the SQLite ids of the documents in position order,
    each passage's context field (its term count, and their term ids back to back), and the
    documents' sources, days and stories (retrieval.document_facts), and the rest of their
    rows: path, title, url, date and source path of each (UTF-8, back to back) and its page."""

    passage_ids: np.ndarray
    passage_documents: np.ndarray
    numbers: np.ndarray
    starts: np.ndarray
    ends: np.ndarray
    lengths: np.ndarray
    token_ids: np.ndarray
    document_ids: np.ndarray
    context_lengths: np.ndarray
    context_ids: np.ndarray
    document_sources: np.ndarray
    document_source_names: np.ndarray  # strings: the names the numbers of sources stand for
    document_days: np.ndarray
    document_stories: np.ndarray
    document_story_order: np.ndarray
    document_strings: np.ndarray
    document_string_offsets: np.ndarray
    document_pages: np.ndarray
    paragraphs: np.ndarray  # each passage's paragraph (line) in its document, from 0

    def arrays(self) -> dict[str, np.ndarray]:
        """The columns by name, as the index files store them."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def document_facts(self) -> DocumentFacts:
        """The documents' sources, days and stories as the searcher takes them."""
        return DocumentFacts(
            self.document_sources,
            self._source_names,
            self.document_days,
            self.document_stories,
            self.document_story_order,
        )

    @cached_property
    def _strings(self) -> Strings:
        """The documents' string fields, read in place."""
        return Strings(self.document_strings, self.document_string_offsets)

    @cached_property
    def _source_names(self) -> tuple[str, ...]:
        """The names the numbers of sources stand for."""
        return tuple(str(name) for name in self.document_source_names)

    def document(self, position: int) -> tuple[str, str, str, str, str, str, int, int]:
        """(path, title, source, url, date, source_path, page, story) of the document at a
        position, as its SQLite row says (document_fields)."""
        path, title, url, day, source_path = self._strings.run(position * _STRINGS, _STRINGS)
        source = self._source_names[self.document_sources[position]]
        page, story = int(self.document_pages[position]), int(self.document_stories[position])
        return path, title, source, url, day, source_path, page, story

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> IndexColumns:
        """The columns back from the index files."""
        return cls(**{name: arrays[name] for name in cls.__dataclass_fields__})


def read_columns(db: Database | sqlite3.Connection) -> IndexColumns:
    """Read every citable passage's columns and term ids (inside the caller's transaction)."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    ids, strings, pages, facts_rows = [], [], [], []
    for document_id, *fields in conn.execute(
        f"select id, {DOCUMENT_FIELDS} from documents order by id"
    ):
        path, title, source, url, day, source_path, page, story = document_fields(tuple(fields))
        ids.append(document_id)
        strings += (path, title, url, day, source_path)
        pages.append(page)
        facts_rows.append((source, day, story))
    document_ids = np.array(ids, dtype=np.int64)
    facts = DocumentFacts.build(facts_rows)
    document_strings, document_string_offsets = string_arrays(strings)
    del ids, strings, facts_rows
    cursor = conn.execute(
        'select id, document_id, number, start, "end", length(tokens) / 4,'
        " coalesce(length(context), 0) / 4, paragraph from passages where kind = ? order by id",
        [CITABLE],
    )
    parts = []
    while rows := cursor.fetchmany(_CHUNK):
        parts.append(np.array(rows, dtype=np.int64).reshape(-1, 8))
    table = np.concatenate(parts) if parts else np.zeros((0, 8), dtype=np.int64)
    del parts
    tokens = _blobs(conn, "tokens", int(table[:, 5].sum()))
    context = _blobs(conn, "context", int(table[:, 6].sum()))
    documents = np.searchsorted(document_ids, table[:, 1])
    lengths, context_lengths = table[:, 5].copy(), table[:, 6].copy()
    order = document_order(documents, table[:, 2])
    if order is not None:
        tokens = _reordered_tokens(tokens, lengths, order)
        context = _reordered_tokens(context, context_lengths, order)
        table, documents = table[order], documents[order]
        lengths, context_lengths = lengths[order], context_lengths[order]
    return IndexColumns(
        passage_ids=table[:, 0].copy(),
        passage_documents=documents.astype(np.int32),
        numbers=table[:, 2].astype(np.int32),
        starts=table[:, 3].astype(np.int32),
        ends=table[:, 4].astype(np.int32),
        lengths=lengths,
        token_ids=tokens,
        document_ids=document_ids,
        context_lengths=context_lengths,
        context_ids=context,
        document_sources=facts.sources,
        document_source_names=np.array(facts.source_names, dtype=str),
        document_days=facts.days,
        document_stories=facts.stories,
        document_story_order=facts.story_order,
        document_strings=document_strings,
        document_string_offsets=document_string_offsets,
        document_pages=np.array(pages, dtype=np.int32),
        paragraphs=table[:, 7].astype(np.int32),
    )


def _blobs(conn: sqlite3.Connection, column: str, total: int) -> np.ndarray:
    """A blob column of int32 term ids of the citable passages, back to back in id order."""
    values = np.empty(total, dtype=np.int32)
    filled = 0
    cursor = conn.execute(
        f"select coalesce({column}, x'') from passages where kind = ? order by id", [CITABLE]
    )
    while rows := cursor.fetchmany(_CHUNK):
        chunk = np.frombuffer(b"".join(row[0] for row in rows), dtype="<i4")
        values[filled : filled + len(chunk)] = chunk
        filled += len(chunk)
    return values


def document_order(documents: np.ndarray, numbers: np.ndarray) -> np.ndarray | None:
    """None when rows already run by document and passage number, else the order that does."""
    if len(documents) < 2:
        return None
    steps = np.diff(documents)
    if np.all((steps > 0) | ((steps == 0) & (np.diff(numbers) > 0))):
        return None
    return np.lexsort((numbers, documents))


def _reordered_tokens(tokens: np.ndarray, lengths: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The passages' term ids back to back in a new passage order."""
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    new_lengths = lengths[order]
    new_starts = np.zeros(len(order) + 1, dtype=np.int64)
    np.cumsum(new_lengths, out=new_starts[1:])
    shift = np.repeat(starts[:-1][order] - new_starts[:-1], new_lengths)
    return tokens[np.arange(len(tokens)) + shift]


def document_fields(row: tuple | None) -> tuple[str, str, str, str, str, str, int, int]:
    """A documents row selected as DOCUMENT_FIELDS with its NULLs as empty values."""
    path, title, source, url, date, source_path, page, story = row or ("",) * 6 + (0, 0)
    return (
        path,
        title,
        source or "",
        url or "",
        date or "",
        source_path or "",
        page or 0,
        story or 0,
    )
