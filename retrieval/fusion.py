"""Second stage: add each feature's weighted evidence to the candidates' scaled BM25."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from retrieval.candidates import Candidates
from retrieval.collection_index import CollectionIndex
from retrieval.query import Query
from retrieval.rerank import contains_phrase, normalized
from retrieval.techniques import FEATURES, Technique

if TYPE_CHECKING:
    from retrieval.settings import SearchSettings


def evidence(
    index: CollectionIndex,
    query: Query,
    found: Candidates,
    settings: SearchSettings,
    features: tuple[Technique, ...] = FEATURES,
) -> dict[str, np.ndarray]:
    """Each feature's evidence for the candidates (zeros where it does not apply)."""
    return {
        f.name: (
            np.asarray(f.score(index, query, found, settings), dtype=np.float64)
            if f.applies(query) and f.score
            else np.zeros(len(found))
        )
        for f in features
    }


def fused(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> list[tuple[int, float]]:
    """The candidates best first by scaled BM25 plus weighted evidence (ties to the lower
    passage number); those lacking a quoted phrase are dropped. With no feature on, the
    candidates keep their BM25 order and scores."""
    used = tuple(f for f in FEATURES if settings.weight(f.name))
    if not len(found) or (not query.phrases and not used):
        return found.ranked()
    final = normalized(found.bm25)
    for name, values in evidence(index, query, found, settings, used).items():
        final += settings.weight(name) * values
    order = np.lexsort((found.passages, -final))
    ranked = [(int(found.passages[i]), float(final[i])) for i in order]
    if query.phrases:
        terms = index.corpus.passage_terms
        ranked = [
            (p, s) for p, s in ranked if all(contains_phrase(terms(p), q) for q in query.phrases)
        ]
    return ranked
