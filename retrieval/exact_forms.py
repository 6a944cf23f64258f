"""The exact-form field: each word is indexed as its light stem (the BM25 field) and matched again
in its exact, normalized form, so a passage holding the very word asked scores above one that
holds only a word of the same stem (as Elasticsearch users do with a multi-field)."""

from __future__ import annotations

from collections.abc import Sequence


def exact_share(question: Sequence[tuple[str, float]], passage_words: frozenset[str]) -> float:
    """Share of the question's weight whose words (exact form, weight) the passage holds as they
    are written (0 when the question has no weight)."""
    total = sum(weight for _, weight in question)
    if total <= 0:
        return 0.0
    return sum(weight for word, weight in question if word in passage_words) / total
