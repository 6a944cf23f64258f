"""Exact BM25Okapi (rank_bm25's model) over compact numpy postings, scoring only candidates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

# Postings (all terms together) holding at least this share of the units are merged in arrays
# over every unit rather than sorted: faster for them, and the same sums.
DENSE_SHARE = 0.5


# Groups of terms whose merged postings hold at least MERGED_MIN units keep them, up to
# MERGED_UNITS units in all per index (about 6 MB), for the next questions.
MERGED_MIN = 2_000
MERGED_UNITS = 500_000


@dataclass(frozen=True)
class Bm25Params:
    """rank_bm25.BM25Okapi's parameters, with its defaults.

    positive_idf swaps Okapi's IDF for Lucene's log(1 + (N - n + 0.5) / (n + 0.5)), which never
    drops to zero or below: Dalil uses it only for its document-level evidence, where a handful
    of documents would otherwise give every shared word a zero or negative weight.
    """

    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25
    positive_idf: bool = False


@dataclass(frozen=True)
class ScoredUnits:
    """Units (passages or documents) that contain at least one query term, with scores."""

    units: np.ndarray
    scores: np.ndarray


def _postings(
    token_ids: np.ndarray, lengths: np.ndarray, vocab_size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return term-major postings (unit numbers), their term frequencies (in the smallest
    unsigned type that holds them) and term offsets.

    Written to allocate as little as it can: at start-up, fresh memory costs more to touch
    than the arithmetic done on it.
    """
    unit_count = max(len(lengths), 1)
    keys = np.multiply(token_ids, unit_count, dtype=np.int64)
    keys += np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    keys.sort()
    if not len(keys):
        empty = np.zeros(0, dtype=np.uint8)
        return np.zeros(0, dtype=np.int32), empty, np.zeros(vocab_size + 1, dtype=np.int64)
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    del first
    counts = np.empty(len(starts), dtype=np.int64)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(keys) - starts[-1]
    term_freqs = counts.astype(np.min_scalar_type(int(counts.max())))
    del counts
    distinct = keys[starts]
    del keys, starts
    bounds = np.arange(vocab_size + 1, dtype=np.int64)
    bounds *= unit_count
    offsets = np.searchsorted(distinct, bounds)
    np.remainder(distinct, unit_count, out=distinct)
    return distinct.astype(np.int32), term_freqs, offsets


def unit_norms(lengths: np.ndarray, avgdl: float, params: Bm25Params) -> np.ndarray:
    """k1 * (1 - b + b * dl / avgdl) of each unit: the part of a weight's denominator that
    depends on the unit only, computed in the order rank_bm25's formula is (zero when every
    unit is empty: no posting needs one)."""
    norms = lengths.astype(np.float64)
    if not avgdl:
        return norms
    norms *= params.b
    norms /= avgdl
    norms += 1 - params.b
    norms *= params.k1
    return norms


class Bm25Index:
    """Postings of term ids with their term frequencies; a BM25Okapi weight is computed from
    a posting's frequency and its unit's length when asked for, by the same operations in the
    same order as rank_bm25's formula, so scores equal rank_bm25's bit for bit.

    Read-only once built but for a bounded memo of merged groups (dict operations, atomic),
    so any number of threads may search it at once.
    """

    def __init__(
        self,
        token_ids: np.ndarray,
        lengths: np.ndarray,
        vocab_size: int,
        params: Bm25Params = Bm25Params(),
    ) -> None:
        """Index units whose term ids lie back to back in token_ids, lengths[i] tokens each."""
        lengths = np.asarray(lengths, dtype=np.int64)
        postings, term_freqs, offsets = _postings(token_ids, lengths, vocab_size)
        self._set_postings(postings, term_freqs, offsets, lengths, params)

    def _set_postings(
        self,
        postings: np.ndarray,
        term_freqs: np.ndarray,
        offsets: np.ndarray,
        lengths: np.ndarray,
        params: Bm25Params,
        idf: np.ndarray | None = None,
    ) -> None:
        """Take postings, their term frequencies, term offsets and unit lengths (and IDF when
        stored); derive document frequencies, IDF, avgdl and the units' norms."""
        self.params = params
        self._merged: dict[tuple[int, ...], tuple[np.ndarray, np.ndarray]] = {}
        self._merged_units = 0
        self.unit_count = len(lengths)
        self.lengths = lengths
        self.postings, self.term_freqs, self.offsets = postings, term_freqs, offsets
        self.doc_freqs = np.diff(self.offsets)
        self.idf = self._idf(self.doc_freqs) if idf is None else idf
        total = int(self.lengths.sum())
        self.avgdl = total / self.unit_count if self.unit_count else 0.0
        self.norms = unit_norms(self.lengths, self.avgdl, params)

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], params: Bm25Params) -> Bm25Index:
        """An index from the arrays of arrays() (memory-mapped files, say), built with params."""
        index = cls.__new__(cls)
        postings, offsets, lengths = arrays["postings"], arrays["offsets"], arrays["lengths"]
        index._set_postings(postings, arrays["tfs"], offsets, lengths, params, arrays["idf"])
        return index

    def arrays(self) -> dict[str, np.ndarray]:
        """What from_arrays needs: postings, their term frequencies, term offsets, unit
        lengths, IDF."""
        return {
            "postings": self.postings,
            "tfs": self.term_freqs,
            "offsets": self.offsets,
            "lengths": self.lengths,
            "idf": self.idf,
        }

    def _idf(self, doc_freqs: np.ndarray) -> np.ndarray:
        """IDF as rank_bm25 computes it, with its epsilon floor for terms in over half the units."""
        idf = np.zeros(len(doc_freqs), dtype=np.float64)
        present = doc_freqs > 0
        n = doc_freqs[present].astype(np.float64)
        if self.params.positive_idf:
            idf[present] = np.log1p((self.unit_count - n + 0.5) / (n + 0.5))
            return idf
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

    def units_of(self, term_id: int) -> np.ndarray:
        """Return the units containing a term (ascending)."""
        return self.postings[self.offsets[term_id] : self.offsets[term_id + 1]]

    def postings_of(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the units containing a term and the term's BM25 weight in each."""
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        postings = self.postings[start:end]
        return postings, self._weights(term_id, self.term_freqs[start:end], postings)

    def _weights(self, term_id: int, term_freqs: np.ndarray, units: np.ndarray) -> np.ndarray:
        """A term's weights at the given units, where it occurs term_freqs times: idf * (tf *
        (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))), rank_bm25's terms in its order."""
        tf = term_freqs.astype(np.float64)
        norms = np.take(self.norms, units)
        norms += tf
        tf *= self.params.k1 + 1
        tf /= norms
        tf *= self.idf[term_id]
        return tf

    def score(self, term_ids: Sequence[int]) -> ScoredUnits:
        """Score every unit holding a query term; a repeated term counts again, as in rank_bm25."""
        known = [t for t in term_ids if 0 <= t < len(self.idf) and self.doc_freqs[t] > 0]
        if not known:
            return ScoredUnits(np.zeros(0, dtype=np.int32), np.zeros(0))
        if len(known) == 1:
            return ScoredUnits(*self.postings_of(known[0]))
        return _accumulate([self.postings_of(t) for t in known], self.unit_count)

    def score_groups(self, groups: Sequence[Sequence[int]]) -> ScoredUnits:
        """Score units by groups of equivalent terms: each group counts its best term in a unit."""
        parts = []
        for group in groups:
            known = [t for t in group if 0 <= t < len(self.idf) and self.doc_freqs[t] > 0]
            if len(known) == 1:
                parts.append(self.postings_of(known[0]))
            elif known:
                parts.append(self._merged_group(known))
        if not parts:
            return ScoredUnits(np.zeros(0, dtype=np.int32), np.zeros(0))
        if len(parts) == 1:
            return ScoredUnits(*parts[0])
        return _accumulate(parts, self.unit_count)

    def _merged_group(self, known: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """Each unit's best weight over a group of terms (a term and its variants); a long
        merge is kept for the next questions (the common words' groups come back again and
        again), MERGED_UNITS units at most."""
        key = tuple(known)
        found = self._merged.get(key)
        if found is None:
            found = _best_per_unit([self.postings_of(t) for t in known], self.unit_count)
            size = len(found[0])
            if size >= MERGED_MIN:
                for array in found:
                    array.flags.writeable = False  # shared by the questions that reuse it
                if self._merged_units + size > MERGED_UNITS:
                    self._merged.clear()
                    self._merged_units = 0
                self._merged[key] = found
                self._merged_units += size
        return found

    def weights_at(self, term_id: int, units: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Whether each of the given units (ascending) holds a term, and its weight there."""
        start, end = self.offsets[term_id], self.offsets[term_id + 1]
        postings = self.postings[start:end]
        if not len(postings):
            return np.zeros(len(units), dtype=bool), np.zeros(len(units))
        found = np.minimum(np.searchsorted(postings, units), len(postings) - 1)
        held = postings[found] == units
        weights = self._weights(term_id, self.term_freqs[start:end][found], postings[found])
        return held, np.where(held, weights, 0.0)

    def score_at(self, term_ids: Sequence[int], units: np.ndarray) -> np.ndarray:
        """score(term_ids) at the given units only (zero where no term occurs), the same sums
        in the same order, in time bounded by the units and not by the postings."""
        total = np.zeros(len(units))
        for term_id in term_ids:
            if 0 <= term_id < len(self.idf) and self.doc_freqs[term_id] > 0:
                total += self.weights_at(term_id, units)[1]
        return total

    def score_groups_at(self, groups: Sequence[Sequence[int]], units: np.ndarray) -> np.ndarray:
        """score_groups(groups) at the given units only (see score_at)."""
        total = np.zeros(len(units))
        for group in groups:
            known = [t for t in group if 0 <= t < len(self.idf) and self.doc_freqs[t] > 0]
            best = np.full(len(units), -np.inf)
            for term_id in known:
                held, weights = self.weights_at(term_id, units)
                best = np.where(held, np.maximum(best, weights), best)
            if known:
                total += np.where(np.isfinite(best), best, 0.0)
        return total

    def full_scores(self, term_ids: Sequence[int]) -> np.ndarray:
        """Return the score of every unit (zero where no term occurs)."""
        scores = np.zeros(self.unit_count)
        scored = self.score(term_ids)
        scores[scored.units] = scored.scores
        return scores


def _dense(parts: list[tuple[np.ndarray, np.ndarray]], unit_count: int) -> bool:
    """Tell whether postings this long are merged faster in arrays over every unit than by
    sorting them (DENSE_SHARE)."""
    return sum(len(u) for u, _ in parts) >= DENSE_SHARE * unit_count


def _best_per_unit(
    parts: list[tuple[np.ndarray, np.ndarray]], unit_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """Merge postings (each unit at most once in each), keeping each unit's highest weight
    (units ascending)."""
    if _dense(parts, unit_count):
        best, held = np.zeros(unit_count), np.zeros(unit_count, dtype=bool)
        for units, weights in parts:
            best[units] = np.where(held[units], np.maximum(best[units], weights), weights)
            held[units] = True
        kept = np.flatnonzero(held)
        return kept.astype(parts[0][0].dtype), best[kept]
    units = np.concatenate([u for u, _ in parts])
    weights = np.concatenate([w for _, w in parts])
    order = np.argsort(units, kind="stable")
    units, weights = units[order], weights[order]
    first = np.empty(len(units), dtype=bool)
    first[0] = True
    np.not_equal(units[1:], units[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return units[starts], np.maximum.reduceat(weights, starts)


def _accumulate(parts: list[tuple[np.ndarray, np.ndarray]], unit_count: int) -> ScoredUnits:
    """Sum the weights of each unit over the terms' postings (each unit at most once in each),
    term after term in query order.

    Both ways keep each unit's weights in query order, so every sum is 0 + w1 + w2 + ..., the
    very additions rank_bm25's get_scores makes: long postings are added term after term into
    an array over every unit; shorter ones are sorted as (unit, position) keys.
    """
    if _dense(parts, unit_count):
        sums, held = np.zeros(unit_count), np.zeros(unit_count, dtype=bool)
        for units, weights in parts:
            sums[units] += weights
            held[units] = True
        kept = np.flatnonzero(held)
        return ScoredUnits(kept, sums[kept])
    units = np.concatenate([u for u, _ in parts])
    weights = np.concatenate([w for _, w in parts])
    bits = len(units).bit_length()
    keys = units.astype(np.int64)
    keys <<= bits
    keys |= np.arange(len(units))
    keys.sort(kind="stable")  # the keys are distinct; runs of sorted postings: merged, fast
    order = keys & ((1 << bits) - 1)
    keys >>= bits
    first = np.empty(len(keys), dtype=bool)
    first[0] = True
    np.not_equal(keys[1:], keys[:-1], out=first[1:])
    sums = np.bincount(np.cumsum(first) - 1, weights=weights[order])
    return ScoredUnits(np.compress(first, keys), sums)


def top_k(scored: ScoredUnits, k: int) -> list[tuple[int, float]]:
    """Return the k best (unit, score) pairs, best first; ties go to the lower unit number."""
    if k <= 0 or not len(scored.units):
        return []
    scores, units = scored.scores, scored.units
    if len(units) > k:
        # keep every unit tied with the k-th score, so the tie-break below decides who stays
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        chosen = np.flatnonzero(scores >= kth)
        scores, units = scores[chosen], units[chosen]
    order = np.lexsort((units, -scores))[:k]
    return [(int(units[i]), float(scores[i])) for i in order]
