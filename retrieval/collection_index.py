"""The collection as the ranking stages see it: passage and document BM25, titles, neighbours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from retrieval.analyzer import Analyzer
from retrieval.arrays import slices
from retrieval.bm25 import Bm25Index, Bm25Params
from retrieval.corpus import Corpus, PassageInfo, PassageTable
from retrieval.document_facts import DocumentFacts
from retrieval.filters import SearchScope
from retrieval.rerank import contains_phrase
from retrieval.search_index import SearchIndexes, build_indexes
from retrieval.titles import UNKNOWN, TitleTerms

# At most this many passages' exact words stay in memory.
_CACHED = 50_000


class CollectionIndex:
    """One corpus snapshot with its passage index, document index and per-document facts."""

    def __init__(
        self,
        corpus: Corpus,
        analyzer: Analyzer,
        params: Bm25Params,
        indexes: SearchIndexes | None = None,
    ) -> None:
        """Take the corpus and the postings of its passages, of their context fields and of
        the documents (built when not given)."""
        self.corpus = corpus
        self.analyzer = analyzer
        self.passage_documents = corpus.passage_documents
        if indexes is None:
            indexes = build_indexes(
                corpus.token_ids,
                corpus.lengths,
                self.passage_documents,
                len(corpus.documents),
                len(corpus.vocabulary),
                params,
                (corpus.context_ids, corpus.context_lengths),
            )
        self.passages: Bm25Index = indexes.passages
        self.documents: Bm25Index = indexes.documents
        # a passage's number counts every unit of its document, cited or not (retrieval/units.py)
        self.passage_numbers = corpus.passage_numbers
        # each passage's context field: its title, the heading above it, its paragraph's lead
        self.context: Bm25Index = indexes.context
        self.document_sizes = np.bincount(self.passage_documents, minlength=len(corpus.documents))
        # where each document's passages start (passages run document by document)
        self.document_starts = np.zeros(len(self.document_sizes) + 1, dtype=np.int64)
        np.cumsum(self.document_sizes, out=self.document_starts[1:])
        # each document's title terms, analyzed when the index was built (or now, when not)
        titles = indexes.titles
        if titles is None or len(titles) != len(corpus.documents):
            every = (d.title for d in corpus.documents)
            titles = TitleTerms.build(every, analyzer, corpus.vocabulary)
        self.titles: TitleTerms = titles
        self._passage_words: dict[int, frozenset[str]] = {}
        # each document's source, day (an ordinal, NO_DAY when undated) and story, as columns
        self.facts: DocumentFacts = corpus.document_facts
        self.document_days = self.facts.days
        self.latest_day = self.facts.latest_day

    def passage_mask(self, scope: SearchScope) -> np.ndarray | None:
        """The passages a scope lets rank (None: all of them)."""
        if not scope.narrows:
            return None
        return self.facts.mask(scope)[self.passage_documents]

    def story_of(self, document: int) -> int:
        """The story of a document (0: none)."""
        return int(self.facts.stories[document])

    def also_in(self, document: int) -> tuple[str, ...]:
        """The other publishers of a document's story, in index order."""
        documents = self.corpus.documents
        shown = documents[document]
        story = self.story_of(document)
        others = self.facts.story_documents(story).tolist() if story else []
        own = shown.publisher or shown.source
        names = (documents[o].publisher or documents[o].source for o in others if o != document)
        return tuple(n for n in dict.fromkeys(names) if n and n != own)

    def document_number(self, path: str) -> int | None:
        """The number of the document at `path` in this snapshot (None if it has none)."""
        return self.corpus.document_position(path)

    def read_passages(self, passages: Iterable[int]) -> None:
        """Read at once the texts of these passages (a served index then runs one query)."""
        if isinstance(self.corpus.passages, PassageTable):
            self.corpus.passages.prefetch(passages)

    def title_terms(self, document: int) -> set[str]:
        """The terms of a document's title (their ids named; the title analyzed again only
        when the vocabulary lacks one of them)."""
        ids = self.titles.of(document)
        if np.any(ids == UNKNOWN):
            return set(self.analyzer.memo_terms(self.corpus.documents[document].title))
        return self.corpus.term_names(ids)

    def title_holds(
        self, documents: np.ndarray, groups: Sequence[Iterable[str]], first: int | None = None
    ) -> np.ndarray:
        """A (documents × groups) matrix: whether each document's title (its `first` terms,
        when given) holds one of each group's terms."""
        vocabulary = self.corpus.vocabulary
        groups = [tuple(group) for group in groups]
        ids = [[vocabulary.get(t, UNKNOWN) for t in group] for group in groups]
        held = self.titles.holding(documents, ids, first)
        unknown = [j for j, group in enumerate(ids) if UNKNOWN in group]
        if unknown:
            # a term the vocabulary lacks may still be in a title: only such titles are read
            for i in self.titles.unknown_in(documents, first).tolist():
                title = self.corpus.documents[int(documents[i])].title
                terms = set(self.analyzer.memo_terms(title)[:first])
                for j in unknown:
                    held[i, j] = any(t in terms for t in groups[j])
        return held

    def passage_words(self, passage: int) -> frozenset[str]:
        """The exact (normalized) words of a passage, computed when first needed."""
        found = self._passage_words.get(passage)
        if found is None:
            if len(self._passage_words) >= _CACHED:
                self._passage_words.clear()
            text = self.corpus.passages[passage].text
            found = self._passage_words[passage] = self.analyzer.exact_words(text)
        return found

    def words_of(self, passages: list[int]) -> list[frozenset[str]]:
        """passage_words of several passages, the texts not analyzed yet read at once."""
        self.read_passages(p for p in passages if p not in self._passage_words)
        return [self.passage_words(p) for p in passages]

    def neighbours(self, passage_index: int, last: int | None = None) -> list[PassageInfo]:
        """Return a passage (or the passages from it to `last`) with the one before and the
        one after in the same document."""
        passages = self.corpus.passages
        document = passages[passage_index].document
        last = passage_index if last is None else last
        around = range(max(0, passage_index - 1), min(len(passages), last + 2))
        return [passages[i] for i in around if passages[i].document == document]

    def holders(self, term_ids: list[int], documents: np.ndarray | None = None) -> np.ndarray:
        """The passages holding every one of the term ids (sorted), or only those of the given
        documents (ascending): then in time bounded by those documents' passages."""
        ordered = sorted(term_ids, key=lambda t: self.passages.doc_freqs[t])  # rarest first
        found = self._postings(ordered[0], documents)
        for term_id in ordered[1:]:
            found = np.intersect1d(found, self._postings(term_id, documents), assume_unique=True)
        return found

    def _postings(self, term_id: int, documents: np.ndarray | None) -> np.ndarray:
        """The passages holding a term, all or only those of the given documents."""
        postings = self.passages.units_of(term_id)
        if documents is None:
            return postings
        starts, ends = self.document_starts[documents], self.document_starts[documents + 1]
        return slices(postings, np.searchsorted(postings, starts), np.searchsorted(postings, ends))

    def phrase_count(self, text: str) -> int:
        """Count the passages in which the words of text occur back to back, in order."""
        vocabulary = self.corpus.vocabulary
        ids = [vocabulary.get(term, -1) for term in self.analyzer(text)]
        if not ids or min(ids) < 0:
            return 0
        terms = self.corpus.passage_terms
        return sum(contains_phrase(terms(int(p)), ids) for p in self.holders(ids))
