"""Helpers of the ranking features: scaling, word proximity, quoted phrases."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np


def normalized(scores: np.ndarray) -> np.ndarray:
    """Scale scores so the best one is 1 (all zeros stay zero)."""
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


# A passage's hits of the question: the positions of its terms that are question terms, and
# those terms (in passage order).
Hits = tuple[Sequence[int], Sequence[int]]


def question_hits(passage_terms: np.ndarray, query_ids: Sequence[int]) -> Hits:
    """Where in a passage the question's terms stand (ids below zero stand for none)."""
    wanted = {t for t in query_ids if t >= 0}
    found = [(i, t) for i, t in enumerate(passage_terms.tolist()) if t in wanted]
    return [i for i, _ in found], [t for _, t in found]


def bigram_share(passage_terms: np.ndarray, query_ids: Sequence[int]) -> float:
    """Share of the question's adjacent term pairs that stand next to each other in the passage."""
    return bigram_share_of(question_hits(passage_terms, query_ids), query_ids)


def bigram_share_of(hits: Hits, query_ids: Sequence[int]) -> float:
    """bigram_share from the passage's question hits."""
    pairs = {(a, b) for a, b in itertools.pairwise(query_ids) if a >= 0 and b >= 0}
    if not pairs:
        return 0.0
    places, terms = hits
    found = {
        (terms[k], terms[k + 1])
        for k in range(len(places) - 1)
        if places[k + 1] == places[k] + 1 and (terms[k], terms[k + 1]) in pairs
    }
    return len(found) / len(pairs)


def window_share(passage_terms: np.ndarray, query_ids: Sequence[int], width: int = 8) -> float:
    """Share of distinct question terms found together inside the best window of `width` terms."""
    return window_share_of(question_hits(passage_terms, query_ids), query_ids, width)


def window_share_of(hits: Hits, query_ids: Sequence[int], width: int = 8) -> float:
    """window_share from the passage's question hits."""
    wanted = {t for t in query_ids if t >= 0}
    if not wanted:
        return 0.0
    places, terms = hits
    best, start = 0, 0
    for end in range(len(places)):
        while places[end] - places[start] >= width:
            start += 1
        best = max(best, len(set(terms[start : end + 1])))
    return best / len(wanted)


def contains_phrase(passage_terms: np.ndarray, phrase_ids: Sequence[int]) -> bool:
    """Tell whether the phrase's terms occur back to back, in order, in the passage."""
    n = len(phrase_ids)
    if n == 0 or any(t < 0 for t in phrase_ids):
        return n == 0
    terms = passage_terms.tolist()
    first = phrase_ids[0]
    return any(
        terms[i : i + n] == list(phrase_ids) for i in range(len(terms) - n + 1) if terms[i] == first
    )
