"""Light Arabic stemmers: the Lucene-style one Dalil uses, and the ones it was compared with."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

# Lucene's ArabicStemmer (Larkey, Ballesteros and Connell's "light8"), applied to text that
# has already been normalized (so ة has become ه and ى has become ي).
LUCENE_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
LUCENE_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def _strips_prefix(word: str, prefix: str) -> bool:
    """Tell whether a prefix may be removed and leave a real stem behind."""
    if len(prefix) == 1 and len(word) < 4:
        return False
    return len(word) >= len(prefix) + 2 and word.startswith(prefix)


def _strips_suffix(word: str, suffix: str) -> bool:
    """Tell whether a suffix may be removed and leave a real stem behind."""
    return len(word) >= len(suffix) + 2 and word.endswith(suffix)


@lru_cache(maxsize=500_000)
def light_stem(word: str) -> str:
    """Remove one article/conjunction prefix and the common suffixes (Lucene's light8)."""
    for prefix in LUCENE_PREFIXES:
        if _strips_prefix(word, prefix):
            word = word[len(prefix) :]
            break
    for suffix in LUCENE_SUFFIXES:
        if _strips_suffix(word, suffix):
            word = word[: -len(suffix)]
    return word


def no_stem(word: str) -> str:
    """Leave the word as it is (the baseline the stemmers are measured against)."""
    return word


def snowball_stemmer() -> Callable[[str], str]:
    """Return the Snowball Arabic stemmer from PyStemmer (dev extra), cached per word."""
    import Stemmer

    return lru_cache(maxsize=500_000)(Stemmer.Stemmer("arabic").stemWord)


def tashaphyne_stemmer() -> Callable[[str], str]:
    """Return Tashaphyne's light stemmer (dev extra), cached per word."""
    from tashaphyne.stemming import ArabicLightStemmer

    stemmer = ArabicLightStemmer()
    return lru_cache(maxsize=500_000)(stemmer.light_stem)
