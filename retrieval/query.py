"""A question analyzed once: its terms, their forms and weights, what it asks for."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from retrieval.aliases import AliasMatch, AliasTable
from retrieval.analyzer import Analyzer
from retrieval.answer_types import asks_for_a_name, asks_what_or_who, expected_type, is_definition
from retrieval.broad import BROAD_MARKERS, broad_subject
from retrieval.names import kept_name
from retrieval.normalize import normalize
from retrieval.spelling import is_misspelt_question_word, repaired_terms
from retrieval.variants import Lexicon

if TYPE_CHECKING:
    from retrieval.settings import SearchSettings

_QUOTED = re.compile(r'«([^»]+)»|"([^"]+)"|“([^”]+)”')
# Words that only say what kind of place the listed name after them is («مدينة الخبر»,
# «محافظة الخبر», «منطقة جازان»): an article names the place with another of them or none.
PLACE_DESCRIPTORS = frozenset(
    normalize(w) for w in ("مدينة", "محافظة", "منطقة", "بلدة", "قرية", "مدينه", "عاصمة")
)


def without_place_descriptors(words: list[str]) -> list[str]:
    """The words less each place descriptor right before a listed place name."""
    return [
        word
        for i, word in enumerate(words)
        if not (
            word in PLACE_DESCRIPTORS and i + 1 < len(words) and kept_name(words[i + 1]) is not None
        )
    ]


@dataclass(frozen=True)
class Query:
    """Everything the ranking stages need to know about one question; built by parse()."""

    text: str
    terms: tuple[str, ...]
    # each term's id and the ids of its variants (one group per term)
    term_groups: tuple[tuple[int, ...], ...]
    # the groups BM25 scores: term_groups, or every form alone (SearchSettings.variants_as_one)
    groups: tuple[tuple[int, ...], ...]
    # each distinct term with its variants
    forms: Mapping[str, frozenset[str]]
    # each distinct term's IDF weight (Lexicon.term_weight)
    weights: Mapping[str, float]
    # the weights of the words to highlight: the terms, their variants and their aliases' terms
    highlights: Mapping[str, float]
    aliases: tuple[AliasMatch, ...]
    # each term with the word the asker wrote it as (the first, if several)
    written: Mapping[str, str]
    all_known: bool
    answer_type: str | None
    definition: bool
    what_or_who: bool
    phrases: tuple[tuple[int, ...], ...]
    # the document of the previous answer, when the question follows one (and follow_up is on)
    previous_document: int | None
    # the question's words in their exact (normalized) form, each with its term's weight
    exact: tuple[tuple[str, float], ...] = ()

    @property
    def term_ids(self) -> list[int]:
        """Each term's id (-1 for terms the collection lacks)."""
        return [group[0] for group in self.term_groups]


def quoted_phrases(question: str) -> list[str]:
    """Return the phrases a question quotes with «...», "..." or “...”."""
    return [next(g for g in match.groups() if g) for match in _QUOTED.finditer(question)]


def alias_terms(matches: tuple[AliasMatch, ...]) -> list[str]:
    """Every term of every equivalent name of the matched alias groups."""
    return list(dict.fromkeys(t for m in matches for member in m.members for t in member))


def each_form_alone(groups: tuple[tuple[int, ...], ...]) -> tuple[tuple[int, ...], ...]:
    """Every form of every group as a group of its own: the terms first, then the variants."""
    return tuple((g[0],) for g in groups) + tuple((v,) for g in groups for v in g[1:])


class QueryParser:
    """Builds Query values for one collection (its lexicon) and one set of techniques."""

    def __init__(self, lexicon: Lexicon, analyzer: Analyzer, settings: SearchSettings) -> None:
        """Remember the lexicon and which question words only phrase a request."""
        self.lexicon = lexicon
        self.analyzer = analyzer
        self.settings = settings
        phrasing = settings.question_phrasing if settings.uses("question_phrasing") else ()
        self.phrasing_terms = frozenset(analyzer(" ".join(phrasing)))
        self.broad_terms = frozenset(analyzer(" ".join(BROAD_MARKERS)))

    def parse(
        self, question: str, aliases: AliasTable, previous_document: int | None = None
    ) -> Query:
        """Analyze a question once for every stage after it."""
        analyzer, lexicon, settings = self.analyzer, self.lexicon, self.settings
        words = analyzer.words(question)
        word_terms: dict[str, list[str]] = {}
        terms = self._terms(words, word_terms)
        term_groups = tuple(
            (lexicon.term_id(t), *(lexicon.vocabulary[v] for v in lexicon.variants(t)))
            for t in terms
        )
        weights = {t: lexicon.term_weight(t) for t in terms}
        matches = tuple(aliases.find(terms)) if settings.uses("aliases") else ()
        highlights = weights | {v: weights[t] for t in terms for v in lexicon.variants(t)}
        for term in alias_terms(matches):
            highlights.setdefault(term, lexicon.term_weight(term))
        return Query(
            text=question,
            terms=tuple(terms),
            term_groups=term_groups,
            groups=term_groups if settings.variants_as_one else each_form_alone(term_groups),
            forms={t: frozenset((t, *lexicon.variants(t))) for t in weights},
            weights=weights,
            highlights=highlights,
            aliases=matches,
            written=self._written(question, word_terms),
            all_known=all(lexicon.is_known(t) for t in terms),
            answer_type=expected_type(words),
            definition=is_definition(words, len(terms)) or asks_for_a_name(words, terms),
            what_or_who=asks_what_or_who(words),
            phrases=tuple(
                tuple(lexicon.term_id(t) for t in analyzer(p)) for p in quoted_phrases(question)
            ),
            previous_document=previous_document if settings.weight("follow_up") else None,
            exact=self._exact(words, word_terms, weights),
        )

    def _exact(
        self, words: list[str], word_terms: dict[str, list[str]], weights: dict[str, float]
    ) -> tuple[tuple[str, float], ...]:
        """The question's words in their exact (normalized) form, each with its term's weight
        (words whose first term is their plain stem)."""
        return tuple(
            (word, weights[term])
            for word in dict.fromkeys(words)
            for term in word_terms.get(word, [])[:1]
            if term in weights and term == self.analyzer.stem(word)
        )

    def _terms(self, words: list[str], memo: dict[str, list[str]]) -> list[str]:
        """The question's terms, less the words that only phrase a request (if others remain)."""
        if self.settings.uses("place_descriptors"):
            words = without_place_descriptors(words)
        terms = [t for word in words for t in self._word_terms(word, memo)]
        stop = self.phrasing_terms
        subject = broad_subject(words)
        if subject is not None:  # «ماذا حدث في إدلب؟» searches «إدلب» («الخبر» too)
            stop = stop | (self.broad_terms - set(self.analyzer.terms_of_words(subject)))
        kept = [t for t in terms if t not in stop]
        return kept or terms

    def _word_terms(self, word: str, memo: dict[str, list[str]]) -> list[str]:
        """A question word's terms, repaired (see spelling.repaired_terms) when the collection
        lacks them and all their variants (remembered in memo for this question)."""
        found = memo.get(word)
        if found is None:
            found = memo[word] = self._repaired(word)
        return found

    def _repaired(self, word: str) -> list[str]:
        """A word's terms, or their repair when repairing unknown words is on and needed."""
        terms = self.analyzer.terms_of_words([word])
        if not self.settings.uses("repair_unknown_words"):
            return terms
        vocabulary = self.lexicon.vocabulary
        if all(t in vocabulary for t in terms):
            return terms
        if is_misspelt_question_word(word):
            return []
        if all(self.lexicon.is_known(t) for t in terms):
            return terms
        repaired = repaired_terms(word, self.analyzer, vocabulary.__contains__)
        return terms if repaired is None else repaired

    def _written(self, question: str, memo: dict[str, list[str]]) -> dict[str, str]:
        """Each question term with the word the asker wrote it as (the first, if several)."""
        written: dict[str, str] = {}
        for raw in self.analyzer.raw_words(question):
            for word in self.analyzer.words(raw):
                for term in self._word_terms(word, memo):
                    written.setdefault(term, raw)
        return written
