"""The collection as the ranking stages see it: passage and document BM25, titles, neighbours."""

from __future__ import annotations

import dataclasses

import numpy as np

from retrieval.analyzer import Analyzer
from retrieval.bm25 import Bm25Index, Bm25Params
from retrieval.corpus import Corpus, PassageInfo
from retrieval.filters import SearchScope, day_of, document_mask
from retrieval.rerank import contains_phrase

# At most this many documents' title terms stay in memory.
_CACHED = 50_000


def document_index(corpus: Corpus, passage_documents: np.ndarray, params: Bm25Params) -> Bm25Index:
    """BM25 over whole documents (their passages' terms back to back), with Lucene's IDF."""
    if np.all(passage_documents[1:] >= passage_documents[:-1]):
        tokens = corpus.token_ids  # passages already run document by document
    else:
        order = np.argsort(passage_documents, kind="stable")
        tokens = np.concatenate(
            [corpus.passage_terms(int(i)) for i in order] or [np.zeros(0, dtype=np.int32)]
        )
    lengths = np.bincount(
        passage_documents, weights=corpus.lengths, minlength=len(corpus.documents)
    ).astype(np.int64)
    positive = dataclasses.replace(params, positive_idf=True)
    return Bm25Index(tokens, lengths, len(corpus.vocabulary), positive)


class CollectionIndex:
    """One corpus snapshot with its passage index, document index and per-document facts."""

    def __init__(self, corpus: Corpus, analyzer: Analyzer, params: Bm25Params) -> None:
        """Build the postings of the passages, of their context fields and of the documents."""
        self.corpus = corpus
        self.analyzer = analyzer
        self.passages = Bm25Index(corpus.token_ids, corpus.lengths, len(corpus.vocabulary), params)
        self.passage_documents = np.fromiter(
            (p.document for p in corpus.passages), dtype=np.int64, count=len(corpus.passages)
        )
        # a passage's number counts every unit of its document, cited or not (retrieval/units.py)
        self.passage_numbers = np.fromiter(
            (p.number for p in corpus.passages), dtype=np.int64, count=len(corpus.passages)
        )
        self.documents = document_index(corpus, self.passage_documents, params)
        # each passage's context field: its title, the heading above it, its paragraph's lead
        self.context = Bm25Index(
            corpus.context_ids, corpus.context_lengths, len(corpus.vocabulary), params
        )
        self.document_sizes = np.bincount(self.passage_documents, minlength=len(corpus.documents))
        self._title_terms: dict[int, frozenset[str]] = {}
        self._passage_words: dict[int, frozenset[str]] = {}
        self._document_numbers: dict[str, int] | None = None
        self.document_days = [day_of(d.date) for d in corpus.documents]
        self.latest_day = max((d for d in self.document_days if d), default=None)
        self.stories: dict[int, list[int]] = {}
        for number, document in enumerate(corpus.documents):
            if document.story:
                self.stories.setdefault(document.story, []).append(number)

    def passage_mask(self, scope: SearchScope) -> np.ndarray | None:
        """The passages a scope lets rank (None: all of them)."""
        if not scope.narrows:
            return None
        sources = [d.source for d in self.corpus.documents]
        return document_mask(scope, sources, self.document_days)[self.passage_documents]

    def also_in(self, document: int) -> tuple[str, ...]:
        """The other publishers of a document's story, in index order."""
        documents = self.corpus.documents
        shown = documents[document]
        others = self.stories.get(shown.story, []) if shown.story else []
        own = shown.publisher or shown.source
        names = (documents[o].publisher or documents[o].source for o in others if o != document)
        return tuple(n for n in dict.fromkeys(names) if n and n != own)

    def document_number(self, path: str) -> int | None:
        """The number of the document at `path` in this snapshot (None if it has none)."""
        if self._document_numbers is None:
            self._document_numbers = {d.path: i for i, d in enumerate(self.corpus.documents)}
        return self._document_numbers.get(path)

    def title_terms(self, document: int) -> frozenset[str]:
        """The analyzed terms of a document's title (computed once, when first needed)."""
        found = self._title_terms.get(document)
        if found is None:
            if len(self._title_terms) >= _CACHED:
                self._title_terms.clear()
            title = self.corpus.documents[document].title
            # memoized per raw word: titles share most of their words
            found = self._title_terms[document] = frozenset(self.analyzer.memo_terms(title))
        return found

    def passage_words(self, passage: int) -> frozenset[str]:
        """The exact (normalized) words of a passage, computed when first needed."""
        found = self._passage_words.get(passage)
        if found is None:
            if len(self._passage_words) >= _CACHED:
                self._passage_words.clear()
            text = self.corpus.passages[passage].text
            found = self._passage_words[passage] = self.analyzer.exact_words(text)
        return found

    def neighbours(self, passage_index: int) -> list[PassageInfo]:
        """Return a passage with the one before and the one after it in the same document."""
        passages = self.corpus.passages
        document = passages[passage_index].document
        around = range(max(0, passage_index - 1), min(len(passages), passage_index + 2))
        return [passages[i] for i in around if passages[i].document == document]

    def holders(self, term_ids: list[int]) -> np.ndarray:
        """The passages holding every one of the term ids (sorted)."""
        found = self.passages.postings_of(term_ids[0])[0]
        for term_id in term_ids[1:]:
            found = np.intersect1d(found, self.passages.postings_of(term_id)[0])
        return found

    def phrase_count(self, text: str) -> int:
        """Count the passages in which the words of text occur back to back, in order."""
        vocabulary = self.corpus.vocabulary
        ids = [vocabulary.get(term, -1) for term in self.analyzer(text)]
        if not ids or min(ids) < 0:
            return 0
        terms = self.corpus.passage_terms
        return sum(contains_phrase(terms(int(p)), ids) for p in self.holders(ids))
