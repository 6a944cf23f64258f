"""Which techniques a searcher uses and with what weights: the default, and plain BM25."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from retrieval import fitted
from retrieval.bm25 import Bm25Params
from retrieval.stopwords import QUESTION_PHRASING

# A word found nowhere in the corpus weighs UNKNOWN_WEIGHT times the rarest word, so a question
# about something the collection never mentions is not answered with noise.
UNKNOWN_WEIGHT = 2.0
DEFAULT_BM25 = Bm25Params()


def _fitted_weights() -> Mapping[str, float]:
    """The committed fusion weights, read-only."""
    return MappingProxyType(dict(fitted.WEIGHTS))


@dataclass(frozen=True)
class SearchSettings:
    """The techniques in use (by registry name), the fusion weights and the thresholds.

    Abstention (see collection.too_weak): the best passage carries less than min_coverage of
    the question's IDF weight, or it shares only one of several question words and carries less
    than single_word_coverage (known_single_word_coverage when the collection knows every
    question word in some form: the question is about what it holds, phrased otherwise).
    """

    techniques: frozenset[str] = frozenset(fitted.TECHNIQUES)
    weights: Mapping[str, float] = field(default_factory=_fitted_weights)
    min_coverage: float = fitted.THRESHOLDS["min_coverage"]
    single_word_coverage: float = fitted.THRESHOLDS["single_word_coverage"]
    known_single_word_coverage: float = fitted.THRESHOLDS["known_single_word_coverage"]
    unknown_weight: float = UNKNOWN_WEIGHT
    # the share of within_document kept in a document whose title names too little of the
    # question (features.ABOUT_THE_QUESTION)
    within_untitled: float = 0.5
    # how much a word of the document's title counts when choosing the excerpt window
    title_share_in_excerpts: float = 0.25
    pool: int = 60
    # a cited piece of a long paragraph shows the whole paragraph when it is at most this long
    # (the "whole_paragraphs" technique; retrieval/paragraphs.py). Of the caps 900, 1200, 1500
    # and 1800, 1500 had the best arcd-train hit@1 within mean_chars ≤ 650 but probes/arcd then
    # averaged 651 characters: 1200 keeps a margin on collections of longer paragraphs
    # (arcd-train 0.8485 against 0.8519, mean 572 / 594 characters; docs/quality.md)
    paragraph_chars: int = 1200
    bm25: Bm25Params = DEFAULT_BM25
    question_phrasing: frozenset[str] = QUESTION_PHRASING
    variants_as_one: bool = True

    def uses(self, technique: str) -> bool:
        """Tell whether a technique is on."""
        return technique in self.techniques

    def weight(self, feature: str) -> float:
        """A feature's fusion weight (0 when the feature is off)."""
        return self.weights.get(feature, 0.0) if feature in self.techniques else 0.0

    def plus(self, *names: str, **weights: float) -> SearchSettings:
        """These settings with more techniques on (and, for features, these weights)."""
        merged = MappingProxyType({**self.weights, **weights})
        techniques = self.techniques | set(names) | set(weights)
        return dataclasses.replace(self, techniques=frozenset(techniques), weights=merged)

    def minus(self, *names: str) -> SearchSettings:
        """These settings with techniques off."""
        return dataclasses.replace(self, techniques=self.techniques - set(names))


# Plain BM25 with Dalil's analyzer and "no answer" rule: the empty set of techniques, so a
# technique added to the registry (and to the default by bench/fit.py) is off here by
# construction.
PLAIN_BM25 = SearchSettings(techniques=frozenset())
