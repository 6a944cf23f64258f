"""The in-memory corpus a searcher works on: documents, passages and their analyzed term ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar, overload

import numpy as np

from retrieval.document_facts import DocumentFacts, facts_of
from retrieval.units import UnitKind, analyzed_units


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation shows about a document."""

    path: str
    title: str
    source: str = ""
    url: str = ""
    date: str = ""
    # the source's name as people read it («عكاظ» for okaz), the file the document came from,
    # its page in that file (PDF), and its story: documents sharing a story number (> 0) are
    # copies of one article (an agency story in several papers)
    publisher: str = ""
    source_path: str = ""
    page: int = 0
    story: int = 0


@dataclass(frozen=True)
class PassageInfo:
    """A passage: its document (index into documents), number, offsets, text and the number of
    the paragraph (line) it was cut from (NO_PARAGRAPH when not known)."""

    document: int
    number: int
    start: int
    end: int
    text: str
    paragraph: int = -1


# The paragraph of a passage from an index that does not record it: the passage stands alone.
NO_PARAGRAPH = -1

Row = TypeVar("Row")

# Rows a table keeps once read (the candidates of the last few answers).
_KEPT_ROWS = 4096


class _LazyRows(Sequence[Row]):
    """Rows read through read(i) when asked for; the last few thousand read are kept."""

    def __init__(
        self,
        count: int,
        read: Callable[[int], Row],
        read_many: Callable[[list[int]], dict[int, Row]] | None = None,
    ) -> None:
        """Take the number of rows, the reader of one row and (optionally) of several."""
        self._count, self._read, self._read_many = count, read, read_many
        self._kept: dict[int, Row] = {}

    def prefetch(self, indices: Iterable[int]) -> None:
        """Read the rows at these indices that are not kept, at once (when several rows can
        be read at once), so that asking for them next reads nothing."""
        if self._read_many is None:
            return
        missing = [i for i in dict.fromkeys(int(i) for i in indices) if i not in self._kept]
        if not missing:
            return
        if len(self._kept) + len(missing) > _KEPT_ROWS:
            self._kept.clear()
        self._kept.update(self._read_many(missing[:_KEPT_ROWS]))

    def __len__(self) -> int:
        """The number of rows."""
        return self._count

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        """One row (read now, unless kept), or a list of them."""
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = int(index)
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        found = self._kept.get(index)
        if found is None:
            if len(self._kept) >= _KEPT_ROWS:
                self._kept.clear()
            found = self._kept[index] = self._read(index)
        return found


class PassageTable(_LazyRows[PassageInfo]):
    """Passages as numpy columns; a passage's text is read through text_of(i) when it is
    asked for, and the last few thousand passages read are kept."""

    def __init__(
        self,
        documents: np.ndarray,
        numbers: np.ndarray,
        starts: np.ndarray,
        ends: np.ndarray,
        text_of: Callable[[int], str],
        texts_of: Callable[[list[int]], dict[int, str]] | None = None,
        paragraphs: np.ndarray | None = None,
    ) -> None:
        """Take the columns (one row per passage; paragraphs NO_PARAGRAPH when not given) and
        the readers of one text and (optionally) of several at once."""
        self.documents, self.numbers, self.starts, self.ends = documents, numbers, starts, ends
        if paragraphs is None:
            paragraphs = np.full(len(documents), NO_PARAGRAPH, dtype=np.int32)
        self.paragraphs = paragraphs
        self._text_of, self._texts_of = text_of, texts_of
        super().__init__(len(documents), self._passage, self._passages if texts_of else None)

    def _passages(self, indices: list[int]) -> dict[int, PassageInfo]:
        """Several passages, their texts read at once."""
        assert self._texts_of is not None
        texts = self._texts_of(indices)
        return {i: self._info(i, texts[i]) for i in indices}

    def _passage(self, index: int) -> PassageInfo:
        """One passage from its columns and its text."""
        return self._info(index, self._text_of(index))

    def _info(self, index: int, text: str) -> PassageInfo:
        """A passage from its columns and the given text."""
        return PassageInfo(
            int(self.documents[index]),
            int(self.numbers[index]),
            int(self.starts[index]),
            int(self.ends[index]),
            text,
            int(self.paragraphs[index]),
        )


class DocumentTable(_LazyRows[DocumentInfo]):
    """Documents read through row_of(i) when asked for; position_of(path) finds one."""

    def __init__(
        self,
        count: int,
        row_of: Callable[[int], DocumentInfo],
        position_of: Callable[[str], int | None],
    ) -> None:
        """Take the number of documents and the readers of a row and of a path's position."""
        super().__init__(count, row_of)
        self.position_of = position_of


def _column(passages: Sequence[PassageInfo], name: str) -> np.ndarray:
    """One field of every passage (document, number or paragraph) as an int64 array."""
    if isinstance(passages, PassageTable):
        return np.asarray(getattr(passages, f"{name}s"), dtype=np.int64)
    return np.fromiter((getattr(p, name) for p in passages), dtype=np.int64, count=len(passages))


@dataclass(frozen=True)
class Corpus:
    """Everything a searcher needs, as one consistent snapshot of the index: the citable
    passages, their term ids, and the term ids of their context fields (title, heading, the
    rest of a long paragraph; none when not given), and the documents' sources, days and
    stories as columns (read from documents when not given).

    documents and passages are lists, or tables that read rows on demand (the served index).
    """

    documents: Sequence[DocumentInfo]
    passages: Sequence[PassageInfo]
    token_ids: np.ndarray
    lengths: np.ndarray
    vocabulary: Mapping[str, int]
    version: int = 0
    built_at: str = ""
    context_ids: np.ndarray | None = None
    context_lengths: np.ndarray | None = None
    document_facts: DocumentFacts | None = None
    offsets: np.ndarray = field(init=False, repr=False)
    passage_documents: np.ndarray = field(init=False, repr=False)
    passage_numbers: np.ndarray = field(init=False, repr=False)
    passage_paragraphs: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Compute where each passage's term ids start, its document and its number."""
        offsets = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=offsets[1:])
        object.__setattr__(self, "offsets", offsets)
        if self.context_ids is None or self.context_lengths is None:
            object.__setattr__(self, "context_ids", np.zeros(0, dtype=np.int32))
            object.__setattr__(self, "context_lengths", np.zeros(len(self.lengths), np.int64))
        if self.document_facts is None:
            object.__setattr__(self, "document_facts", facts_of(self.documents))
        object.__setattr__(self, "passage_documents", _column(self.passages, "document"))
        object.__setattr__(self, "passage_numbers", _column(self.passages, "number"))
        object.__setattr__(self, "passage_paragraphs", _column(self.passages, "paragraph"))

    def document_position(self, path: str) -> int | None:
        """The position of the document at path in documents (None if it is not there)."""
        if isinstance(self.documents, DocumentTable):
            return self.documents.position_of(path)
        positions = self.__dict__.get("_positions")
        if positions is None:
            positions = {d.path: i for i, d in enumerate(self.documents)}
            object.__setattr__(self, "_positions", positions)
        return positions.get(path)

    def passage_span(self, passage: int) -> tuple[int, int]:
        """The [start, end) offsets of one passage in its document (read without its text)."""
        if isinstance(self.passages, PassageTable):
            return int(self.passages.starts[passage]), int(self.passages.ends[passage])
        info = self.passages[passage]
        return info.start, info.end

    def passage_terms(self, passage: int) -> np.ndarray:
        """Return the term ids of one passage."""
        return self.token_ids[self.offsets[passage] : self.offsets[passage + 1]]

    def distinct_terms(self, passage: int) -> set[str]:
        """The distinct terms of one passage, as the analyzer wrote them (its stored ids
        named: no analysis)."""
        return self.term_names(self.passage_terms(passage))

    def term_names(self, term_ids: np.ndarray) -> set[str]:
        """The distinct terms of these ids (all in the vocabulary)."""
        term_of = getattr(self.vocabulary, "term_of", None)  # a vocabulary that names its ids
        if term_of is None:
            names = self.__dict__.get("_names")
            if names is None:
                names = {term_id: term for term, term_id in self.vocabulary.items()}
                object.__setattr__(self, "_names", names)
            term_of = names.__getitem__
        return {term_of(t) for t in set(term_ids.tolist())}


def build_corpus(
    documents: Iterable[tuple[DocumentInfo, str]], analyze: Callable[[str], list[str]]
) -> Corpus:
    """Cut and analyze documents into an in-memory corpus of their citable passages (for
    benchmarks and tests), as the index writer does."""
    infos, passages, tokens, lengths, context, context_lengths = [], [], [], [], [], []
    vocabulary: dict[str, int] = {}
    for number, (info, text) in enumerate(documents):
        infos.append(info)
        for unit in analyzed_units(text, info.title, analyze):
            if unit.kind != UnitKind.TEXT:
                continue
            span = unit.span
            ids = [vocabulary.setdefault(t, len(vocabulary)) for t in unit.terms]
            around = [vocabulary.setdefault(t, len(vocabulary)) for t in unit.context]
            passages.append(
                PassageInfo(number, span.number, span.start, span.end, unit.text, span.paragraph)
            )
            tokens.extend(ids)
            lengths.append(len(ids))
            context.extend(around)
            context_lengths.append(len(around))
    return Corpus(
        infos,
        passages,
        np.array(tokens, dtype=np.int32),
        np.array(lengths, dtype=np.int64),
        vocabulary,
        context_ids=np.array(context, dtype=np.int32),
        context_lengths=np.array(context_lengths, dtype=np.int64),
    )
