"""Answer a question from a corpus: the pipeline question → Query → candidates → features →
fusion → collection → excerpts, one module per stage."""

from __future__ import annotations

from datetime import date

from retrieval.aliases import AliasTable
from retrieval.analyzer import DEFAULT_ANALYZER, Analyzer, TokenSpan
from retrieval.bm25 import top_k
from retrieval.candidates import retrieve
from retrieval.collection import (
    distinct_passages,
    lift_decided,
    missing_words,
    newest_first,
    one_copy_each,
    too_weak,
)
from retrieval.collection_index import CollectionIndex
from retrieval.corpus import Corpus, PassageInfo
from retrieval.filters import EVERYWHERE, SearchScope
from retrieval.follow_ups import FollowUp
from retrieval.fusion import fused
from retrieval.highlight import excerpt_of, highlight_spans
from retrieval.paragraphs import CitedPassage, cited_passage, one_piece_each
from retrieval.query import Query, QueryParser
from retrieval.results import Abstention, Answer, Hit, Offer
from retrieval.search_index import SearchIndexes
from retrieval.settings import PLAIN_BM25, SearchSettings
from retrieval.techniques import TECHNIQUES
from retrieval.variants import Lexicon

__all__ = ["PLAIN_BM25", "Abstention", "Answer", "Hit", "Offer", "SearchSettings", "Searcher"]


class Searcher:
    """Answers questions from one corpus snapshot with exact BM25Okapi and the techniques on."""

    def __init__(
        self,
        corpus: Corpus,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        settings: SearchSettings | None = None,
        aliases: AliasTable | None = None,
        indexes: SearchIndexes | None = None,
    ) -> None:
        """Take the corpus and its indexes (built here when not given)."""
        self.corpus = corpus
        self.analyzer = analyzer
        self.settings = settings = settings or SearchSettings()
        unknown = settings.techniques - {t.name for t in TECHNIQUES}
        if unknown:
            raise ValueError(f"no such technique: {', '.join(sorted(unknown))}")
        self.aliases = aliases or AliasTable()
        self.collection = CollectionIndex(corpus, analyzer, settings.bm25, indexes)
        self.index = self.collection.passages
        self.lexicon = Lexicon(corpus.vocabulary, self.index, analyzer, settings)
        self.parser = QueryParser(self.lexicon, analyzer, settings)

    @property
    def version(self) -> int:
        """The index version this searcher answers from."""
        return self.corpus.version

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Return the k best passages for analyzed terms, with their plain BM25 scores."""
        ids = [self.corpus.vocabulary.get(term, -1) for term in terms]
        return top_k(self.index.score(ids), k)

    def parse(self, question: str, after: str | None = None) -> Query:
        """The question analyzed once (`after`: the previous answer's document path)."""
        previous = self.collection.document_number(after) if after else None
        return self.parser.parse(question, self.aliases, previous)

    @property
    def latest_day(self) -> date | None:
        """The latest publication day of the collection (None when nothing is dated)."""
        return self.collection.latest_day

    def ranked(
        self,
        query: Query,
        pool: int | None = None,
        scope: SearchScope = EVERYWHERE,
        follow: FollowUp | None = None,
    ) -> list[tuple[int, float]]:
        """The candidate passages best first, re-scored by the features on; only passages of
        the documents `scope` keeps are candidates (a mask before the top-k), or with `follow`
        only those of the previous answer's document."""
        context = self.settings.weight("context")
        if follow is not None:
            found = follow.candidates(self.collection, pool or self.settings.pool, context)
            return fused(self.collection, follow.query, found, self.settings)
        allowed = self.collection.passage_mask(scope)
        found = retrieve(self.collection, query, pool or self.settings.pool, context, allowed)
        return fused(self.collection, query, found, self.settings)

    def search(
        self,
        question: str,
        top_k: int = 3,
        offset: int = 0,
        after: str | None = None,
        scope: SearchScope = EVERYWHERE,
        keep_weak: bool = False,
        follow: FollowUp | None = None,
        query: Query | None = None,
    ) -> Answer:
        """Answer a question with up to top_k distinct passages, starting after `offset`;
        `after` is the document path of the previous answer when the question follows one;
        `scope` narrows the candidates to some sources and dates before ranking; `keep_weak`
        cites passages the coverage rule finds too weak (see retrieval.offering); `follow`
        searches a follow-up that lacks its subject in the previous answer's document; `query`
        is the question already parsed with `after` (so a caller parses it once)."""
        if follow is not None:
            query = follow.query
        query = query or self.parse(question, after)
        if not query.terms:
            return self._abstain(query, offset, Abstention.NO_TERMS, scope)
        pool = max(self.settings.pool, (offset + top_k) * 3)
        ranked = self.ranked(query, pool, scope, follow)
        if not ranked:
            return self._abstain(query, offset, Abstention.NO_MATCH, scope)
        if not keep_weak and too_weak(self.corpus, query, ranked[0][0], self.settings):
            return self._abstain(query, offset, Abstention.WEAK_MATCH, scope)
        merge = self.settings.uses("merge_repeats")
        enough = pool if scope.newest_first else (offset + top_k + 1) * 2
        shown = one_piece_each(self.corpus, ranked, self.paragraph_chars)
        distinct = one_copy_each(
            self.collection, distinct_passages(self.corpus, shown, enough, merge)
        )
        if scope.newest_first:
            days = self.collection.document_days
            distinct = newest_first(
                self.corpus, self.collection, query, distinct, days, self.settings
            )
        page = distinct[offset : offset + top_k]
        self.collection.read_passages(p for p, _ in page)  # the texts cited, in one read
        hits = tuple(self._hit(query, offset + i + 1, p, s) for i, (p, s) in enumerate(page))
        more = len(distinct) > offset + top_k
        lift = self.settings.weight("follow_up")
        followed = follow is not None or (
            after is not None and lift_decided(self.collection, query, ranked, lift)
        )
        terms = query.terms
        return Answer(
            question,
            terms,
            hits,
            False,
            Abstention.NONE,
            self.version,
            offset,
            more,
            followed,
            scope,
        )

    def _abstain(
        self, query: Query, offset: int, reason: Abstention, scope: SearchScope = EVERYWHERE
    ) -> Answer:
        """An answer that cites nothing, with its reason."""
        return Answer(
            query.text,
            query.terms,
            (),
            True,
            reason,
            self.version,
            offset,
            scope=scope,
            offer=Offer.NONE,
        )

    def _hit(self, query: Query, rank: int, passage: int, score: float) -> Hit:
        """Build the citation, excerpt and highlights of one ranked passage."""
        info = self.corpus.passages[passage]
        cited = self.cited(passage)
        excerpt, matched = excerpt_of(self.collection, query, passage, self.settings, cited)
        return Hit(
            rank,
            self.corpus.documents[info.document],
            passage,
            cited.number,
            cited.text,
            excerpt,
            matched,
            score,
            missing_words(self.corpus, query, cited.pieces, self.analyzer, cited.text),
            self.collection.also_in(info.document),
        )

    @property
    def paragraph_chars(self) -> int:
        """The longest paragraph a cited piece stands for whole (0: none, the technique off)."""
        on = self.settings.uses("whole_paragraphs")
        return self.settings.paragraph_chars if on else 0

    def cited(self, passage_index: int) -> CitedPassage:
        """What is cited of a ranked passage: its whole paragraph or itself (see
        retrieval.paragraphs), as answers and the «📖» view show it."""
        return cited_passage(self.corpus, passage_index, self.paragraph_chars)

    def highlight(self, query: Query, text: str) -> list[TokenSpan]:
        """The words of text to bold for a question (the same as in its excerpts)."""
        return highlight_spans(self.collection, query, text)

    def neighbours(self, passage_index: int, last: int | None = None) -> list[PassageInfo]:
        """Return a passage (or the passages from it to `last`) with the one before and the
        one after in the same document."""
        return self.collection.neighbours(passage_index, last)

    def phrase_count(self, text: str) -> int:
        """Count the passages in which the words of text occur back to back, in order."""
        return self.collection.phrase_count(text)
