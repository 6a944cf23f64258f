"""Spelling slips in questions: sound-alike letters, one-edit typos, repairs of unknown words."""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.analyzer import Analyzer
from retrieval.stopwords import SLIP_PRONE

PROCLITICS = "بلكفو"
# Letters people write for one another because they sound or look alike (ثامر / تامر, مادا / ماذا).
SOUND_ALIKE = ("ثتط", "ذدز", "ضظد", "سصث", "قكء", "حه", "عا", "يا")
ARABIC_LETTERS = "ءابتثجحخدذرزسشصضطظعغفقكلمنهويئؤ"
# Longer "words" are not words a person misspelt (a pasted link, a row of letters): left alone.
MAX_SLIP_LENGTH = 30
# A run-together word is cut into a stopword (ما|الاسم) or parts of at least this many letters.
MIN_PART_LENGTH = 3
# Arabic never writes a letter three times in a row: such a run is a key held down or a word
# drawn out for emphasis (بدظظظظظا, جمييييل).
_HELD_KEY = re.compile(r"([\u0621-\u064a])\1{2,}")


def sound_alike_forms(word: str) -> list[str]:
    """The word with one letter swapped for one that sounds or looks alike (ثامر / تامر)."""
    forms = []
    for i, letter in enumerate(word):
        for group in SOUND_ALIKE:
            if letter in group:
                forms += [word[:i] + other + word[i + 1 :] for other in group if other != letter]
    return forms


def one_edit_forms(word: str) -> list[str]:
    """Every string one deletion, swap of neighbours, substitution or insertion away."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    forms = [a + b[1:] for a, b in cuts if b]
    forms += [a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1]
    forms += [a + c + b[1:] for a, b in cuts if b for c in ARABIC_LETTERS]
    forms += [a + c + b for a, b in cuts for c in ARABIC_LETTERS]
    return forms


def is_misspelt_question_word(word: str) -> bool:
    """Tell whether a word is a question word or relative pronoun (SLIP_PRONE) written with a
    sound-alike letter or a doubled letter, maybe behind a one-letter proclitic: مادا, لمادا
    (لماذا), اللذي (الذي), بكم."""
    forms = [word]
    if len(word) >= 3 and word[0] in PROCLITICS:
        forms.append(word[1:])
    for form in forms:
        doubled = [i for i in range(1, len(form)) if form[i] == form[i - 1]]
        undoubled = [form[:i] + form[i + 1 :] for i in doubled]
        if any(f in SLIP_PRONE for f in [form, *sound_alike_forms(form), *undoubled]):
            return True
    return False


def held_key_forms(word: str) -> list[str]:
    """The word with each run of one letter written three times or more cut to one letter, then
    left out: a key held down or a drawn-out word (جمييييل → جميل, بدظظظظظا → بدظا, بدا)."""
    if not _HELD_KEY.search(word):
        return []
    return [_HELD_KEY.sub(r"\1", word), _HELD_KEY.sub("", word)]


def repaired_terms(word: str, analyzer: Analyzer, known: Callable[[str], bool]) -> list[str] | None:
    """Terms to use for a question word whose term the collection lacks: [] to drop a misspelt
    stopword, the known terms of the word without a held-down key's letters, without its
    proclitic or stemmed once more, or of its two run-together halves (ماذايحدث → ماذا يحدث);
    None when no repair fits."""
    if len(word) > MAX_SLIP_LENGTH:
        return None
    if is_misspelt_question_word(word):
        return []
    for form in held_key_forms(word):
        if form in analyzer.stopwords:
            return []  # a drawn-out question word: «متيييي»
        terms = analyzer.terms_of_words([form])
        if terms and all(known(t) for t in terms):
            return terms
    if len(word) >= 4 and word[0] in PROCLITICS:
        terms = analyzer.terms_of_words([word[1:]])
        if terms and all(known(t) for t in terms):
            return terms
    for term in analyzer.terms_of_words([word]):
        again = analyzer.stem(term)
        if again != term and known(again):
            return [again]
    return _split_run_together(word, analyzer, known)


def _split_run_together(
    word: str, analyzer: Analyzer, known: Callable[[str], bool]
) -> list[str] | None:
    """Cut a word into two known parts, the most even cut first, where a word visibly starts:
    after a stopword (ماذا|يحدث) or before the article ال (الاسكندر|الاكبر, سمي|التقويم).
    Any other cut of an unknown name into two known stems would be a guess."""
    stopwords = analyzer.stopwords

    def part_terms(part: str) -> list[str] | None:
        """A part's terms ([] for a stopword), or None when the part is no known word."""
        terms = analyzer.terms_of_words([part])
        if not terms:
            return [] if part in stopwords else None
        fits = len(part) >= MIN_PART_LENGTH and all(known(t) for t in terms)
        return terms if fits else None

    for cut in sorted(range(2, len(word) - 1), key=lambda i: -min(i, len(word) - i)):
        left, right = word[:cut], word[cut:]
        if not (left in stopwords or right in stopwords or right.startswith("ال")):
            continue
        left_terms, right_terms = part_terms(left), part_terms(right)
        if left_terms is not None and right_terms is not None and left_terms + right_terms:
            return left_terms + right_terms
    return None
