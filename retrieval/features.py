"""Evidence that re-ranks the candidate passages: one pure function per technique.

Each takes the collection, the question, the candidates and the settings, and returns one
number per candidate, mostly in [0, 1]; fusion.py adds them up with their fitted weights.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from retrieval.answer_types import has_answer_type, opens_a_definition
from retrieval.arrays import distinct, slices
from retrieval.candidates import Candidates, bm25_scores_at
from retrieval.collection_index import CollectionIndex
from retrieval.exact_forms import exact_share
from retrieval.query import Query
from retrieval.rerank import bigram_share_of, normalized, window_share_of

if TYPE_CHECKING:
    from retrieval.settings import SearchSettings

# An article is about the question when its title holds this share of the question's weight
# («العراق» in «ما الدول التي تحد العراق؟», not the common «دولة»); elsewhere the words that
# single a passage out of its article count SearchSettings.within_untitled as much.
ABOUT_THE_QUESTION = 0.2
# A what/who question longer than a definition favours an article's lead when the title opens
# with the question's words, give or take SUBJECT_SLACK words (a title, a second name).
SUBJECT_SLACK = 2


def follow_up(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """1 for the passages of the previous answer's document, so a follow-up that leaves out
    its subject («ومتى توفي؟») stays with that article."""
    return found.documents == query.previous_document


def document(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """Each candidate's document BM25 score, scaled so the best document scores 1 (an aliased
    name scores as its best equivalent, as in passages)."""
    # only the candidates' documents are scored, with the sums a scan of every one would make
    unique = distinct(found.documents)
    values = bm25_scores_at(index.documents, query, index.corpus.vocabulary, unique)
    return normalized(values[np.searchsorted(unique, found.documents)])


def neighbours(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """The better BM25 score of a candidate's neighbours in the same document, scaled: the
    passages right before and after it, not across a heading or a boilerplate line."""
    scored, passages, documents = found.scored, found.passages, index.passage_documents
    numbers = index.passage_numbers
    best = np.zeros(len(passages))
    for step in (-1, 1):
        others = passages + step
        valid = (others >= 0) & (others < len(documents))
        others = np.clip(others, 0, len(documents) - 1)
        same = valid & (documents[others] == documents[passages])
        same &= numbers[others] == numbers[passages] + step
        at = np.minimum(np.searchsorted(scored.units, others), len(scored.units) - 1)
        values = np.where(same & (scored.units[at] == others), scored.scores[at], 0.0)
        best = np.maximum(best, values)
    top = float(scored.scores.max()) if len(scored.scores) else 0.0
    return best / top if top > 0 else best


def _word_holders(index: CollectionIndex, query: Query, documents: np.ndarray) -> list[np.ndarray]:
    """The passages of the given documents holding each distinct question word; an aliased
    name counts as one word, held by every passage holding one of its equivalent names."""
    inside = {i for m in query.aliases for i in range(m.start, m.end)}
    ids = query.term_ids
    plain = dict.fromkeys(t for i, t in enumerate(ids) if i not in inside and t >= 0)
    holders = [index.holders([t], documents) for t in plain]
    vocabulary = index.corpus.vocabulary
    for match in query.aliases:
        members = [[vocabulary.get(t, -1) for t in member] for member in match.members]
        held = [index.holders(m, documents) for m in members if min(m) >= 0]
        if held:
            holders.append(distinct(np.concatenate(held)))
    return holders


def title_shares(index: CollectionIndex, query: Query, found: Candidates) -> np.ndarray:
    """Share of the question's weight that names each candidate's document in its title."""

    def compute() -> np.ndarray:
        total = sum(query.weights.values())
        documents = distinct(found.documents)
        titled = index.title_holds(documents, [query.forms[term] for term in query.weights])
        held = np.zeros(len(documents))
        for j, weight in enumerate(query.weights.values()):
            held += np.where(titled[:, j], weight, 0.0)  # 0 + w1 + w2 ..., as sum() adds
        shares = held / total if total else np.zeros(len(documents))
        return shares[np.searchsorted(documents, found.documents)]

    return found.shared("title", compute)


def within_document(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """Score candidates by the question words that single them out inside their document.

    A word found in every passage of a document (its subject, say «أردوغان» in his biography)
    tells nothing about which passage answers; a word found in few of them does. Each matched
    word counts log(1 + passages of the document / passages with it). A word rare inside an
    article that is not about the question (one naming «العراق» in passing) says less.
    """
    passages, documents = found.passages, found.documents
    sizes = index.document_sizes[documents].astype(np.float64)
    first, last = index.document_starts[documents], index.document_starts[documents + 1]
    evidence = np.zeros(len(passages))
    # bounded by the candidates' documents, not by how many passages hold a word
    for held in _word_holders(index, query, distinct(documents)):
        if not len(held):
            continue
        # held is sorted: np.isin, minus its hashing
        inside = held[np.minimum(np.searchsorted(held, passages), len(held) - 1)] == passages
        per_document = np.searchsorted(held, last) - np.searchsorted(held, first)
        with np.errstate(divide="ignore", invalid="ignore"):
            gain = np.log1p(sizes / np.maximum(per_document, 1))
        evidence += np.where(inside, gain, 0.0)
    titled = title_shares(index, query, found)
    kept = np.where(titled >= ABOUT_THE_QUESTION, 1.0, settings.within_untitled)
    return kept * normalized(evidence)


def proximity(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """How close together, and in the question's order, a candidate holds the question's
    words; a variant stands for its word («بنقل عناصره» for «نقل عناصره»), as in BM25."""
    slot: dict[int, int] = {}
    for i, group in enumerate(query.groups):
        for term_id in group:
            if term_id >= 0:
                slot.setdefault(term_id, i)
    wanted = [next((slot[t] for t in group if t >= 0), -1) for group in query.groups]
    result = np.zeros(len(found))
    # the terms that stand for a question word proximity looks for
    kept = {s for s in wanted if s >= 0}
    ids = np.array(sorted(t for t, s in slot.items() if s in kept), dtype=np.int64)
    if not len(ids) or not len(found):
        return result
    # every candidate's terms back to back; where each candidate's run starts
    offsets = index.corpus.offsets
    starts, ends = offsets[found.passages], offsets[found.passages + 1]
    terms = slices(index.corpus.token_ids, starts, ends)
    firsts = np.cumsum(ends - starts) - (ends - starts)
    at = np.minimum(np.searchsorted(ids, terms), len(ids) - 1)
    held = np.flatnonzero(ids[at] == terms)
    owners = np.searchsorted(firsts, held, side="right") - 1
    places = (held - firsts[owners]).tolist()
    words = [slot[t] for t in ids[at[held]].tolist()]
    bounds = np.searchsorted(owners, np.arange(len(found) + 1)).tolist()
    for n in range(len(found)):
        # the candidate's hits: where it holds a question word, and which word it stands for
        hits = (places[bounds[n] : bounds[n + 1]], words[bounds[n] : bounds[n + 1]])
        result[n] = (bigram_share_of(hits, wanted) + window_share_of(hits, wanted)) / 2
    return result


def answer_type(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """1 for a candidate holding what the question asks for (a date for متى, a number for كم)."""
    passages = index.corpus.passages
    wanted = query.answer_type or ""
    index.read_passages(found.passages)
    return np.array([has_answer_type(passages[p].text, wanted) for p in found.passages])


def title(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """A question about «العراق» is about the article titled so, not one naming it in passing."""
    return title_shares(index, query, found)


def lead(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """For a definition, 1 for a document's first citable passage (where an article defines
    its subject, after its title line); for a longer what/who question, only when the title
    opens with every question word («من هو العربي بن مهيدي؟» and «العربي بن مهيدي أحد ...»)."""
    documents = index.passage_documents
    first = (found.passages == 0) | (
        documents[np.maximum(found.passages - 1, 0)] != found.documents
    )
    if query.definition:
        return first.astype(np.float64)
    forms = [query.forms[t] for t in query.terms]
    result = np.zeros(len(found))
    leads = np.flatnonzero(first)
    if len(leads):
        opening = len(query.terms) + SUBJECT_SLACK
        held = index.title_holds(found.documents[leads], forms, first=opening)
        result[leads] = held.all(axis=1)
    return result


def defines(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """1 for a candidate with a sentence defining a question word («X هو ...», «X (...)»)."""
    forms = {f for term in query.terms for f in query.forms[term]}

    def is_subject(word: str) -> bool:
        return any(t in forms for t in index.analyzer.memo_terms(word)[:1])

    index.read_passages(found.passages)
    texts = [index.corpus.passages[p].text for p in found.passages]
    return np.array([opens_a_definition(t, is_subject) for t in texts], dtype=np.float64)


def exact_forms(
    index: CollectionIndex, query: Query, found: Candidates, settings: SearchSettings
) -> np.ndarray:
    """Share of the question's weight each candidate holds in the exact form asked, beside the
    stem BM25 matched (retrieval.exact_forms)."""
    words = index.words_of(found.passages.tolist())
    return np.array([exact_share(query.exact, held) for held in words])
