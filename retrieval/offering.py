"""Offer a reply one of three ways (retrieval.confidence.Offer), and show only strong excerpts."""

from __future__ import annotations

import dataclasses

from retrieval.broad import broad_subject
from retrieval.collection import coverage, matched_terms, too_weak
from retrieval.confidence import ConfidenceModel, evidence
from retrieval.confidence_model import MODEL
from retrieval.filters import EVERYWHERE, SearchScope
from retrieval.query import Query
from retrieval.results import Abstention, Answer, Hit, Offer
from retrieval.search import Searcher

# An excerpt after the first is shown only when its passage holds at least this share of the
# question's weight that the first one holds.
FEWER_SHARE = 0.25
# A follow-up with this many distinct terms of its own that is answered alone names its subject.
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
) -> Answer:
    """Search, then decide how to offer the reply: answer, related passages, or none.

    A follow-up (`after`: the previous answer's document) that names its own subject, answered
    alone with at least SELF_CONTAINED distinct terms, is answered alone: it is never pulled
    toward the previous answer («من هو وزير الخارجية الفرنسي الذي حذر من تقسيم سوريا؟» after a
    question on the German minister)."""
    if after is not None:
        alone = offered(searcher, question, top_k, offset, None, model)
        if alone.offer is Offer.ANSWER and len(set(alone.terms)) >= SELF_CONTAINED:
            return alone
    subject = broad_subject(searcher.analyzer.words(question))
    dated = subject is not None and any(d.date for d in searcher.corpus.documents[:50])
    pool = top_k * LATEST_POOL if dated else top_k
    query = searcher.parse(question, after)
    answer = searcher.search(
        question, top_k=pool, offset=offset, after=after, scope=scope, keep_weak=True, query=query
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
