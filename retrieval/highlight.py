"""The one highlighter: which words of a passage to bold, for excerpts and the «📖» view."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from retrieval.analyzer import TokenSpan
from retrieval.answer_types import has_answer_type
from retrieval.collection_index import CollectionIndex
from retrieval.excerpts import Excerpt, make_excerpt
from retrieval.query import Query

if TYPE_CHECKING:
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
    index: CollectionIndex, query: Query, passage: int, settings: SearchSettings
) -> tuple[Excerpt, tuple[str, ...]]:
    """The window of a passage to show, and the distinct question terms bolded in it."""
    info = index.corpus.passages[passage]
    matches = highlight_spans(index, query, info.text)
    cue = partial(has_answer_type, answer_type=query.answer_type) if query.answer_type else None
    weights = window_weights(index, query, info.document, settings)
    excerpt = make_excerpt(info.text, matches, weights, cue=cue)
    return excerpt, tuple(dict.fromkeys(m.term for m in matches))
