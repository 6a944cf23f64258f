"""What a search returns: the cited passages (Hit), the answer (Answer) and why one abstains."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from retrieval.corpus import DocumentInfo
from retrieval.excerpts import Excerpt
from retrieval.filters import EVERYWHERE, SearchScope


class Abstention(StrEnum):
    """Why an answer cites nothing (compares equal to its value, e.g. "weak_match")."""

    NONE = ""
    NO_TERMS = "no_terms"  # the question has no word to search for
    NO_MATCH = "no_match"  # no passage holds any question word
    WEAK_MATCH = "weak_match"  # the best passage carries too little of the question


class Offer(StrEnum):
    """How a reply is offered (the `answer` field of `dalil eval --run-out`)."""

    ANSWER = "answer"  # the first passage answers
    RELATED = "related"  # passages about the subject; the detail asked is not found
    NONE = "none"  # nothing relevant


@dataclass(frozen=True)
class Hit:
    """One cited passage: where it comes from, what to show, which words matched, its score."""

    rank: int
    document: DocumentInfo
    passage_index: int
    passage_number: int
    passage_text: str
    excerpt: Excerpt
    matched_terms: tuple[str, ...]
    score: float
    # the question's words, as the asker wrote them, that the passage holds in no form
    missing_words: tuple[str, ...] = ()
    # the other sources that published the same story (their publisher names)
    also_in: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """The result of a question: hits best first, or an abstention with its reason."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    abstained: bool
    reason: Abstention
    index_version: int
    offset: int = 0
    has_more: bool = False
    # the previous answer decided the first hit: the follow_up lift, or a follow-up lacking its
    # subject searched in that answer's document (retrieval.follow_ups)
    followed_up: bool = False
    # the sources and dates searched (SearchScope), as the question or command narrowed them,
    # and the same in words for people («في عكاظ، أغسطس 2015»)
    scope: SearchScope = EVERYWHERE
    scope_label: str = ""
    # how the reply is offered (retrieval.offering decides; search alone answers or abstains)
    offer: Offer = Offer.ANSWER
    # the subject a follow-up to this answer takes: the question, or the subject it inherited
    subject: str = ""
