"""The forms of a question word the collection has, and how much each question word weighs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from retrieval.analyzer import Analyzer
from retrieval.bm25 import Bm25Index
from retrieval.spelling import MAX_SLIP_LENGTH, PROCLITICS, one_edit_forms, sound_alike_forms

if TYPE_CHECKING:
    from retrieval.settings import SearchSettings

# A question word the collection lacks, of at least this many letters, also matches the words
# one typing slip away from it (روتشليد / روتشيلد); a shorter one, down to SOUND_ALIKE_MIN_LENGTH,
# only the words that swap one letter for another that sounds alike (ثامر / تامر).
TYPO_MIN_LENGTH = 5
SOUND_ALIKE_MIN_LENGTH = 3
# At most this many question words' variants stay in memory.
_CACHED = 50_000


def taa_forms(term: str) -> list[str]:
    """The stem with or without a final ت: the ة of عاصمة before a pronoun (عاصمتها → عاصمت),
    and of an -iyya word before a pronoun or in the dual, whose singular light8 strips of ية
    (الشيعيتان → شيعيت, الشيعية → شيع; جنسيته → جنسيت, الجنسية → جنس)."""
    if len(term) >= 4 and term.endswith("ت"):
        return [term[:-1], term[:-2]] if len(term) >= 5 and term.endswith("يت") else [term[:-1]]
    return [term + "ت", term + "يت"] if len(term) >= 3 else []


# The article and the article behind a one-letter proclitic, which light8 strips from a word
# (كال، بال، وال، فال، لل); it strips one prefix only, so وكاليفورنيا keeps كال.
_ARTICLES = ("ال", "كال", "بال", "فال", "وال", "لل")


def article_forms(term: str) -> list[str]:
    """The stem with an article-like prefix light8 left on another form of the same word:
    يفورنيا (كاليفورنيا) / كاليفورنيا (وكاليفورنيا) / بكاليفورنيا, مدرس / بالمدرس (وبالمدرسة)."""
    if len(term) < 3:
        return []
    return [c + a + term for a in _ARTICLES for c in ("", *PROCLITICS)]


def verb_forms(term: str) -> list[str]:
    """Present and past forms of a verb: يتزوج / تزوج, تهدف / هدف, ينتقد / انتقد."""
    if len(term) < 4:
        return []
    if term[0] in "يتن":
        return [term[1:], "ا" + term[1:]]
    if term[0] == "ا":
        return ["ي" + term[1:], "ت" + term[1:]]
    return []


def plural_forms(term: str) -> list[str]:
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


def ending_forms(term: str) -> list[str]:
    """A past verb's plural ending وا, which light8 keeps, both ways: قتلوا / قتل, ساهموا / ساهم.
    (Tried and left out: the accusative alif, كم مدنيا → مدني. It also joined فرنسا to فرنس
    (فرنسي), هولندا to هولند and cost arcd-train more questions than it won.)"""
    if len(term) >= 5 and term.endswith("وا"):
        return [term[:-2]]
    return [term + "وا"] if len(term) >= 3 else []


def masdar_forms(term: str) -> list[str]:
    """A verb and its تفعلة noun, which light8 leaves apart: كلف / كلفت / تكلف (تكلفة), وسع /
    توسع (توسعة), جرب / تجرب (تجربة); a root with a long vowel inside is left alone (جار)."""
    if len(term) == 3 and term[1] not in "اوي":
        return ["ت" + term]
    if len(term) == 4 and term.endswith("ت") and term[0] != "ت" and term[1] not in "اوي":
        return ["ت" + term[:3]]
    if len(term) == 4 and term[0] == "ت" and term[2] not in "اوي":
        return [term[1:] + "ت"]
    return []


# The stem rules, by technique name, in the order their forms are tried.
STEM_RULES: dict[str, Callable[[str], list[str]]] = {
    "taa_variants": taa_forms,
    "masdar_variants": masdar_forms,
    "verb_variants": verb_forms,
    "plural_variants": plural_forms,
    "ending_variants": ending_forms,
    "article_variants": article_forms,
}


def typo_forms(term: str) -> list[str]:
    """Words one typing slip away (long words) or one sound-alike letter away (short ones)."""
    if len(term) > MAX_SLIP_LENGTH:
        return []
    if len(term) >= TYPO_MIN_LENGTH:
        return one_edit_forms(term)
    return sound_alike_forms(term) if len(term) >= SOUND_ALIKE_MIN_LENGTH else []


class Lexicon:
    """The collection's vocabulary seen from a question: term ids, variants and weights."""

    def __init__(
        self,
        vocabulary: dict[str, int],
        index: Bm25Index,
        analyzer: Analyzer,
        settings: SearchSettings,
    ) -> None:
        """Remember the vocabulary, the passage index (for IDF) and the variant switches."""
        self.vocabulary = vocabulary
        self.index = index
        self.analyzer = analyzer
        self.settings = settings
        self._variants: dict[str, tuple[str, ...]] = {}

    def term_id(self, term: str) -> int:
        """The id of a term (-1 when the collection lacks it)."""
        return self.vocabulary.get(term, -1)

    def variants(self, term: str) -> tuple[str, ...]:
        """Other forms of a question word that the corpus has (see _find_variants)."""
        found = self._variants.get(term)
        if found is None:
            if len(self._variants) >= _CACHED:
                self._variants.clear()
            found = self._variants[term] = self._find_variants(term)
        return found

    def _find_variants(self, term: str) -> tuple[str, ...]:
        """Forms the corpus has: with or without a proclitic (ب ل ك ف و), ي/ت swapped, a final
        ت, the other verb tense, the broken plural or singular, or (for unknown words) a typo."""
        vocabulary, uses = self.vocabulary, self.settings.uses
        stems, forms = [term], []
        if uses("clitic_variants"):
            forms += [p + term for p in PROCLITICS]
            if len(term) >= 4 and term[0] in PROCLITICS:
                forms.append(term[1:])
                if term not in vocabulary:  # unknown بوظيفت: the rules below also try ظيفت
                    stems += dict.fromkeys([term[1:], self.analyzer.stem(term[1:])])
                    forms += stems[1:]
            if len(term) >= 3 and term[0] in "يت":
                forms.append(("ت" if term[0] == "ي" else "ي") + term[1:])
        rules = [rule for name, rule in STEM_RULES.items() if uses(name)]
        forms += [form for stem in stems for rule in rules for form in rule(stem)]
        if uses("typo_variants") and term not in vocabulary:
            forms += typo_forms(term)
        return tuple(dict.fromkeys(f for f in forms if f in vocabulary and f != term))

    def is_known(self, term: str) -> bool:
        """Tell whether the collection has the term itself or one of its variants."""
        return term in self.vocabulary or bool(self.variants(term))

    def term_weight(self, term: str) -> float:
        """IDF of a term; one the corpus lacks weighs as its best variant, else above the rarest."""
        index = self.index
        term_id = self.vocabulary.get(term)
        if term_id is None or index.doc_freqs[term_id] == 0:
            if self.settings.uses("weigh_as_variant"):
                known = [self.vocabulary[v] for v in self.variants(term)]
                known = [float(index.idf[v]) for v in known if index.doc_freqs[v]]
                if known:
                    return max(known)
            return self.settings.unknown_weight * index.max_idf()
        return float(index.idf[term_id])
