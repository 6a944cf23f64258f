"""The in-memory corpus a searcher works on: documents, passages and their analyzed term ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from retrieval.chunking import split_passages


@dataclass(frozen=True)
class DocumentInfo:
    """What a citation shows about a document."""

    path: str
    title: str
    source: str = ""
    url: str = ""
    date: str = ""


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
    """Everything a searcher needs, as one consistent snapshot of the index."""

    documents: list[DocumentInfo]
    passages: list[PassageInfo]
    token_ids: np.ndarray
    lengths: np.ndarray
    vocabulary: dict[str, int]
    version: int = 0
    built_at: str = ""
    offsets: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        """Compute where each passage's term ids start."""
        offsets = np.zeros(len(self.lengths) + 1, dtype=np.int64)
        np.cumsum(self.lengths, out=offsets[1:])
        object.__setattr__(self, "offsets", offsets)

    def passage_terms(self, passage: int) -> np.ndarray:
        """Return the term ids of one passage."""
        return self.token_ids[self.offsets[passage] : self.offsets[passage + 1]]


def build_corpus(
    documents: Iterable[tuple[DocumentInfo, str]], analyze: Callable[[str], list[str]]
) -> Corpus:
    """Cut and analyze documents into an in-memory corpus (for benchmarks and tests)."""
    infos, passages, tokens, lengths = [], [], [], []
    vocabulary: dict[str, int] = {}
    for number, (info, text) in enumerate(documents):
        infos.append(info)
        for span in split_passages(text):
            passage = text[span.start : span.end]
            ids = [vocabulary.setdefault(t, len(vocabulary)) for t in analyze(passage)]
            passages.append(PassageInfo(number, span.number, span.start, span.end, passage))
            tokens.extend(ids)
            lengths.append(len(ids))
    return Corpus(
        infos,
        passages,
        np.array(tokens, dtype=np.int32),
        np.array(lengths, dtype=np.int64),
        vocabulary,
    )
