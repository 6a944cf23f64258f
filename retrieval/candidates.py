"""First stage: the question's BM25 over passages (or documents), and the pool to re-rank."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from retrieval.bm25 import Bm25Index, ScoredUnits, top_k
from retrieval.collection_index import CollectionIndex
from retrieval.query import Query


def _plain_groups(query: Query) -> list[Sequence[int]]:
    """The term groups of the question words outside its aliased names."""
    inside = {i for m in query.aliases for i in range(m.start, m.end)}
    plain = [g for i, g in enumerate(query.term_groups) if i not in inside]
    if len(query.groups) != len(query.term_groups):  # every form alone
        plain = [(t,) for g in plain for t in g[:1]] + [(t,) for g in plain for t in g[1:]]
    return plain


def bm25_scores(index: Bm25Index, query: Query, vocabulary: dict[str, int]) -> ScoredUnits:
    """BM25 of every unit (passage or document) holding a question term; each term counts its
    best form in a unit, and each aliased name scores as its best-matching equivalent name."""
    if not query.aliases:
        return index.score_groups(query.groups)
    base = index.score_groups(_plain_groups(query))
    found = [
        [(index.score([vocabulary.get(t, -1) for t in member]), member) for member in m.members]
        for m in query.aliases
    ]
    # the units some part scores, ascending: the sums run over them, not over every unit
    units = _union([base.units, *(f.units for m in found for f, _ in m)])
    total = np.zeros(len(units))
    total[np.searchsorted(units, base.units)] += base.scores
    for match, members in zip(query.aliases, found, strict=True):
        best = np.zeros(len(units))
        for scored, member in members:
            member_scores = np.zeros(len(units))
            scale = (match.end - match.start) / len(member)
            member_scores[np.searchsorted(units, scored.units)] = scored.scores * scale
            np.maximum(best, member_scores, out=best)
        total += best
    kept = np.flatnonzero(total)
    return ScoredUnits(units[kept].astype(np.int32), total[kept])


def _union(parts: list[np.ndarray]) -> np.ndarray:
    """The distinct units of ascending arrays, ascending (a merge of sorted runs: no hashing)."""
    units = np.sort(np.concatenate(parts), kind="stable")
    if len(units) < 2:
        return units
    keep = np.empty(len(units), dtype=bool)
    keep[0] = True
    np.not_equal(units[1:], units[:-1], out=keep[1:])
    return units[keep]


def bm25_scores_at(
    index: Bm25Index, query: Query, vocabulary: dict[str, int], units: np.ndarray
) -> np.ndarray:
    """bm25_scores at the given units only (ascending), the same sums in the same order, in
    time bounded by the units rather than by the postings."""
    if not query.aliases:
        return index.score_groups_at(query.groups, units)
    total = np.zeros(len(units))
    total += index.score_groups_at(_plain_groups(query), units)
    for match in query.aliases:
        best = np.zeros(len(units))
        for member in match.members:
            scale = (match.end - match.start) / len(member)
            scores = index.score_at([vocabulary.get(t, -1) for t in member], units) * scale
            np.maximum(best, scores, out=best)
        total += best
    return total


@dataclass
class Candidates:
    """The pool of passages to re-rank, with their BM25 and evidence shared by features."""

    passages: np.ndarray
    bm25: np.ndarray
    # every passage holding a question term, with its BM25 (for the neighbours feature)
    scored: ScoredUnits
    documents: np.ndarray
    _shared: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        """How many passages are in the pool."""
        return len(self.passages)

    def shared(self, name: str, compute: Callable[[], np.ndarray]) -> np.ndarray:
        """Evidence two features use, computed once per question."""
        found = self._shared.get(name)
        if found is None:
            found = self._shared[name] = compute()
        return found

    def ranked(self) -> list[tuple[int, float]]:
        """The pool in BM25 order, with BM25 scores."""
        return [(int(p), float(s)) for p, s in zip(self.passages, self.bm25, strict=True)]


def with_context(
    index: CollectionIndex, query: Query, scored: ScoredUnits, weight: float
) -> ScoredUnits:
    """Add `weight` times each scored passage's context-field BM25 (the "context" technique):
    only passages that hold a question word themselves gain it."""
    if not weight or not len(scored.units) or not len(index.corpus.context_ids):
        return scored
    around = index.context.score_groups(query.groups)
    if not len(around.units):
        return scored
    # the context's units are placed among the scored ones (fewer of them, mostly)
    at = np.minimum(np.searchsorted(scored.units, around.units), len(scored.units) - 1)
    held = scored.units[at] == around.units
    boost = np.zeros(len(scored.units))
    boost[at[held]] = around.scores[held]
    return ScoredUnits(scored.units, scored.scores + weight * boost)


def retrieve(
    index: CollectionIndex,
    query: Query,
    pool: int,
    context: float = 0.0,
    allowed: np.ndarray | None = None,
) -> Candidates:
    """The `pool` best passages by BM25, plus `context` times their context field's BM25
    (ties to the lower passage number); only those that `allowed` marks (a mask over
    passages: a source or date filter) when it is given."""
    scored = bm25_scores(index.passages, query, index.corpus.vocabulary)
    if allowed is not None:
        kept = allowed[scored.units]
        scored = ScoredUnits(scored.units[kept], scored.scores[kept])
    scored = with_context(index, query, scored, context)
    best: Sequence[tuple[int, float]] = top_k(scored, pool)
    passages = np.array([p for p, _ in best], dtype=np.int64)
    return Candidates(
        passages,
        np.array([s for _, s in best], dtype=np.float64),
        scored,
        index.passage_documents[passages],
    )
