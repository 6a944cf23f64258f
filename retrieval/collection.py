"""Third stage: whether to answer at all, which ranked passages repeat others, which page."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from retrieval.analyzer import Analyzer
from retrieval.collection_index import CollectionIndex
from retrieval.corpus import Corpus
from retrieval.query import Query
from retrieval.word_forms import bare, same_word

if TYPE_CHECKING:
    import numpy as np

    from retrieval.settings import SearchSettings

# A passage holding no more than this share of new terms beside a higher-ranked passage of its
# document repeats it and is not shown (ARCD articles repeat their lead with a bracket less).
NEAR_DUPLICATE_SHARE = 0.95


def matched_terms(
    corpus: Corpus, query: Query, passage: int, also: Iterable[int] = ()
) -> list[str]:
    """The distinct question terms a passage (with the passages `also`: the rest of the
    paragraph it is cited with) holds, directly, as a variant or an alias."""
    present = {int(t) for p in (passage, *also) for t in corpus.passage_terms(p)}
    vocabulary = corpus.vocabulary
    matched = [
        term
        for term in dict.fromkeys(query.terms)
        if any(vocabulary.get(f, -1) in present for f in query.forms[term])
    ]
    for match in query.aliases:
        if any(all(vocabulary.get(t, -1) in present for t in m) for m in match.members):
            matched += [t for t in query.terms[match.start : match.end] if t not in matched]
    return matched


def coverage(query: Query, matched: list[str]) -> float:
    """Share of the question's weight carried by the matched terms."""
    total = sum(query.weights.values())
    return sum(query.weights[t] for t in matched) / total if total else 0.0


def too_weak(corpus: Corpus, query: Query, passage: int, settings: SearchSettings) -> bool:
    """Tell whether a passage is too poor an answer to cite (see SearchSettings)."""
    matched = matched_terms(corpus, query, passage)
    covered = coverage(query, matched)
    if covered < settings.min_coverage:
        return True
    if not len(matched) <= 1 < len(set(query.terms)):
        return False
    if query.all_known:
        return covered < settings.known_single_word_coverage
    return covered < settings.single_word_coverage


def missing_words(
    corpus: Corpus, query: Query, pieces: Sequence[int], analyzer: Analyzer, text: str
) -> tuple[str, ...]:
    """The written question words whose terms a cited passage (its pieces, and its text) holds
    in no form (nor alias, nor another form of the same word: see retrieval.word_forms), their
    stems or, where the light stem is too short to tell (كيان is كي), the words as written."""
    held = set(matched_terms(corpus, query, pieces[0], pieces[1:]))
    written = query.written
    lacking = [t for t in query.terms if t not in held and t in written]
    if lacking:
        # the pieces' stored terms: those analyzer(text) gives, without analyzing it again
        present = {term for piece in pieces for term in corpus.distinct_terms(piece)}
        lacking = [t for t in lacking if not same_word(t, present)]
        if lacking:
            words = {bare(w) for w in analyzer.words(text)}
            lacking = [
                t
                for t in lacking
                if not any(same_word(bare(w), words) for w in analyzer.words(written[t]))
            ]
    return tuple(dict.fromkeys(written[t] for t in lacking))


def lift_decided(
    index: CollectionIndex, query: Query, ranked: list[tuple[int, float]], lift: float
) -> bool:
    """Tell whether the first passage is first only through the follow-up lift."""
    previous = query.previous_document
    if previous is None or not lift:
        return False
    top, score = ranked[0]
    documents = index.passage_documents
    if documents[top] != previous:
        return False
    rival = next((s for p, s in ranked if documents[p] != previous), None)
    return rival is not None and score - lift <= rival


def distinct_passages(
    corpus: Corpus, ranked: list[tuple[int, float]], enough: int, merge: bool = True
) -> list[tuple[int, float]]:
    """The ranked passages less those that repeat one ranked higher, up to `enough` of them.

    A passage repeats another when its text is the same (seed 003 repeats paragraphs), or (when
    merging) nearly every distinct term it holds (NEAR_DUPLICATE_SHARE) is in a higher-ranked
    passage of the same document: an article's lead copied with a bracket less, a paragraph
    quoted again. When merging, a passage holding every term of a higher-ranked one of its
    document says all it says and more: it takes that one's place (ARCD's lead, then the lead
    continued in one paragraph).

    Texts the same but for their spaces analyze to the same term ids, so a passage's text is
    read only when a passage kept before has its very term ids.
    """
    seen: dict[bytes, list[int]] = {}  # the passages kept so far, by their term ids
    kept_terms: list[tuple[int, set[int]]] = []
    distinct: list[tuple[int, float]] = []
    documents = corpus.passage_documents
    for passage, score in ranked:
        document = int(documents[passage])
        ids = corpus.passage_terms(passage)
        terms = set(ids.tolist()) if merge else set()
        same_terms = seen.setdefault(ids.tobytes(), [])
        if _same_text(corpus, passage, same_terms) or _repeats(document, terms, kept_terms):
            continue
        same_terms.append(passage)
        fuller_of = next(
            (
                i
                for i, (kept, held) in enumerate(kept_terms)
                if kept == document and held and held <= terms
            ),
            None,
        )
        if fuller_of is not None:
            distinct[fuller_of] = (passage, distinct[fuller_of][1])
            kept_terms[fuller_of] = (document, terms)
            continue
        kept_terms.append((document, terms))
        distinct.append((passage, score))
        if len(distinct) >= enough:
            break
    return distinct


def _same_text(corpus: Corpus, passage: int, others: list[int]) -> bool:
    """Tell whether a passage's text is one of the others' but for its spaces."""
    if not others:
        return False
    key = " ".join(corpus.passages[passage].text.split())
    return any(" ".join(corpus.passages[o].text.split()) == key for o in others)


def _repeats(document: int, terms: set[int], kept: list[tuple[int, set[int]]]) -> bool:
    """Tell whether a passage's terms are nearly all in a kept passage of its document."""
    needed = NEAR_DUPLICATE_SHARE * len(terms)
    return bool(terms) and any(d == document and len(terms & held) >= needed for d, held in kept)


def one_copy_each(
    index: CollectionIndex, ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """The ranked passages less those of a story (syndicated copies) already cited."""
    seen, kept = set(), []
    for passage, score in ranked:
        story = index.story_of(int(index.passage_documents[passage]))
        if story and story in seen:
            continue
        seen.add(story)
        kept.append((passage, score))
    return kept


def newest_first(
    corpus: Corpus,
    index: CollectionIndex,
    query: Query,
    ranked: list[tuple[int, float]],
    days: np.ndarray,
    settings: SearchSettings,
) -> list[tuple[int, float]]:
    """The passages good enough to cite, the latest document first (best first within a day);
    undated ones last."""
    good = [(p, s) for p, s in ranked if not too_weak(corpus, query, p, settings)]

    def newest(item: tuple[int, float]) -> int:
        return -int(days[index.passage_documents[item[0]]])  # undated: NO_DAY, 0

    return sorted(good, key=newest)
