"""Answer a question from a corpus: rank passages, decide whether to abstain, cut excerpts."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import partial

import numpy as np

from retrieval.aliases import AliasMatch, AliasTable
from retrieval.analyzer import DEFAULT_ANALYZER, Analyzer
from retrieval.answer_types import (
    asks_for_a_name,
    asks_what_or_who,
    expected_type,
    has_answer_type,
    is_definition,
    opens_a_definition,
)
from retrieval.bm25 import Bm25Index, Bm25Params, ScoredUnits, top_k
from retrieval.corpus import Corpus, DocumentInfo, PassageInfo
from retrieval.excerpts import Excerpt, make_excerpt
from retrieval.rerank import RerankWeights, bigram_share, contains_phrase, normalized, window_share
from retrieval.spelling import (
    MAX_SLIP_LENGTH,
    PROCLITICS,
    is_misspelt_question_word,
    one_edit_forms,
    repaired_terms,
    sound_alike_forms,
)
from retrieval.stopwords import QUESTION_PHRASING

# When to say "no answer" (tuned on the unanswerable questions of seeds_dev.jsonl, checked
# for false abstentions on arcd-train): the best passage carries less than MIN_COVERAGE of the
# question's IDF weight, or it shares only one of several question words and carries less than
# SINGLE_WORD_COVERAGE. A word found nowhere in the corpus weighs UNKNOWN_WEIGHT times the rarest
# word, so a question about something the collection never mentions is not answered with noise.
# When the collection knows every question word (in some form), the question is about what it
# holds, phrased otherwise than the passage: one shared word then needs only
# KNOWN_SINGLE_WORD_COVERAGE («على ماذا تطل العراق؟» is answered; «ما هي عاصمة أستراليا؟»,
# whose Australia the seeds never name, is not).
MIN_COVERAGE = 0.15
SINGLE_WORD_COVERAGE = 0.4
KNOWN_SINGLE_WORD_COVERAGE = 0.25
UNKNOWN_WEIGHT = 2.0
DEFAULT_BM25 = Bm25Params()
DEFAULT_RERANK = RerankWeights(
    document=0.6,
    neighbours=0.3,
    proximity=0.3,
    answer_type=0.15,
    within_document=0.8,
    lead=0.3,
    title=0.4,
    defines=0.2,
    follow_up=0.3,
)
# An article is about the question when its title holds this share of the question's weight
# («العراق» in «ما الدول التي تحد العراق؟», not the common «دولة»); elsewhere the words that
# single a passage out of its article count RerankWeights.within_untitled as much.
ABOUT_THE_QUESTION = 0.2
# A passage holding no more than this share of new terms beside a higher-ranked passage of its
# document repeats it and is not shown (ARCD articles repeat their lead with a bracket less).
NEAR_DUPLICATE_SHARE = 0.95
# A what/who question longer than a definition favours an article's lead when the title opens
# with the question's words, give or take SUBJECT_SLACK words (a title, a second name).
SUBJECT_SLACK = 2
# A question word the collection lacks, of at least this many letters, also matches the words
# one typing slip away from it (روتشليد / روتشيلد); a shorter one, down to SOUND_ALIKE_MIN_LENGTH,
# only the words that swap one letter for another that sounds alike (ثامر / تامر).
TYPO_MIN_LENGTH = 5
SOUND_ALIKE_MIN_LENGTH = 3
# At most this many question words' variants, and documents' title terms, stay in memory.
_CACHED = 50_000
_QUOTED = re.compile(r'«([^»]+)»|"([^"]+)"|“([^”]+)”')


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
    # the question's words, as the asker wrote them, that the passage holds in no form
    missing_words: tuple[str, ...] = ()


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
    # the lift for the previous answer's document (RerankWeights.follow_up) decided the first hit
    followed_up: bool = False


@dataclass(frozen=True)
class SearchSettings:
    """Knobs of the searcher that are tuned on the eval sets."""

    min_coverage: float = MIN_COVERAGE
    single_word_coverage: float = SINGLE_WORD_COVERAGE
    known_single_word_coverage: float = KNOWN_SINGLE_WORD_COVERAGE
    bm25: Bm25Params = DEFAULT_BM25
    rerank: RerankWeights = DEFAULT_RERANK
    clitic_variants: bool = True
    taa_variants: bool = True
    variants_as_one: bool = True
    unknown_weight: float = UNKNOWN_WEIGHT
    question_phrasing: frozenset[str] = QUESTION_PHRASING
    verb_variants: bool = True
    plural_variants: bool = True
    ending_variants: bool = True
    weigh_as_variant: bool = True
    typo_variants: bool = True
    repair_unknown_words: bool = True
    title_words_in_excerpts: float = 0.25
    merge_repeats: bool = True


# Plain BM25 with Dalil's analyzer and "no answer" rule: every ranking technique off.
PLAIN_BM25 = SearchSettings(
    rerank=RerankWeights(),
    clitic_variants=False,
    taa_variants=False,
    question_phrasing=frozenset(),
    verb_variants=False,
    plural_variants=False,
    ending_variants=False,
    weigh_as_variant=False,
    typo_variants=False,
    repair_unknown_words=False,
    title_words_in_excerpts=1.0,
    merge_repeats=False,
)


class Searcher:
    """Ranks the passages of one corpus snapshot with exact BM25Okapi."""

    def __init__(
        self,
        corpus: Corpus,
        analyzer: Analyzer = DEFAULT_ANALYZER,
        settings: SearchSettings | None = None,
        aliases: AliasTable | None = None,
    ) -> None:
        """Build the postings of the corpus."""
        self.corpus = corpus
        self.analyzer = analyzer
        self.settings = settings = settings or SearchSettings()
        self.aliases = aliases or AliasTable()
        self._variants: dict[str, tuple[str, ...]] = {}
        self.phrasing_terms = frozenset(analyzer(" ".join(settings.question_phrasing)))
        self.index = Bm25Index(
            corpus.token_ids, corpus.lengths, len(corpus.vocabulary), settings.bm25
        )
        self.passage_documents = np.fromiter(
            (p.document for p in corpus.passages), dtype=np.int64, count=len(corpus.passages)
        )
        self.document_index = self._document_index()
        self.document_sizes = np.bincount(self.passage_documents, minlength=len(corpus.documents))
        self._title_terms: dict[int, frozenset[str]] = {}
        self._document_numbers: dict[str, int] | None = None

    def _document_index(self) -> Bm25Index:
        """BM25 over whole documents (their passages' terms back to back)."""
        corpus = self.corpus
        if np.all(self.passage_documents[1:] >= self.passage_documents[:-1]):
            tokens = corpus.token_ids  # passages already run document by document
        else:
            order = np.argsort(self.passage_documents, kind="stable")
            tokens = np.concatenate(
                [corpus.passage_terms(int(i)) for i in order] or [np.zeros(0, dtype=np.int32)]
            )
        lengths = np.bincount(
            self.passage_documents, weights=corpus.lengths, minlength=len(corpus.documents)
        ).astype(np.int64)
        params = dataclasses.replace(self.settings.bm25, positive_idf=True)
        return Bm25Index(tokens, lengths, len(corpus.vocabulary), params)

    @property
    def version(self) -> int:
        """The index version this searcher answers from."""
        return self.corpus.version

    def term_weight(self, term: str) -> float:
        """IDF of a term; one the corpus lacks weighs as its best variant, else above the rarest."""
        term_id = self.corpus.vocabulary.get(term)
        if term_id is None or self.index.doc_freqs[term_id] == 0:
            if self.settings.weigh_as_variant:
                known = [self.corpus.vocabulary[v] for v in self.variants(term)]
                known = [float(self.index.idf[v]) for v in known if self.index.doc_freqs[v]]
                if known:
                    return max(known)
            return self.settings.unknown_weight * self.index.max_idf()
        return float(self.index.idf[term_id])

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """Return the k best passages for analyzed terms, with their BM25 scores."""
        ids = [self.corpus.vocabulary.get(term, -1) for term in terms]
        return top_k(self.index.score(ids), k)

    def ranked(
        self, question: str, terms: list[str], pool: int, after: str | None = None
    ) -> list[tuple[int, float]]:
        """BM25 candidates re-scored with document, neighbour, proximity and answer-type cues
        (and, for a follow-up, the document of the previous answer: `after`, a path)."""
        ids = [self.corpus.vocabulary.get(term, -1) for term in terms]
        groups = self._groups(terms)
        matches = self.aliases.find(terms)
        if matches:
            scored = self._score_with_aliases(self.index, terms, matches)
        else:
            scored = self.index.score_groups(groups)
        candidates = top_k(scored, pool)
        phrases = [self._phrase_ids(p) for p in _quoted_phrases(question)]
        weights = self.settings.rerank
        previous = self.document_number(after) if after and weights.follow_up else None
        plain = weights == RerankWeights(pool=weights.pool) and previous is None
        if not candidates or (not phrases and plain):
            return candidates
        passages = np.array([p for p, _ in candidates], dtype=np.int64)
        final = normalized(np.array([s for _, s in candidates]))
        if previous is not None:
            final += weights.follow_up * (self.passage_documents[passages] == previous)
        if weights.document:
            final += weights.document * self._document_evidence(terms, matches, passages)
        if weights.neighbours:
            final += weights.neighbours * self._neighbour_evidence(scored, passages)
        titled = (
            self._title_evidence(terms, passages)
            if weights.title or weights.within_document
            else np.zeros(len(passages))
        )
        if weights.within_document:
            # a word rare inside an article that is not about the question (one naming «العراق»
            # in passing) says less than inside the article about it
            kept = np.where(titled >= ABOUT_THE_QUESTION, 1.0, weights.within_untitled)
            final += (
                weights.within_document
                * kept
                * self._within_document_evidence(self._word_holders(ids, matches), passages)
            )
        if weights.proximity:
            final += weights.proximity * self._proximity_evidence(groups, passages)
        words = self.analyzer.words(question)
        wanted = expected_type(words)
        if weights.answer_type and wanted:
            final += weights.answer_type * np.array(
                [has_answer_type(self.corpus.passages[p].text, wanted) for p in passages]
            )
        if weights.title:
            final += weights.title * titled
        definition = is_definition(words, len(terms)) or asks_for_a_name(words, terms)
        if weights.lead and definition:
            final += weights.lead * self._lead_evidence(passages)
        elif weights.lead and asks_what_or_who(words):
            final += weights.lead * self._subject_lead_evidence(terms, passages)
        if weights.defines and definition:
            final += weights.defines * self._definition_evidence(terms, passages)
        order = np.lexsort((passages, -final))
        reranked = [(int(passages[i]), float(final[i])) for i in order]
        if phrases:
            reranked = [
                (p, s)
                for p, s in reranked
                if all(contains_phrase(self.corpus.passage_terms(p), phrase) for phrase in phrases)
            ]
        return reranked

    def _score_with_aliases(
        self, index: Bm25Index, terms: list[str], matches: list[AliasMatch]
    ) -> ScoredUnits:
        """BM25 (of passages or documents) where each aliased name scores as its best-matching
        equivalent name."""
        inside = {i for m in matches for i in range(m.start, m.end)}
        plain = [t for i, t in enumerate(terms) if i not in inside]
        total = np.zeros(index.unit_count)
        base = index.score_groups(self._groups(plain))
        total[base.units] += base.scores
        for match in matches:
            best = np.zeros(index.unit_count)
            for member in match.members:
                member_scores = np.zeros(index.unit_count)
                found = index.score([self.corpus.vocabulary.get(t, -1) for t in member])
                scale = (match.end - match.start) / len(member)
                member_scores[found.units] = found.scores * scale
                np.maximum(best, member_scores, out=best)
            total += best
        units = np.flatnonzero(total)
        return ScoredUnits(units.astype(np.int32), total[units])

    def _groups(self, terms: list[str]) -> list[list[int]]:
        """Term ids to score: each term with its variants as one group, or each form alone."""
        vocabulary = self.corpus.vocabulary
        groups = [
            [vocabulary.get(t, -1), *(vocabulary[v] for v in self.variants(t))] for t in terms
        ]
        if self.settings.variants_as_one:
            return groups
        return [[t] for t in [g[0] for g in groups] + [v for g in groups for v in g[1:]]]

    def _document_evidence(
        self, terms: list[str], matches: list[AliasMatch], passages: np.ndarray
    ) -> np.ndarray:
        """Each candidate's document BM25 score, scaled so the best document scores 1 (an
        aliased name scores as its best equivalent, as in passages)."""
        documents = self.passage_documents[passages]
        if matches:
            scores = self._score_with_aliases(self.document_index, terms, matches)
        else:
            scores = self.document_index.score_groups(self._groups(terms))
        found = np.searchsorted(scores.units, documents)
        found = np.minimum(found, max(len(scores.units) - 1, 0))
        values = np.where(scores.units[found] == documents, scores.scores[found], 0.0)
        return normalized(values)

    def _word_holders(self, ids: list[int], matches: list[AliasMatch]) -> list[np.ndarray]:
        """The passages holding each distinct question word; an aliased name counts as one
        word, held by every passage holding one of its equivalent names."""
        inside = {i for m in matches for i in range(m.start, m.end)}
        plain = dict.fromkeys(t for i, t in enumerate(ids) if i not in inside and t >= 0)
        holders = [self.index.postings_of(t)[0] for t in plain]
        vocabulary = self.corpus.vocabulary
        for match in matches:
            held = []
            for member in match.members:
                member_ids = [vocabulary.get(t, -1) for t in member]
                if min(member_ids) < 0:
                    continue
                found = self.index.postings_of(member_ids[0])[0]
                for term_id in member_ids[1:]:
                    found = np.intersect1d(found, self.index.postings_of(term_id)[0])
                held.append(found)
            if held:
                holders.append(np.unique(np.concatenate(held)))
        return holders

    def _within_document_evidence(
        self, holders: list[np.ndarray], passages: np.ndarray
    ) -> np.ndarray:
        """Score candidates by the question words that single them out inside their document.

        A word found in every passage of a document (its subject, say «أردوغان» in his
        biography) tells nothing about which passage answers; a word found in few of them
        does. Each matched word counts log(1 + passages of the document / passages with it);
        `holders` gives each word's passages (see _word_holders).
        """
        documents = self.passage_documents[passages]
        sizes = self.document_sizes[documents].astype(np.float64)
        evidence = np.zeros(len(passages))
        for held in holders:
            if not len(held):
                continue
            inside = held[np.minimum(np.searchsorted(held, passages), len(held) - 1)]
            inside = inside == passages  # held is sorted: np.isin, minus its hashing
            counts = np.bincount(self.passage_documents[held], minlength=len(sizes) and 0)
            per_document = np.zeros(len(passages))
            known = documents < len(counts)
            per_document[known] = counts[documents[known]]
            with np.errstate(divide="ignore", invalid="ignore"):
                gain = np.log1p(sizes / np.maximum(per_document, 1))
            evidence += np.where(inside, gain, 0.0)
        return normalized(evidence)

    def _title_evidence(self, terms: list[str], passages: np.ndarray) -> np.ndarray:
        """Share of the question's weight that names each candidate's document in its title.

        A question about «العراق» is about the article titled so, not about one that mentions
        Iraq in passing; a word counts when its title holds it or one of its variants.
        """
        weights = {term: self.term_weight(term) for term in terms}
        total = sum(weights.values())
        forms = {term: {term, *self.variants(term)} for term in weights}
        shares: dict[int, float] = {}
        for document in {int(d) for d in self.passage_documents[passages]}:
            title = self.title_terms(document)
            found = sum(w for term, w in weights.items() if forms[term] & title)
            shares[document] = found / total if total else 0.0
        return np.array([shares[int(d)] for d in self.passage_documents[passages]])

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

    def _definition_evidence(self, terms: list[str], passages: np.ndarray) -> np.ndarray:
        """1 for a candidate with a sentence defining a question word («X هو ...», «X (...)»)."""
        forms = {f for term in terms for f in (term, *self.variants(term))}

        def is_subject(word: str) -> bool:
            return any(t in forms for t in self.analyzer.memo_terms(word)[:1])

        texts = [self.corpus.passages[p].text for p in passages]
        return np.array([opens_a_definition(t, is_subject) for t in texts], dtype=np.float64)

    def _subject_lead_evidence(self, terms: list[str], passages: np.ndarray) -> np.ndarray:
        """1 for a document's first passage when its title opens with every question word.

        «من هو العربي بن مهيدي؟» is too long a question to favour every article's lead, but
        the article whose title starts «العربي بن مهيدي أحد شهداء ...» is about him.
        """
        forms = [{term, *self.variants(term)} for term in terms]
        result = np.zeros(len(passages))
        for i, passage in enumerate(passages):
            info = self.corpus.passages[passage]
            if info.number != 1:
                continue
            title = self.corpus.documents[info.document].title
            opening = set(self.analyzer.memo_terms(title)[: len(terms) + SUBJECT_SLACK])
            if all(form & opening for form in forms):
                result[i] = 1.0
        return result

    def _lead_evidence(self, passages: np.ndarray) -> np.ndarray:
        """1 for a candidate that opens its document (where an article defines its subject)."""
        return np.array([self.corpus.passages[p].number == 1 for p in passages], dtype=np.float64)

    def _proximity_evidence(self, groups: list[list[int]], passages: np.ndarray) -> np.ndarray:
        """How close together, and in the question's order, a candidate holds the question's
        words; a variant stands for its word («بنقل عناصره» for «نقل عناصره»), as in BM25."""
        slot: dict[int, int] = {}
        for i, group in enumerate(groups):
            for term_id in group:
                if term_id >= 0:
                    slot.setdefault(term_id, i)
        query = [next((slot[t] for t in group if t >= 0), -1) for group in groups]
        result = np.zeros(len(passages))
        for n, passage in enumerate(passages):
            # each passage term as the question word it stands for (-1: none)
            terms = self.corpus.passage_terms(passage).tolist()
            words = np.array([slot.get(t, -1) for t in terms], dtype=np.int64)
            result[n] = (bigram_share(words, query) + window_share(words, query)) / 2
        return result

    def _neighbour_evidence(self, scored: ScoredUnits, passages: np.ndarray) -> np.ndarray:
        """The better BM25 score of a candidate's neighbours in the same document, scaled."""
        best = np.zeros(len(passages))
        for step in (-1, 1):
            others = passages + step
            valid = (others >= 0) & (others < len(self.passage_documents))
            others = np.clip(others, 0, len(self.passage_documents) - 1)
            same = valid & (self.passage_documents[others] == self.passage_documents[passages])
            found = np.minimum(np.searchsorted(scored.units, others), len(scored.units) - 1)
            values = np.where(same & (scored.units[found] == others), scored.scores[found], 0.0)
            best = np.maximum(best, values)
        top = float(scored.scores.max()) if len(scored.scores) else 0.0
        return best / top if top > 0 else best

    def phrase_count(self, text: str) -> int:
        """Count the passages in which the words of text occur back to back, in order."""
        ids = self._phrase_ids(text)
        if not ids or min(ids) < 0:
            return 0
        holders = self.index.postings_of(ids[0])[0]
        for term_id in ids[1:]:
            holders = np.intersect1d(holders, self.index.postings_of(term_id)[0])
        return sum(contains_phrase(self.corpus.passage_terms(int(p)), ids) for p in holders)

    def _phrase_ids(self, phrase: str) -> list[int]:
        """Term ids of a quoted phrase (-1 for words the corpus lacks)."""
        return [self.corpus.vocabulary.get(term, -1) for term in self.analyzer(phrase)]

    def is_known(self, term: str) -> bool:
        """Tell whether the collection has the term itself or one of its variants."""
        return term in self.corpus.vocabulary or bool(self.variants(term))

    def variants(self, term: str) -> list[str]:
        """Other forms of a question word that the corpus has (see _find_variants)."""
        found = self._variants.get(term)
        if found is None:
            if len(self._variants) >= _CACHED:
                self._variants.clear()
            found = self._variants[term] = self._find_variants(term)
        return list(found)

    def _find_variants(self, term: str) -> tuple[str, ...]:
        """Forms the corpus has: with or without a proclitic (ب ل ك ف و), ي/ت swapped, a final
        ت, the other verb tense, the broken plural or singular, or (for unknown words) a typo."""
        vocabulary = self.corpus.vocabulary
        stems, forms = [term], []
        if self.settings.clitic_variants:
            forms += [p + term for p in PROCLITICS]
            if len(term) >= 4 and term[0] in PROCLITICS:
                forms.append(term[1:])
                if term not in vocabulary:  # unknown بوظيفت: the rules below also try ظيفت
                    stems += dict.fromkeys([term[1:], self.analyzer.stem(term[1:])])
                    forms += stems[1:]
            if len(term) >= 3 and term[0] in "يت":
                forms.append(("ت" if term[0] == "ي" else "ي") + term[1:])
        for stem in stems:
            if self.settings.taa_variants:
                forms += _taa_forms(stem)
            if self.settings.verb_variants:
                forms += _verb_forms(stem)
            if self.settings.plural_variants:
                forms += _plural_forms(stem)
            if self.settings.ending_variants:
                forms += _ending_forms(stem)
        if self.settings.typo_variants and term not in vocabulary and len(term) <= MAX_SLIP_LENGTH:
            if len(term) >= TYPO_MIN_LENGTH:
                forms += one_edit_forms(term)
            elif len(term) >= SOUND_ALIKE_MIN_LENGTH:
                forms += sound_alike_forms(term)
        return tuple(dict.fromkeys(f for f in forms if f in vocabulary and f != term))

    def matched_terms(self, terms: list[str], passage: int) -> list[str]:
        """The distinct question terms a passage holds (directly, as a variant or an alias)."""
        present = {int(t) for t in self.corpus.passage_terms(passage)}
        vocabulary = self.corpus.vocabulary
        matched = [
            term
            for term in dict.fromkeys(terms)
            if any(vocabulary.get(f, -1) in present for f in [term, *self.variants(term)])
        ]
        for match in self.aliases.find(terms):
            if any(all(vocabulary.get(t, -1) in present for t in m) for m in match.members):
                matched += [t for t in terms[match.start : match.end] if t not in matched]
        return matched

    def coverage(self, terms: list[str], passage: int) -> float:
        """Share of the question's weight carried by the terms (or variants) a passage holds."""
        weights = {term: self.term_weight(term) for term in terms}
        total = sum(weights.values())
        matched = sum(weights[term] for term in self.matched_terms(terms, passage))
        return matched / total if total else 0.0

    def highlight_weights(self, terms: list[str]) -> dict[str, float]:
        """Weights of the terms to highlight: the question's, their variants and aliases."""
        weights = {term: self.term_weight(term) for term in terms}
        weights |= {v: weights[t] for t in terms for v in self.variants(t)}
        for term in _alias_terms(self.aliases.find(terms)):
            weights.setdefault(term, self.term_weight(term))
        return weights

    def too_weak(self, terms: list[str], passage: int) -> bool:
        """Tell whether a passage is too poor an answer to cite (see MIN_COVERAGE)."""
        coverage = self.coverage(terms, passage)
        if coverage < self.settings.min_coverage:
            return True
        single = len(self.matched_terms(terms, passage)) <= 1 < len(set(terms))
        if not single:
            return False
        if all(self.is_known(t) for t in terms):
            return coverage < self.settings.known_single_word_coverage
        return coverage < self.settings.single_word_coverage

    def question_terms(self, question: str) -> list[str]:
        """The question's terms, less the words that only phrase a request (if others remain)."""
        words = self.analyzer.words(question)
        if self.settings.repair_unknown_words:
            terms = [t for word in words for t in self._word_terms(word)]
        else:
            terms = self.analyzer.terms_of_words(words)
        stop = self.phrasing_terms
        kept = [t for t in terms if t not in stop]
        return kept or terms

    def _word_terms(self, word: str) -> list[str]:
        """A question word's terms, repaired (see repaired_terms) when the collection lacks them
        and all their variants."""
        terms = self.analyzer.terms_of_words([word])
        vocabulary = self.corpus.vocabulary
        if all(t in vocabulary for t in terms):
            return terms
        if is_misspelt_question_word(word):
            return []
        if all(self.is_known(t) for t in terms):
            return terms
        repaired = repaired_terms(word, self.analyzer, vocabulary.__contains__)
        return terms if repaired is None else repaired

    def search(
        self, question: str, top_k: int = 3, offset: int = 0, after: str | None = None
    ) -> Answer:
        """Answer a question with up to top_k distinct passages, starting after `offset`;
        `after` is the document path of the previous answer when the question follows one."""
        terms = self.question_terms(question)
        empty = Answer(question, tuple(terms), (), True, "", self.version, offset)
        if not terms:
            return _replace_reason(empty, "no_terms")
        pool = max(self.settings.rerank.pool, (offset + top_k) * 3)
        ranked = self.ranked(question, terms, pool, after)
        if not ranked:
            return _replace_reason(empty, "no_match")
        if self.too_weak(terms, ranked[0][0]):
            return _replace_reason(empty, "weak_match")
        distinct = _distinct_passages(
            self.corpus, ranked, offset + top_k + 1, self.settings.merge_repeats
        )
        page = distinct[offset : offset + top_k]
        weights = self.highlight_weights(terms)
        wanted = expected_type(self.analyzer.words(question))
        written = self._written_words(question)
        hits = tuple(
            self._hit(offset + i + 1, p, s, weights, wanted, self._missing(terms, p, written))
            for i, (p, s) in enumerate(page)
        )
        more = len(distinct) > offset + top_k
        followed = after is not None and self._lift_decided(ranked, after)
        return Answer(question, tuple(terms), hits, False, "", self.version, offset, more, followed)

    def _lift_decided(self, ranked: list[tuple[int, float]], after: str) -> bool:
        """Tell whether the first passage is first only through the follow-up lift."""
        previous = self.document_number(after)
        if previous is None or not self.settings.rerank.follow_up:
            return False
        top, score = ranked[0]
        documents = self.passage_documents
        if documents[top] != previous:
            return False
        rival = next((s for p, s in ranked if documents[p] != previous), None)
        return rival is not None and score - self.settings.rerank.follow_up <= rival

    def _written_words(self, question: str) -> dict[str, str]:
        """Each question term with the word the asker wrote it as (the first, if several)."""
        written: dict[str, str] = {}
        repair = self.settings.repair_unknown_words
        for raw in self.analyzer.raw_words(question):
            for word in self.analyzer.words(raw):
                terms = self._word_terms(word) if repair else self.analyzer.terms_of_words([word])
                for term in terms:
                    written.setdefault(term, raw)
        return written

    def _missing(self, terms: list[str], passage: int, written: dict[str, str]) -> tuple[str, ...]:
        """The written question words whose terms a passage holds in no form (nor alias)."""
        held = set(self.matched_terms(terms, passage))
        return tuple(dict.fromkeys(written[t] for t in terms if t not in held and t in written))

    def _hit(
        self,
        rank: int,
        passage_index: int,
        score: float,
        weights: dict[str, float],
        wanted: str | None = None,
        missing: tuple[str, ...] = (),
    ) -> Hit:
        """Build the citation, excerpt and highlights of one ranked passage."""
        passage = self.corpus.passages[passage_index]
        matches = [m for m in self.analyzer.spans(passage.text) if m.term in weights]
        cue = partial(has_answer_type, answer_type=wanted) if wanted else None
        excerpt = make_excerpt(
            passage.text, matches, self._excerpt_weights(weights, passage.document), cue=cue
        )
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
            missing,
        )

    def _excerpt_weights(self, weights: dict[str, float], document: int) -> dict[str, float]:
        """The weights that choose the excerpt window: a word of the document's title (its
        subject, named all over it) counts SearchSettings.title_words_in_excerpts as much, so
        the window goes where the words that ask something are («الحزب» in «ما الحزب الذي
        يرأسه أردوغان؟», not his name at the top of the paragraph)."""
        share = self.settings.title_words_in_excerpts
        if share == 1.0:
            return weights
        title = self.title_terms(document)
        return {term: w * share if term in title else w for term, w in weights.items()}

    def neighbours(self, passage_index: int) -> list[PassageInfo]:
        """Return a passage with the one before and the one after it in the same document."""
        passages = self.corpus.passages
        document = passages[passage_index].document
        around = range(max(0, passage_index - 1), min(len(passages), passage_index + 2))
        return [passages[i] for i in around if passages[i].document == document]


def _taa_forms(term: str) -> list[str]:
    """The stem with or without a final ت: the ة of عاصمة before a pronoun (عاصمتها → عاصمت),
    and of an -iyya word before a pronoun or in the dual, whose singular light8 strips of ية
    (الشيعيتان → شيعيت, الشيعية → شيع; جنسيته → جنسيت, الجنسية → جنس)."""
    if len(term) >= 4 and term.endswith("ت"):
        return [term[:-1], term[:-2]] if len(term) >= 5 and term.endswith("يت") else [term[:-1]]
    return [term + "ت", term + "يت"] if len(term) >= 3 else []


def _verb_forms(term: str) -> list[str]:
    """Present and past forms of a verb: يتزوج / تزوج, تهدف / هدف, ينتقد / انتقد."""
    if len(term) < 4:
        return []
    if term[0] in "يتن":
        return [term[1:], "ا" + term[1:]]
    if term[0] == "ا":
        return ["ي" + term[1:], "ت" + term[1:]]
    return []


def _plural_forms(term: str) -> list[str]:
    """Broken plural and singular stems: مناهج / منهج, دروس / درس, اطفال / طفل."""
    forms = []
    if len(term) == 5 and term[2] == "ا":
        forms.append(term[:2] + term[3:])
    if len(term) == 4 and term[2] == "و":
        forms.append(term[:2] + term[3:])
    if len(term) == 5 and term[0] == "ا" and term[3] == "ا":
        forms.append(term[1:3] + term[4:])
    if len(term) == 4:
        forms.append(term[:2] + "ا" + term[2:])
    if len(term) == 3:
        forms += [term[:2] + "و" + term[2:], "ا" + term[:2] + "ا" + term[2:]]
    return forms


def _ending_forms(term: str) -> list[str]:
    """A past verb's plural ending وا, which light8 keeps, both ways: قتلوا / قتل, ساهموا / ساهم.
    (Tried and left out: the accusative alif, كم مدنيا → مدني. It also joined فرنسا to فرنس
    (فرنسي), هولندا to هولند and cost arcd-train more questions than it won.)"""
    if len(term) >= 5 and term.endswith("وا"):
        return [term[:-2]]
    return [term + "وا"] if len(term) >= 3 else []


def _alias_terms(matches: list[AliasMatch]) -> list[str]:
    """Every term of every equivalent name of the matched alias groups."""
    return list(dict.fromkeys(t for m in matches for member in m.members for t in member))


def _quoted_phrases(question: str) -> list[str]:
    """Return the phrases a question quotes with «...», "..." or “...”."""
    return [next(g for g in match.groups() if g) for match in _QUOTED.finditer(question)]


def _replace_reason(answer: Answer, reason: str) -> Answer:
    """Return an abstaining answer with its reason."""
    return Answer(
        answer.question, answer.terms, (), True, reason, answer.index_version, answer.offset
    )


def _distinct_passages(
    corpus: Corpus, ranked: list[tuple[int, float]], enough: int, merge: bool = True
) -> list[tuple[int, float]]:
    """The ranked passages less those that repeat one ranked higher, up to `enough` of them.

    A passage repeats another when its text is the same (seed 003 repeats paragraphs), or (when
    merging) nearly every distinct term it holds (NEAR_DUPLICATE_SHARE) is in a higher-ranked
    passage of the same document: an article's lead copied with a bracket less, a paragraph
    quoted again. When merging, a passage holding every term of a higher-ranked one of its
    document says all it says and more: it takes that one's place (ARCD's lead, then the lead
    continued in one paragraph).
    """
    seen: set[str] = set()
    kept_terms: list[tuple[int, set[int]]] = []
    distinct: list[tuple[int, float]] = []
    for passage, score in ranked:
        info = corpus.passages[passage]
        key = " ".join(info.text.split())
        terms = set(corpus.passage_terms(passage).tolist()) if merge else set()
        needed = NEAR_DUPLICATE_SHARE * len(terms)
        if key in seen or any(
            document == info.document and len(terms & held) >= needed
            for document, held in kept_terms
            if terms
        ):
            continue
        seen.add(key)
        fuller_of = next(
            (
                i
                for i, (document, held) in enumerate(kept_terms)
                if document == info.document and held and held <= terms
            ),
            None,
        )
        if fuller_of is not None:
            distinct[fuller_of] = (passage, distinct[fuller_of][1])
            kept_terms[fuller_of] = (info.document, terms)
            continue
        kept_terms.append((info.document, terms))
        distinct.append((passage, score))
        if len(distinct) >= enough:
            break
    return distinct
