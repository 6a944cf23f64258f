"""Each document's title as term ids, analyzed once (at index time): what title evidence reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.analyzer import Analyzer
from retrieval.arrays import distinct, slices

# The id of a title term the vocabulary lacks.
UNKNOWN = -1


@dataclass(frozen=True)
class TitleTerms:
    """The terms of every document's title in order (analyzer.memo_terms), as vocabulary ids
    (UNKNOWN for a term the vocabulary lacks) back to back, and where each document's start."""

    ids: np.ndarray
    offsets: np.ndarray

    @classmethod
    def build(
        cls, titles: Iterable[str], analyzer: Analyzer, vocabulary: Mapping[str, int]
    ) -> TitleTerms:
        """Analyze the titles, in document order."""
        ids: list[int] = []
        offsets = [0]
        for title in titles:
            ids += (vocabulary.get(t, UNKNOWN) for t in analyzer.memo_terms(title))
            offsets.append(len(ids))
        return cls(np.array(ids, dtype=np.int32), np.array(offsets, dtype=np.int64))

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays as the index files store them."""
        return {"title_ids": self.ids, "title_offsets": self.offsets}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray]) -> TitleTerms | None:
        """The title terms back from arrays() (None when they are not there)."""
        if "title_ids" not in arrays:
            return None
        return cls(arrays["title_ids"], arrays["title_offsets"])

    def __len__(self) -> int:
        """How many documents' titles there are."""
        return len(self.offsets) - 1

    def of(self, document: int) -> np.ndarray:
        """The ids of one document's title terms, in order."""
        return self.ids[self.offsets[document] : self.offsets[document + 1]]

    def holding(
        self, documents: np.ndarray, groups: Sequence[Sequence[int]], first: int | None = None
    ) -> np.ndarray:
        """A (documents × groups) matrix: whether each document's title (its `first` terms,
        when given) holds one of each group's ids (UNKNOWN ids match nothing)."""
        documents = np.asarray(documents, dtype=np.int64)
        held = np.zeros((len(documents), len(groups)), dtype=bool)
        pairs = [(t, g) for g, group in enumerate(groups) for t in group if t != UNKNOWN]
        if not pairs or not len(documents):
            return held
        if len(documents) == 1:  # one title (an excerpt's): faster in Python than in numpy
            start, end = int(self.offsets[documents[0]]), int(self.offsets[documents[0] + 1])
            present = set(
                self.ids[start : end if first is None else min(end, start + first)].tolist()
            )
            held[0] = [any(t in present for t in group if t != UNKNOWN) for group in groups]
            return held
        starts, ends = self.offsets[documents], self.offsets[documents + 1]
        if first is not None:
            ends = np.minimum(ends, starts + first)
        terms = slices(self.ids, starts, ends)
        owners = np.repeat(np.arange(len(documents)), ends - starts)
        wanted = np.array(pairs, dtype=np.int64).reshape(-1, 2)
        wanted = wanted[np.argsort(wanted[:, 0], kind="stable")]
        low = np.searchsorted(wanted[:, 0], terms, side="left")
        counts = np.searchsorted(wanted[:, 0], terms, side="right") - low
        total = int(counts.sum())
        if total:
            steps = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
            held[np.repeat(owners, counts), wanted[np.repeat(low, counts) + steps, 1]] = True
        return held

    def unknown_in(self, documents: np.ndarray, first: int | None = None) -> np.ndarray:
        """The positions (in documents) of the titles holding a term the vocabulary lacks
        (among their `first` terms, when given)."""
        documents = np.asarray(documents, dtype=np.int64)
        starts, ends = self.offsets[documents], self.offsets[documents + 1]
        if first is not None:
            ends = np.minimum(ends, starts + first)
        terms = slices(self.ids, starts, ends)
        owners = np.repeat(np.arange(len(documents)), ends - starts)
        return distinct(owners[terms == UNKNOWN])
