"""How sure an answer is: the evidence about the first passage, and the reply it earns.

A reply is offered one of three ways (Offer): as the *answer* (the first passage answers), as
*related* passages (the collection speaks of the subject, the detail asked is not found), or
*none* (nothing relevant). The evidence (`evidence`) is a handful of numbers about the first
passage; a logistic model fitted by bench/fit_confidence.py on the development questions
(retrieval/confidence_model.py, grouped cross-validation by article) turns it into a
probability that the question is answered, and two thresholds turn that into an Offer.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from retrieval.answer_types import has_answer_type
from retrieval.collection import matched_terms
from retrieval.results import Hit, Offer
from retrieval.word_forms import same_word

if TYPE_CHECKING:
    from retrieval.query import Query
    from retrieval.search import Searcher


# The evidence, in the order of the model's weights.
EVIDENCE = (
    "coverage",  # share of the question's IDF weight the first passage holds (in some form)
    "detail_coverage",  # the same over the question's rarer half of terms (its detail)
    "missing_weight",  # weight share of the heaviest question term the passage lacks
    "document_coverage",  # share of the weight held anywhere in the first passage's document
    "unknown_weight",  # weight share of the terms the collection lacks in every form
    "answer_type",  # 1 when the passage holds the kind of answer asked for (or none is asked)
    # the first passage's fused score less the second's, over the first's (0 when no other
    # passage matches: a lone match of one common word is no sign of a clear answer)
    "margin",
    "single",  # 1 when the passage holds only one of several question terms
    "terms",  # log of the number of distinct question terms
    "focus",  # 1 when the passage holds the question's first term, the thing asked (some form)
    "focus_document",  # 1 when the passage's document holds it
    "window",  # share of the question's terms found together within WINDOW words of the passage
    # 1 when the focus is a noun asked for («ما اسم زوجة…», «كم عمر…») the passage lacks in
    # every form
    "noun_focus_absent",
    # 1 when the kind of answer asked for stands within NEAR_CHARS of a form of the focus
    # («23 جنديا» for «كم جنديا…»), or when none is asked
    "type_next_to_focus",
    # weight share of the question's neighbouring term pairs that stand within NEAR words of
    # each other in the passage («محيط» and «العالم» apart in «أكبر تلسكوب في العالم … المحيط»)
    "pairs_near",
)
WINDOW = 8
NEAR = 3
NEAR_CHARS = 15
# Words that only lead to the thing asked («ما اسم زوجة …»: the focus is «زوجة»).
_LEADING = frozenset({"اسم", "اسماء"})
# Skipped before the focus («كم كان طول…»).
_BEING = frozenset({"كان", "كانت", "يكون", "تكون"})
# A word right after one of these is a noun asked for («ما عاصمة…», «كم عمر…», «من هو مدير…»),
# not a verb («متى ولد…»), whose answer would hold a form of it.
_BEFORE_A_NOUN = frozenset({"ما", "ماهو", "ماهي", "هو", "هي", "كم", "اسم", "اسماء", "اي", "عدد"})


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic weights over EVIDENCE and the thresholds of the three offers."""

    weights: tuple[float, ...]
    bias: float
    answer_at: float
    # below this probability a passage the coverage rule finds too weak is not offered at all
    none_below: float

    def probability(self, evidence: np.ndarray) -> float:
        """The probability that the first passage answers."""
        z = float(np.dot(self.weights, evidence)) + self.bias
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))

    def offer(self, probability: float, weak: bool) -> Offer:
        """The offer a probability earns (`weak`: the coverage rule would not cite the passage)."""
        if probability >= self.answer_at and not weak:
            return Offer.ANSWER
        if weak and probability < self.none_below:
            return Offer.NONE
        return Offer.RELATED


def evidence(searcher: Searcher, query: Query, hits: tuple[Hit, ...]) -> np.ndarray:
    """The EVIDENCE numbers about the first of `hits` for a parsed question."""
    corpus, lexicon = searcher.corpus, searcher.lexicon
    first = hits[0]
    distinct = list(dict.fromkeys(query.terms))
    weights = query.weights
    total = sum(weights[t] for t in distinct) or 1.0
    held = set(matched_terms(corpus, query, first.passage_index))
    covered = sum(weights[t] for t in held) / total
    ordered = sorted(distinct, key=lambda t: weights[t], reverse=True)
    detail = ordered[: max(1, (len(ordered) + 1) // 2)]
    detail_total = sum(weights[t] for t in detail) or 1.0
    detail_coverage = sum(weights[t] for t in detail if t in held) / detail_total
    missing = max((weights[t] for t in distinct if t not in held), default=0.0) / total
    collection = searcher.collection
    document = int(collection.passage_documents[first.passage_index])
    # the document's passages run back to back: its terms are one slice of the token ids
    begin, end = collection.document_starts[document], collection.document_starts[document + 1]
    present = set(corpus.token_ids[corpus.offsets[begin] : corpus.offsets[end]].tolist())
    vocabulary = corpus.vocabulary
    in_document = held | {
        t for t in distinct if any(vocabulary.get(f, -1) in present for f in query.forms[t])
    }
    document_coverage = sum(weights[t] for t in in_document) / total
    unknown = sum(weights[t] for t in distinct if not lexicon.is_known(t)) / total
    wanted = query.answer_type
    typed = 1.0 if wanted is None else float(has_answer_type(first.passage_text, wanted))
    lone = len(hits) < 2 or first.score <= 0
    margin = 0.0 if lone else (first.score - hits[1].score) / first.score
    single = float(len(held) <= 1 < len(distinct))
    focus = next((t for t in distinct if t not in _LEADING), distinct[0])
    passage_terms = corpus.distinct_terms(first.passage_index)
    focus_held = float(focus in held or same_word(focus, passage_terms))
    focus_document = float(focus_held or focus in in_document)
    positions = _term_positions(searcher, query, distinct, first.passage_index)
    window = _window_share(positions, len(distinct))
    words = searcher.analyzer.words(query.text)
    focus_word = searcher.analyzer.words(query.written.get(focus, ""))[:1]
    at_word = words.index(focus_word[0]) if focus_word and focus_word[0] in words else -1
    before = [w for w in words[:at_word] if w not in _BEING] if at_word > 0 else []
    noun_focus = bool(before) and before[-1] in _BEFORE_A_NOUN
    return np.array(
        [
            covered,
            detail_coverage,
            missing,
            document_coverage,
            unknown,
            typed,
            margin,
            single,
            math.log(len(distinct)),
            focus_held,
            focus_document,
            window,
            float(noun_focus and not focus_held),
            _type_near(searcher, query, focus, first.passage_text, wanted),
            _pairs_near(positions, distinct, weights),
        ]
    )


def _type_near(
    searcher: Searcher, query: Query, focus: str, text: str, wanted: str | None
) -> float:
    """1 when the kind of answer asked for stands within NEAR_CHARS of a form of the focus in
    the passage (or when none is asked)."""
    if wanted is None:
        return 1.0
    forms = query.forms.get(focus, frozenset({focus}))
    for span in searcher.analyzer.spans(text, forms):
        if span.term in forms:
            around = text[max(0, span.start - NEAR_CHARS) : span.end + NEAR_CHARS]
            if has_answer_type(around, wanted):
                return 1.0
    return 0.0


def _pairs_near(
    positions: dict[int, list[int]], terms: list[str], weights: Mapping[str, float]
) -> float:
    """The weight share of the neighbouring pairs of question terms (in the question's order,
    words leading to the focus aside) that stand within NEAR words of each other in the passage
    (1 for a question of one term)."""
    kept = [i for i, t in enumerate(terms) if t not in _LEADING]
    pairs = list(itertools.pairwise(kept))
    if not pairs:
        return 1.0
    near = 0.0
    for i, j in pairs:
        if any(0 < abs(a - b) <= NEAR for a in positions.get(i, []) for b in positions.get(j, [])):
            near += weights[terms[i]] + weights[terms[j]]
    return near / (sum(weights[terms[i]] + weights[terms[j]] for i, j in pairs) or 1.0)


def _term_positions(
    searcher: Searcher, query: Query, terms: list[str], passage: int
) -> dict[int, list[int]]:
    """Where in a passage each question term (index into `terms`) stands, in any of its forms."""
    vocabulary = searcher.corpus.vocabulary
    owner: dict[int, int] = {}
    for i, term in enumerate(terms):
        for form in query.forms[term]:
            if form in vocabulary:
                owner.setdefault(vocabulary[form], i)
    positions: dict[int, list[int]] = {}
    for place, term_id in enumerate(searcher.corpus.passage_terms(passage).tolist()):
        if term_id in owner:
            positions.setdefault(owner[term_id], []).append(place)
    return positions


def _window_share(positions: dict[int, list[int]], count: int) -> float:
    """The largest share of the question's terms inside one window of WINDOW positions."""
    found = sorted((p, t) for t, places in positions.items() for p in places)
    best, start = 0, 0
    for end in range(len(found)):
        while found[end][0] - found[start][0] >= WINDOW:
            start += 1
        best = max(best, len({t for _, t in found[start : end + 1]}))
    return best / count if count else 0.0
