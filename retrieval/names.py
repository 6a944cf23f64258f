"""Keep names whole (Lucene's keyword-marker idea): a listed place loses its clitics, never its
letters, so بأبها and أبها are both ابها (light8 makes them باب and اب)."""

from __future__ import annotations

from functools import lru_cache

from retrieval.normalize import normalize
from retrieval.places import listed_names
from retrieval.stemming import light_stem

ARTICLE = "ال"
# What may stand before a name: و or ف, then ب ل or ك, then the article (لل is ل + ال).
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ل", "ك")
CLITIC_PREFIXES = tuple(
    sorted(
        {c + p + a for c in _CONJUNCTIONS for p in _PREPOSITIONS for a in ("", ARTICLE)}
        | {c + "لل" for c in _CONJUNCTIONS},
        key=len,
    )
)


def name_key(name: str) -> str:
    """A listed name as it is indexed: normalized, without a leading article."""
    word = normalize(name)
    return word[len(ARTICLE) :] if word.startswith(ARTICLE) and len(word) >= 4 else word


PROTECTED = frozenset(name_key(name) for name in listed_names())


# The clitic prefixes by length, shortest first: a word starts with at most one of each length.
_PREFIXES_BY_LENGTH = tuple(
    (n, frozenset(p for p in CLITIC_PREFIXES if len(p) == n))
    for n in sorted({len(p) for p in CLITIC_PREFIXES})
)


def kept_name(word: str, protected: frozenset[str] = PROTECTED) -> str | None:
    """The protected name a normalized word is, once its clitics (the shortest that leave a
    name) are taken off, or None."""
    for length, prefixes in _PREFIXES_BY_LENGTH:
        if word[:length] in prefixes and word[length:] in protected:
            return word[length:]
    return None


@lru_cache(maxsize=500_000)
def stem_keeping_names(word: str) -> str:
    """Light8, except that a listed name only loses its clitics."""
    name = kept_name(word)
    return light_stem(word) if name is None else name
