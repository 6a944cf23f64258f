"""Offer a reply one of three ways (retrieval.confidence.Offer), and show only strong excerpts."""

from __future__ import annotations

import dataclasses

import numpy as np

from retrieval.broad import broad_subject
from retrieval.collection import coverage, matched_terms, too_weak
from retrieval.confidence import ConfidenceModel, evidence
from retrieval.confidence_model import MODEL
from retrieval.filters import EVERYWHERE, SearchScope
from retrieval.follow_ups import FollowUp, lacks_subject, own_question, with_subject
from retrieval.query import Query
from retrieval.results import Abstention, Answer, Hit, Offer
from retrieval.search import Searcher

# An excerpt after the first is shown only when its passage holds at least this share of the
# question's weight that the first one holds.
FEWER_SHARE = 0.25
# A question with this many distinct terms of its own names its subject: it is answered alone.
SELF_CONTAINED = 5
# A broad question over dated documents (an archive) looks at this many times top_k passages
# about its subject and shows the latest.
LATEST_POOL = 4


def offered(
    searcher: Searcher,
    question: str,
    top_k: int = 3,
    offset: int = 0,
    after: str | None = None,
    model: ConfidenceModel = MODEL,
    scope: SearchScope = EVERYWHERE,
    subject: str = "",
) -> Answer:
    """Search, then decide how to offer the reply: answer, related passages, or none; the
    answer carries the subject a follow-up to it takes.

    A follow-up (`after`: the previous answer's document, `subject`: the previous question's
    subject) that lacks its own subject (retrieval.follow_ups) is searched in that document
    with the subject's terms added. Another that names its own subject, with at least
    SELF_CONTAINED distinct terms, is answered alone however sure: it is never pulled toward the
    previous answer («من هو وزير الخارجية الفرنسي الذي حذر من تقسيم سوريا؟» after a question
    on the German minister)."""
    if after is not None and subject and not scope.narrows:
        follow = _follow_up(searcher, question, subject, after)
        if follow is not None:
            answer = _offer(searcher, question, top_k, offset, after, model, scope, follow)
            if answer.hits:
                return dataclasses.replace(answer, followed_up=True, subject=subject)
    if after is not None and len(set(searcher.parse(question).terms)) >= SELF_CONTAINED:
        after = None  # it names its own subject
    answer = _offer(searcher, question, top_k, offset, after, model, scope)
    return dataclasses.replace(answer, subject=question)


def _follow_up(searcher: Searcher, question: str, subject: str, after: str) -> FollowUp | None:
    """The search of a follow-up lacking its subject, or None for one that names its own (or
    whose few terms the previous answer's document does not hold)."""
    document = searcher.collection.document_number(after)
    if document is None:
        return None
    text = own_question(question)
    own = searcher.parse(text, after)
    lacking = lacks_subject(question, len(set(own.terms)), own.definition)
    if lacking is False or (lacking is None and not _document_holds(searcher, own, document)):
        return None
    combined = searcher.parse(f"{text} {subject}", after)
    return FollowUp(with_subject(own, combined), own, searcher.parse(subject), document)


def _document_holds(searcher: Searcher, query: Query, document: int) -> bool:
    """Tell whether a document holds every term of a question (in some form)."""
    index, within = searcher.collection, np.array([document])
    return all(
        any(len(index.holders([f], within)) for f in group if f >= 0) for group in query.term_groups
    )


def _offer(
    searcher: Searcher,
    question: str,
    top_k: int,
    offset: int,
    after: str | None,
    model: ConfidenceModel,
    scope: SearchScope,
    follow: FollowUp | None = None,
) -> Answer:
    """Search (a follow-up with `follow`) and decide the offer."""
    subject = None if follow is not None else broad_subject(searcher.analyzer.words(question))
    dated = subject is not None and any(d.date for d in searcher.corpus.documents[:50])
    pool = top_k * LATEST_POOL if dated else top_k
    query = follow.query if follow is not None else searcher.parse(question, after)
    answer = searcher.search(
        question,
        top_k=pool,
        offset=offset,
        after=after,
        scope=scope,
        keep_weak=True,
        follow=follow,
        query=query,
    )
    if not answer.hits:
        return answer
    first = answer.hits[0]
    weak = too_weak(searcher.corpus, query, first.passage_index, searcher.settings)
    if subject is not None and _holds_all(searcher, query, first):
        hits = answer.hits
        if dated:
            about = [h for h in hits if _holds_all(searcher, query, h)]
            hits = tuple(sorted(about, key=lambda h: h.document.date or "", reverse=True))
        hits = _ranked(hits[:top_k], offset + 1)
        return dataclasses.replace(answer, hits=hits, offer=Offer.ANSWER)
    probability = model.probability(evidence(searcher, query, answer.hits))
    offer = model.offer(probability, weak)
    if offer is Offer.NONE:
        return dataclasses.replace(
            answer,
            hits=(),
            abstained=True,
            reason=Abstention.WEAK_MATCH,
            has_more=False,
            offer=offer,
        )
    return dataclasses.replace(
        answer, hits=_strong(searcher, query, answer.hits[:top_k]), offer=offer
    )


def _coverage(searcher: Searcher, query: Query, hit: Hit) -> float:
    """Share of the question's weight a passage holds."""
    return coverage(query, matched_terms(searcher.corpus, query, hit.passage_index))


def _holds_all(searcher: Searcher, query: Query, hit: Hit) -> bool:
    """Tell whether a passage holds every term of the question (in some form)."""
    held = matched_terms(searcher.corpus, query, hit.passage_index)
    return len(held) == len(set(query.terms))


def _strong(searcher: Searcher, query: Query, hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """The first hit and those after it that are not weak beside it (FEWER_SHARE)."""
    best = _coverage(searcher, query, hits[0])
    return (hits[0], *(h for h in hits[1:] if _coverage(searcher, query, h) >= FEWER_SHARE * best))


def _ranked(hits: tuple[Hit, ...], start: int) -> tuple[Hit, ...]:
    """Hits numbered again from `start`, in their new order."""
    return tuple(dataclasses.replace(h, rank=start + i) for i, h in enumerate(hits))
