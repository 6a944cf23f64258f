"""Helpers of the ranking features: scaling, word proximity, quoted phrases."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np


def normalized(scores: np.ndarray) -> np.ndarray:
    """Scale scores so the best one is 1 (all zeros stay zero)."""
    top = float(scores.max()) if len(scores) else 0.0
    return scores / top if top > 0 else np.zeros_like(scores)


def bigram_share(passage_terms: np.ndarray, query_ids: Sequence[int]) -> float:
    """Share of the question's adjacent term pairs that stand next to each other in the passage."""
    pairs = {(a, b) for a, b in itertools.pairwise(query_ids) if a >= 0 and b >= 0}
    if not pairs or len(passage_terms) < 2:
        return 0.0
    wanted = set(query_ids)
    terms = passage_terms.tolist()
    found = set()
    for left, right in itertools.pairwise(terms):
        if left in wanted and (left, right) in pairs:
            found.add((left, right))
    return len(found) / len(pairs)


def window_share(passage_terms: np.ndarray, query_ids: Sequence[int], width: int = 8) -> float:
    """Share of distinct question terms found together inside the best window of `width` terms."""
    wanted = {t for t in query_ids if t >= 0}
    if not wanted:
        return 0.0
    positions = [(i, t) for i, t in enumerate(passage_terms.tolist()) if t in wanted]
    best, start = 0, 0
    for end in range(len(positions)):
        while positions[end][0] - positions[start][0] >= width:
            start += 1
        best = max(best, len({t for _, t in positions[start : end + 1]}))
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
