"""Answer a question from a corpus: rank passages, decide whether to abstain, cut excerpts."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.analyzer import DEFAULT_ANALYZER, Analyzer
from retrieval.bm25 import Bm25Index, Bm25Params, top_k
from retrieval.corpus import Corpus, DocumentInfo, PassageInfo
from retrieval.excerpts import Excerpt, make_excerpt

# Abstain when the best passage holds less than this share of the question's IDF weight.
MIN_COVERAGE = 0.5
DEFAULT_BM25 = Bm25Params()


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


@dataclass(frozen=True)
class Answer:
    """The result of a question: hits best first, or an abstention with its reason."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    abstained: bool
    reason: str
    index_version: int
    offset: int = 0
    has_more: bool = False


@dataclass(frozen=True)
class SearchSettings:
    """Knobs of the searcher that are tuned on the eval sets."""

    min_coverage: float = MIN_COVERAGE
    bm25: Bm25Params = DEFAULT_BM25


class Searcher:
    """Ranks the passages of one corpus snapshot with exact BM25Okapi."""

    def __init__(
        self,
        corpus: Corpus,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        settings: SearchSettings | None = None,
    ) -> None:
        """Build the postings of the corpus."""
        self.corpus = corpus
        self.analyzer = analyzer
        self.settings = settings = settings or SearchSettings()
        self.index = Bm25Index(
            corpus.token_ids, corpus.lengths, len(corpus.vocabulary), settings.bm25
        )

    @property
    def version(self) -> int:
        """The index version this searcher answers from."""
        return self.corpus.version

    def term_weight(self, term: str) -> float:
        """IDF of a term; a word the corpus lacks weighs like the rarest word."""
        term_id = self.corpus.vocabulary.get(term)
        if term_id is None or self.index.doc_freqs[term_id] == 0:
            return self.index.max_idf()
        return float(self.index.idf[term_id])

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Return the k best passages for analyzed terms, with their BM25 scores."""
        ids = [self.corpus.vocabulary.get(term, -1) for term in terms]
        return top_k(self.index.score(ids), k)

    def coverage(self, terms: list[str], passage: int) -> float:
        """Share of the question's weight carried by the terms that occur in a passage."""
        present = {int(t) for t in self.corpus.passage_terms(passage)}
        weights = {term: self.term_weight(term) for term in terms}
        total = sum(weights.values())
        matched = sum(
            w for term, w in weights.items() if self.corpus.vocabulary.get(term, -1) in present
        )
        return matched / total if total else 0.0

    def search(self, question: str, top_k: int = 3, offset: int = 0) -> Answer:
        """Answer a question with up to top_k distinct passages, starting after `offset`."""
        terms = self.analyzer(question)
        empty = Answer(question, tuple(terms), (), True, "", self.version, offset)
        if not terms:
            return _replace_reason(empty, "no_terms")
        ranked = self.rank(terms, (offset + top_k) * 3 + 10)
        if not ranked:
            return _replace_reason(empty, "no_match")
        if self.coverage(terms, ranked[0][0]) < self.settings.min_coverage:
            return _replace_reason(empty, "weak_match")
        distinct = _distinct_passages(self.corpus.passages, ranked)
        page = distinct[offset : offset + top_k]
        weights = {term: self.term_weight(term) for term in terms}
        hits = tuple(self._hit(offset + i + 1, p, s, weights) for i, (p, s) in enumerate(page))
        more = len(distinct) > offset + top_k
        return Answer(question, tuple(terms), hits, False, "", self.version, offset, more)

    def _hit(self, rank: int, passage_index: int, score: float, weights: dict[str, float]) -> Hit:
        """Build the citation, excerpt and highlights of one ranked passage."""
        passage = self.corpus.passages[passage_index]
        matches = [m for m in self.analyzer.spans(passage.text) if m.term in weights]
        excerpt = make_excerpt(passage.text, matches, weights)
        matched = tuple(dict.fromkeys(m.term for m in matches))
        return Hit(
            rank,
            self.corpus.documents[passage.document],
            passage_index,
            passage.number,
            passage.text,
            excerpt,
            matched,
            score,
        )

    def neighbours(self, passage_index: int) -> list[PassageInfo]:
        """Return a passage with the one before and the one after it in the same document."""
        passages = self.corpus.passages
        document = passages[passage_index].document
        around = range(max(0, passage_index - 1), min(len(passages), passage_index + 2))
        return [passages[i] for i in around if passages[i].document == document]


def _replace_reason(answer: Answer, reason: str) -> Answer:
    """Return an abstaining answer with its reason."""
    return Answer(
        answer.question, answer.terms, (), True, reason, answer.index_version, answer.offset
    )


def _distinct_passages(
    passages: list[PassageInfo], ranked: list[tuple[int, float]]
) -> list[tuple[int, float]]:
    """Drop passages whose text repeats one ranked higher (seed 003 repeats paragraphs)."""
    seen: set[str] = set()
    distinct = []
    for passage, score in ranked:
        key = " ".join(passages[passage].text.split())
        if key not in seen:
            seen.add(key)
            distinct.append((passage, score))
    return distinct
