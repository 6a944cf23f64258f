"""The in-memory corpus a searcher works on: documents, passages and their analyzed term ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

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
    """A passage: its document (index into documents), number, offsets and text."""

    document: int
    number: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Corpus:
    """Everything a searcher needs, as one consistent snapshot of the index: the citable
    passages, their term ids, and the term ids of their context fields (title, heading, the
    rest of a long paragraph; none when not given)."""

    documents: list[DocumentInfo]
    passages: list[PassageInfo]
    token_ids: np.ndarray
    lengths: np.ndarray
    vocabulary: dict[str, int]
    version: int = 0
    built_at: str = ""
    context_ids: np.ndarray | None = None
    context_lengths: np.ndarray | None = None
    offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Compute where each passage's term ids start."""
        offsets = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=offsets[1:])
        object.__setattr__(self, "offsets", offsets)
        if self.context_ids is None or self.context_lengths is None:
            object.__setattr__(self, "context_ids", np.zeros(0, dtype=np.int32))
            object.__setattr__(self, "context_lengths", np.zeros(len(self.lengths), np.int64))

    def passage_terms(self, passage: int) -> np.ndarray:
        """Return the term ids of one passage."""
        return self.token_ids[self.offsets[passage] : self.offsets[passage + 1]]


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
            passages.append(PassageInfo(number, span.number, span.start, span.end, unit.text))
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
