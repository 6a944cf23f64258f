"""The one analyzer: normalize, tokenize, drop stopwords, stem; used for passages and questions."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field

from retrieval.names import stem_keeping_names
from retrieval.normalize import normalize
from retrieval.stemming import light_stem, no_stem
from retrieval.stopwords import STOPWORDS

# Bump when any rule changes: an index built by another version must be rebuilt.
ANALYZER_VERSION = "5-light8-names"

_TOKEN = re.compile(r"[^\W_]+")
# A run of word characters in raw text, with the marks normalization removes inside words,
# and the rial sign ﷼, the one non-word character that normalizes to letters (ريال).
_RAW_WORD = re.compile(
    r"[\w\u0610-\u061a\u061c\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u00ad"
    r"\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\ufdfc]+"
)
# The stemmers whose stems are pieces of their words (they only cut letters off the ends).
_CUTTING_STEMMERS = frozenset({stem_keeping_names, light_stem, no_stem})
# At most this many raw words keep their analysis in memory (a few tens of MB).
_WORD_TERMS_LIMIT = 200_000
# At most this many normalized words keep their term in memory (indexing looks up every word).
_WORD_TERM_LIMIT = 300_000


class _TermOfWord(dict[str, str | None]):
    """Normalized word -> its term, or None for a word that is not indexed (a stopword, too
    short); a word not seen yet is analyzed on lookup, so a known word costs one dict lookup."""

    def __init__(self, stem: Callable[[str], str], stopwords: frozenset[str], min_length: int):
        """Analyze words with these rules."""
        super().__init__()
        self.rules = stem, stopwords, min_length

    def __missing__(self, word: str) -> str | None:
        """Analyze a word seen for the first time, and keep its term."""
        stem, stopwords, min_length = self.rules
        if len(self) >= _WORD_TERM_LIMIT:
            self.clear()
        term = self[word] = None if word in stopwords or len(word) < min_length else stem(word)
        return term


@dataclass(frozen=True)
class TokenSpan:
    """An analyzed token and the character span of the raw word it came from."""

    term: str
    start: int
    end: int


@dataclass(frozen=True)
class WordForms:
    """One indexed word in its two forms: exact (normalized) and its term (light stem), with the
    character span of the raw word it came from."""

    exact: str
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class Analyzer:
    """Turns text into index terms; the same instance serves indexing and questions."""

    stem: Callable[[str], str] = field(default=stem_keeping_names)
    stopwords: frozenset[str] = STOPWORDS
    min_length: int = 1
    # raw word -> its terms, for spans() (highlighting re-analyzes the same words over and over)
    _word_terms: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    # normalized word -> its term (None when not indexed), for terms_of_words
    _term_of: _TermOfWord = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Start the memo of word terms empty."""
        memo = _TermOfWord(self.stem, self.stopwords, self.min_length)
        object.__setattr__(self, "_term_of", memo)

    def terms_of_words(self, words: list[str]) -> list[str]:
        """Stem the normalized words that are not stopwords."""
        return [term for term in map(self._term_of.__getitem__, words) if term is not None]

    @property
    def terms_inside_words(self) -> bool:
        """Tell whether each term is a piece of its normalized word (light8 and the name rule
        only take letters off its ends), so a text whose normalized form lacks a term's
        letters lacks the term."""
        return self.stem in _CUTTING_STEMMERS

    def normalized(self, text: str) -> str:
        """The text as its words are analyzed: normalized."""
        return normalize(text)

    def words(self, text: str) -> list[str]:
        """Return the normalized words of text, stopwords included."""
        return _TOKEN.findall(normalize(text))

    def __call__(self, text: str) -> list[str]:
        """Return the index terms of text."""
        return self.terms_of_words(self.words(text))

    def each(self, texts: list[str]) -> list[list[str]]:
        """The index terms of each text, as self(text) gives them; texts without line breaks
        are normalized in one call (normalization goes character by character)."""
        if len(texts) < 2 or any("\n" in text for text in texts):
            return [self(text) for text in texts]
        lines = normalize("\n".join(texts)).split("\n")
        return [self.terms_of_words(_TOKEN.findall(line)) for line in lines]

    def spans(self, text: str, only: Collection[str] | None = None) -> list[TokenSpan]:
        """Return the index terms of text with the raw-text span each came from (only the
        terms in `only`, when given)."""
        matches = list(_RAW_WORD.finditer(text))
        if only is not None and self.terms_inside_words and "" not in only:
            matches = [matches[i] for i in _holding(matches, only)]
        spans = []
        for match in matches:
            for term in self._raw_word_terms(match.group()):
                if only is None or term in only:
                    spans.append(TokenSpan(term, match.start(), match.end()))
        return spans

    def forms(self, text: str) -> list[WordForms]:
        """Every indexed word of text in its exact and stemmed forms, with its raw-text span."""
        return [
            WordForms(word, self.stem(word), match.start(), match.end())
            for match in _RAW_WORD.finditer(text)
            for word in self.words(match.group())
            if word not in self.stopwords and len(word) >= self.min_length
        ]

    def exact_words(self, text: str) -> frozenset[str]:
        """The normalized words of text that are not stopwords (the exact forms)."""
        stop = self.stopwords
        return frozenset(w for w in self.words(text) if w not in stop)

    def raw_words(self, text: str) -> list[str]:
        """The words of text as written (marks and all), in order."""
        return _RAW_WORD.findall(text)

    def memo_terms(self, text: str) -> list[str]:
        """The terms of text, as spans() finds them, without their spans (short texts asked
        about again and again, such as titles)."""
        return [t for word in _RAW_WORD.findall(text) for t in self._raw_word_terms(word)]

    def _raw_word_terms(self, word: str) -> tuple[str, ...]:
        """The terms of one raw word, remembered."""
        known = self._word_terms
        terms = known.get(word)
        if terms is None:
            if len(known) >= _WORD_TERMS_LIMIT:
                known.clear()
            terms = known[word] = tuple(self(word))
        return terms


def _holding(words: list[re.Match[str]], terms: Iterable[str]) -> list[int]:
    """The positions of the raw words whose normalized letters hold one of the terms (the
    only words that can have them as terms, when terms are pieces of their words), ascending.

    The words are normalized at once, one per line: normalization goes character by
    character, so each line is its word normalized alone."""
    letters = normalize("\n".join(match.group() for match in words))
    starts = [0]
    for line in letters.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    held: set[int] = set()
    for term in terms:
        found = letters.find(term)
        while found >= 0:
            held.add(bisect_right(starts, found) - 1)
            found = letters.find(term, found + 1)
    return sorted(held)


DEFAULT_ANALYZER = Analyzer()


def analyze(text: str) -> list[str]:
    """Return the index terms of text with Dalil's default analyzer."""
    return DEFAULT_ANALYZER(text)
