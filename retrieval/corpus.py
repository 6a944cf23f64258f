"""The in-memory corpus a searcher works on: documents, passages and their analyzed term ids."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


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
