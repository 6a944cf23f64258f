"""The registry of ranking techniques: each one's name, stage, and (for features) its function.

Stages run in this order: "query" techniques shape the Query (word forms, repairs, aliases),
"candidates" ones add to the BM25 that chooses the pool (a passage's context field), "feature"
techniques add weighted evidence in fusion (in registry order), "collection" ones
choose which ranked passages to show, "excerpt" ones choose the window shown. Plain BM25 is the
empty set of techniques (settings.PLAIN_BM25); the default is all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval import features

if TYPE_CHECKING:
    import numpy as np

    from retrieval.candidates import Candidates
    from retrieval.collection_index import CollectionIndex
    from retrieval.query import Query
    from retrieval.settings import SearchSettings

    Feature = Callable[[CollectionIndex, Query, Candidates, SearchSettings], np.ndarray]


def always(query: Query) -> bool:
    """A feature that applies to every question."""
    return True


@dataclass(frozen=True)
class Technique:
    """One technique: its registry name, stage, what it does, and for a feature its function
    and when it applies to a question."""

    name: str
    stage: str
    summary: str
    score: Feature | None = None
    applies: Callable[[Query], bool] = always


def _feature(name: str, summary: str, applies: Callable[[Query], bool] = always) -> Technique:
    """A feature technique whose function is features.<name>."""
    return Technique(name, "feature", summary, getattr(features, name), applies)


TECHNIQUES: tuple[Technique, ...] = (
    Technique("clitic_variants", "query", "a word with or without ب ل ك ف و, ي/ت swapped"),
    Technique("taa_variants", "query", "a stem with or without a final ت (عاصمتها / عاصمة)"),
    Technique("verb_variants", "query", "the other verb tense (يتزوج / تزوج)"),
    Technique("masdar_variants", "query", "a verb and its تفعلة noun (كلفت / تكلفة)"),
    Technique("plural_variants", "query", "broken plural and singular (مناهج / منهج)"),
    Technique("ending_variants", "query", "a past verb's plural وا (قتلوا / قتل)"),
    Technique(
        "article_variants",
        "query",
        "a stem with the article light8 left on another form (بكاليفورنيا / يفورنيا)",
    ),
    Technique("typo_variants", "query", "an unknown word's one-slip and sound-alike forms"),
    Technique("weigh_as_variant", "query", "an unknown word weighs as its best variant"),
    Technique("repair_unknown_words", "query", "unknown words repaired (run-together, slips)"),
    Technique("question_phrasing", "query", "words that only phrase a request dropped"),
    Technique("place_descriptors", "query", "«مدينة» before a listed place dropped (مدينة الخبر)"),
    Technique("aliases", "query", "equivalent names of aliases.txt score as one"),
    Technique(
        "context", "candidates", "the passage's title, heading and paragraph lead, low-weight"
    ),
    _feature(
        "follow_up",
        "a follow-up stays with the previous answer's document",
        lambda q: q.previous_document is not None,
    ),
    _feature("document", "the document's BM25"),
    _feature("neighbours", "the BM25 of the passages around"),
    _feature("within_document", "words rare inside the document"),
    _feature("proximity", "the question's words close together and in order"),
    _feature(
        "answer_type", "holds what the question asks for", lambda q: q.answer_type is not None
    ),
    _feature("title", "the document's title names the question"),
    _feature("lead", "an article's first passage", lambda q: q.definition or q.what_or_who),
    _feature("defines", "a sentence defining a question word", lambda q: q.definition),
    _feature("exact_forms", "the question's words in the very form asked", lambda q: bool(q.exact)),
    Technique("merge_repeats", "collection", "near-repeats of a shown passage merged"),
    Technique(
        "whole_paragraphs", "collection", "a cited piece of a long paragraph cites the paragraph"
    ),
    Technique("title_words_in_excerpts", "excerpt", "title words count less for the window"),
)
FEATURES: tuple[Technique, ...] = tuple(t for t in TECHNIQUES if t.stage == "feature")
