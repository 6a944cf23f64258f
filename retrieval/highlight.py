"""The one highlighter: which words of a passage to bold, for excerpts and the «📖» view."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from retrieval.analyzer import TokenSpan
from retrieval.answer_types import has_answer_type
from retrieval.collection import matched_terms
from retrieval.collection_index import CollectionIndex
from retrieval.excerpts import Excerpt, make_excerpt
from retrieval.query import Query

if TYPE_CHECKING:
    from retrieval.paragraphs import CitedPassage
    from retrieval.settings import SearchSettings


def highlight_spans(index: CollectionIndex, query: Query, text: str) -> list[TokenSpan]:
    """The words of text that match the question: its terms, their variants, their aliases."""
    return index.analyzer.spans(text, query.highlights)


def window_weights(
    index: CollectionIndex, query: Query, document: int, settings: SearchSettings
) -> Mapping[str, float]:
    """The weights that choose the excerpt window: a word of the document's title (its subject,
    named all over it) counts SearchSettings.title_share_in_excerpts as much, so the window
    goes where the words that ask something are («الحزب» in «ما الحزب الذي يرأسه أردوغان؟»,
    not his name at the top of the paragraph)."""
    share = settings.title_share_in_excerpts
    if not settings.uses("title_words_in_excerpts") or share == 1.0:
        return query.highlights
    title = index.title_terms(document)
    return {term: w * share if term in title else w for term, w in query.highlights.items()}


def excerpt_of(
    index: CollectionIndex,
    query: Query,
    passage: int,
    settings: SearchSettings,
    cited: CitedPassage | None = None,
) -> tuple[Excerpt, tuple[str, ...]]:
    """The window of a passage to show, and the distinct question terms bolded in the text
    cited. When `cited` joins the passage's paragraph (retrieval.paragraphs), the window is
    chosen in the whole paragraph if the other pieces hold a question term the passage lacks,
    else in the passage (the piece that ranked), and placed in the paragraph."""
    info = index.corpus.passages[passage]
    text = info.text if cited is None else cited.text
    matches = highlight_spans(index, query, text)
    cue = partial(has_answer_type, answer_type=query.answer_type) if query.answer_type else None
    weights = window_weights(index, query, info.document, settings)
    terms = tuple(dict.fromkeys(m.term for m in matches))
    if cited is None or len(cited.pieces) < 2 or _others_add(index, query, passage, cited):
        return make_excerpt(text, matches, weights, cue=cue), terms
    own = make_excerpt(info.text, highlight_spans(index, query, info.text), weights, cue=cue)
    shift = max(0, text.find(info.text))
    end = shift + own.start + len(own.text)
    placed = Excerpt(
        own.text, shift + own.start, own.highlights, shift + own.start > 0, end < len(text)
    )
    return placed, terms


def _others_add(index: CollectionIndex, query: Query, passage: int, cited: CitedPassage) -> bool:
    """Tell whether a paragraph's other pieces hold a question term its ranked piece lacks."""
    corpus = index.corpus
    own = set(matched_terms(corpus, query, passage))
    others = [p for p in cited.pieces if p != passage]
    return bool(set(matched_terms(corpus, query, others[0], others[1:])) - own)
