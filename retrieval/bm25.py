"""Exact BM25Okapi (rank_bm25's model) over compact numpy postings, scoring only candidates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Bm25Params:
    """rank_bm25.BM25Okapi's parameters, with its defaults."""

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25


@dataclass(frozen=True)
class ScoredUnits:
    """Units (passages or documents) that contain at least one query term, with scores."""

    units: np.ndarray
    scores: np.ndarray


class Bm25Index:
    """Postings of term ids with precomputed BM25Okapi term weights; equal to rank_bm25's scores."""

    def __init__(
        self,
        token_ids: np.ndarray,
        lengths: np.ndarray,
        vocab_size: int,
        params: Bm25Params = Bm25Params(),
    ) -> None:
        """Index units whose term ids lie back to back in token_ids, lengths[i] tokens each."""
        self.params = params
        self.unit_count = len(lengths)
        self.lengths = np.asarray(lengths, dtype=np.int64)
        units_of_tokens = np.repeat(np.arange(self.unit_count, dtype=np.int64), self.lengths)
        keys = np.asarray(token_ids, dtype=np.int64) * max(self.unit_count, 1) + units_of_tokens
        keys, term_freqs = np.unique(keys, return_counts=True)
        terms = keys // max(self.unit_count, 1)
        self.postings = (keys % max(self.unit_count, 1)).astype(np.int32)
        doc_freqs = np.bincount(terms, minlength=vocab_size).astype(np.int64)
        self.offsets = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(doc_freqs, out=self.offsets[1:])
        self.doc_freqs = doc_freqs
        self.idf = self._idf(doc_freqs)
        total = int(self.lengths.sum())
        self.avgdl = total / self.unit_count if self.unit_count else 0.0
        k1, b = params.k1, params.b
        lengths_of_postings = self.lengths[self.postings].astype(np.float64)
        tf = term_freqs.astype(np.float64)
        self.impacts = tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths_of_postings / self.avgdl))

    def _idf(self, doc_freqs: np.ndarray) -> np.ndarray:
        """IDF as rank_bm25 computes it, with its epsilon floor for terms in over half the units."""
        idf = np.zeros(len(doc_freqs), dtype=np.float64)
        present = doc_freqs > 0
        n = doc_freqs[present].astype(np.float64)
        values = np.log(self.unit_count - n + 0.5) - np.log(n + 0.5)
        if len(values):
            floor = self.params.epsilon * (values.sum() / len(values))
            values = np.where(values < 0, floor, values)
        idf[present] = values
        return idf

    def max_idf(self) -> float:
        """IDF a term would have if it occurred in one unit (used for unknown words)."""
        n = self.unit_count
        return float(np.log(n - 1 + 0.5) - np.log(1.5)) if n > 1 else 1.0

    def postings_of(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the units containing a term and the term's BM25 weight in each."""
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        return self.postings[start:end], self.impacts[start:end] * self.idf[term_id]

    def score(self, term_ids: Sequence[int]) -> ScoredUnits:
        """Score every unit holding a query term; a repeated term counts again, as in rank_bm25."""
        known = [t for t in term_ids if 0 <= t < len(self.idf) and self.doc_freqs[t] > 0]
        if not known:
            return ScoredUnits(np.zeros(0, dtype=np.int32), np.zeros(0))
        if len(known) == 1:
            units, weights = self.postings_of(known[0])
            return ScoredUnits(units, weights)
        parts = [self.postings_of(t) for t in known]
        units = np.concatenate([p for p, _ in parts])
        weights = np.concatenate([w for _, w in parts])
        candidates, inverse = np.unique(units, return_inverse=True)
        return ScoredUnits(candidates, np.bincount(inverse, weights=weights))

    def full_scores(self, term_ids: Sequence[int]) -> np.ndarray:
        """Return the score of every unit (zero where no term occurs)."""
        scores = np.zeros(self.unit_count)
        scored = self.score(term_ids)
        scores[scored.units] = scored.scores
        return scores


def top_k(scored: ScoredUnits, k: int) -> list[tuple[int, float]]:
    """Return the k best (unit, score) pairs, best first; ties go to the lower unit number."""
    if k <= 0 or not len(scored.units):
        return []
    scores, units = scored.scores, scored.units
    if len(units) > k:
        # keep every unit tied with the k-th score, so the tie-break below decides who stays
        kth = -np.partition(-scores, k - 1)[k - 1]
        chosen = scores >= kth
        scores, units = scores[chosen], units[chosen]
    order = np.lexsort((units, -scores))[:k]
    return [(int(units[i]), float(scores[i])) for i in order]
