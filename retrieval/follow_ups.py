"""Follow-ups that leave out their subject («ومتى حدث ذلك؟», «كم عددهم؟», «وأين؟»): telling
them from questions that name their own, and searching them in the previous answer's document
with the previous question's subject added at a low weight."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

import numpy as np

from retrieval.answer_types import QUESTION_TYPES
from retrieval.arrays import distinct
from retrieval.bm25 import ScoredUnits, top_k
from retrieval.candidates import Candidates, bm25_scores, with_context
from retrieval.collection_index import CollectionIndex
from retrieval.normalize import normalize
from retrieval.query import Query

# What a follow-up's BM25 gives the previous question's subject terms, beside its own terms.
SUBJECT_WEIGHT = 0.15
# A question pointing back («ذلك», «معه», «وأين») with at most this many distinct terms of its
# own lacks its subject; one with none or only one term is read so even unmarked («متى توفي؟»)
# when the previous answer's document holds that term.
MARKED_TERMS = 3
UNMARKED_TERMS = 1
# Words that point back to something named before.
DEMONSTRATIVES = frozenset(
    normalize(w).strip() for w in "ذلك ذاك تلك هذا هذه هذان هاتان هؤلاء أولئك ذلكم".split()
)
# Question words that a leading «و» ties to the previous question («ومتى»، «وأين»، «ولأي»).
QUESTION_WORDS = frozenset(QUESTION_TYPES) | {
    "ما", "ماذا", "لماذا", "كيف", "هل", "اي", "لاي", "باي", "لمن", "ممن", "ماهو", "ماهي",
}  # fmt: skip
# Verbs that only say something happened: in «ومتى حدث ذلك؟» the subject is what happened.
EVENT_VERBS = frozenset({"حدث", "جري", "حصل", "صار"})
# An attached pronoun («اخيه», «سكانها», «عددهم», «معه») on a word without the article.
_PRONOUN = re.compile(r"(?:ها|هما|هم|هن|ه)$")
_RAW_WORD = re.compile(r"[\u0621-\u064a]+")
_MARKS = re.compile(r"[\u064b-\u0652\u0640]")  # short vowels and the tatweel


@dataclass(frozen=True)
class FollowUp:
    """A follow-up's search: its own terms, the previous subject's, and the document to search."""

    query: Query  # the question with the subject's terms (weighted SUBJECT_WEIGHT) for stages after
    own: Query  # the question's own terms
    subject: Query  # the previous question's terms
    document: int

    def candidates(self, index: CollectionIndex, pool: int, context: float) -> Candidates:
        """The document's passages holding a term of either, by own BM25 plus SUBJECT_WEIGHT
        times the subject's."""
        vocabulary = index.corpus.vocabulary
        inside = index.passage_documents
        parts = []
        for query, weight in ((self.own, 1.0), (self.subject, SUBJECT_WEIGHT)):
            if not query.terms:
                continue
            scored = bm25_scores(index.passages, query, vocabulary)
            kept = inside[scored.units] == self.document
            scored = ScoredUnits(scored.units[kept], scored.scores[kept])
            scored = with_context(index, query, scored, context)
            parts.append((scored, weight))
        units = distinct(np.concatenate([s.units for s, _ in parts])) if parts else np.zeros(0)
        units = units.astype(np.int32)
        scores = np.zeros(len(units))
        for scored, weight in parts:
            scores[np.searchsorted(units, scored.units)] += weight * scored.scores
        scored = ScoredUnits(units, scores)
        best = top_k(scored, pool)
        passages = np.array([p for p, _ in best], dtype=np.int64)
        return Candidates(
            passages,
            np.array([s for _, s in best], dtype=np.float64),
            scored,
            inside[passages],
        )


def raw_words(question: str) -> list[str]:
    """The question's Arabic words as written, without short vowels (ة kept apart from ه)."""
    return _RAW_WORD.findall(_MARKS.sub("", question))


def points_back(question: str) -> bool:
    """Tell whether a question points back to something named before: a demonstrative, or an
    attached pronoun with no word of the question before it to stand for («كم عدد سكانها؟»,
    not «ما قبلة المسلمين في صلاتهم؟»)."""
    words = raw_words(question)
    if DEMONSTRATIVES.intersection(normalize(w) for w in words):
        return True
    for word in words[1:]:
        if word.startswith("ال") and len(word) > 3:
            return False  # a named thing the pronouns after it may stand for
        if len(word) >= 3 and _PRONOUN.search(word):
            return True
    return False


def _opening(question: str) -> tuple[str, bool]:
    """The question word the question opens with (or "") and whether «و» ties it on («ومتى»);
    «ماذا عن X؟» names its subject, X, and opens with none."""
    words = [normalize(w) for w in raw_words(question)]
    if not words or words[1:2] == ["عن"]:
        return "", False
    first = words[0]
    if first in QUESTION_WORDS:
        return first, False
    if first.startswith("و") and first[1:] in QUESTION_WORDS:
        return first[1:], True
    return "", False


def own_question(question: str) -> str:
    """The question's own words: without the «و» that ties it to the previous one («ومتى» →
    «متى», so its question word is read) and, when it points back, without the verbs that only
    say something happened («ومتى حدث ذلك؟» asks when the previous subject happened)."""
    words = raw_words(question)
    if not words:
        return question
    _, tied = _opening(question)
    if tied:
        words[0] = words[0][1:]
    if tied or points_back(question):
        words = [w for w in words if normalize(w) not in EVENT_VERBS]
    return " ".join(words) + "؟"


def lacks_subject(question: str, own_terms: int, definition: bool = False) -> bool | None:
    """True when a question lacks its subject: it points back with at most MARKED_TERMS terms
    of its own, or «و» ties its question word on with at most UNMARKED_TERMS («ومتى انشق؟»).
    None when it only opens with a question word and has at most UNMARKED_TERMS («متى توفي؟»):
    a follow-up if the previous answer's document holds them. False when it names its own
    subject (a definition «ما هو الأسد؟» or a bare name «داعش» included)."""
    if own_terms <= MARKED_TERMS and points_back(question):
        return True
    asked, tied = _opening(question)
    if own_terms > UNMARKED_TERMS or not asked or definition:
        return False
    return True if tied else None


def with_subject(own: Query, combined: Query) -> Query:
    """The combined question's Query with the subject-only terms weighted SUBJECT_WEIGHT and
    not named as missing («لا يذكر» names the asker's own words)."""
    extra = set(combined.terms) - set(own.terms)
    weights = {t: w * (SUBJECT_WEIGHT if t in extra else 1.0) for t, w in combined.weights.items()}
    highlights = dict(combined.highlights) | {t: weights[t] for t in weights}
    written = {t: w for t, w in combined.written.items() if t not in extra}
    return dataclasses.replace(
        combined,
        weights=weights,
        highlights=highlights,
        written=written,
        answer_type=own.answer_type,
        definition=own.definition,
        what_or_who=own.what_or_who,
    )
