"""Whether a passage holds a question word in another form, for the «لا يذكر» line.

Ranking joins a word to the forms its variants reach (a proclitic, a verb tense, a broken plural,
an ending); the line that names the question's words a passage lacks must not name a word the
passage holds in a form ranking leaves apart: «المدنيين» beside «25 مدنيا» (the accusative
alif), «الجنود» beside «23 جنديا», «قتل» beside «بمقتل» (a masdar's م), «زار» beside «يزور» (a
hollow verb), «فروا» beside «فرار» or «الفارين» (a doubled verb), «العاصمة» beside «عاصمتهم»
(ة written ت before a pronoun), «1998» beside «1998م». Two terms are one word here when they
reduce to the same consonant skeleton of at least three letters (a doubled verb's two letters
count as three, its last one doubled: فر، فروا، يفر، فار are فرر), or are the past and present
of one hollow verb. The line only informs, so a rare false join (عمر / عمار) costs less than
naming a word the reader sees in the excerpt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from retrieval.names import CLITIC_PREFIXES

PROCLITICS = "وفبلك"
PREFIXES = ("است", "ان", "م", "ي", "ت", "ن", "ا")
# fmt: off
SUFFIXES = (
    "يين", "يون", "يو", "هما", "ين", "ون", "ات", "وا", "يا", "ها", "هم", "هن", "ية", "يه",
    "ا", "ي", "ه", "ت", "و",
)
# fmt: on
# ي stays: without it مدينة (a city) and مدني (a civilian) would be one word
LONG_VOWELS = "او"
SKELETON_MIN = 3
# a core this long is a doubled verb's (فر from فروا): its last letter doubled (فرر)
DOUBLED_CORE = SKELETON_MIN - 1
PRESENT_MARKS = "يتن"
# pronoun suffixes, after which a noun's ة is written ت (عاصمتهم)
PRONOUNS = frozenset({"هما", "هم", "هن", "ها", "ه", "ي"})
# a number with the era's letter (1998م، 1436ه) is the number
_YEAR = re.compile(r"(\d+)[مه]")


@lru_cache(maxsize=50_000)
def skeletons(term: str) -> frozenset[str]:
    """The stems and consonant skeletons a term may reduce to (a clitic, a prefix, a suffix, and
    for skeletons the long vowels ا و, removed where at least SKELETON_MIN letters remain)."""
    bases = {term}
    if len(term) >= 4 and term[0] in PROCLITICS:
        bases.add(term[1:])
        if len(term) >= 5 and term[1] in PROCLITICS:
            bases.add(term[2:])  # لوكالة
    stems = set(bases)
    for base in bases:
        stems |= {
            base[len(p) :] for p in PREFIXES if base.startswith(p) and len(base) - len(p) >= 3
        }
    for stem in list(stems):
        for suffix in SUFFIXES:
            if stem.endswith(suffix) and len(stem) - len(suffix) >= 3:
                core = stem[: -len(suffix)]
                stems.add(core)
                if suffix in PRONOUNS and core.endswith("ت") and len(core) >= 4:
                    stems.add(core[:-1])  # عاصمتهم: عاصمة's ة before a pronoun
    found = {stem for stem in stems if len(stem) >= SKELETON_MIN}
    year = _YEAR.fullmatch(term)
    if year:
        found.add(year.group(1))  # 1998م
    for stem in stems:
        skeleton = stem[0] + "".join(c for c in stem[1:] if c not in LONG_VOWELS)
        if len(skeleton) >= SKELETON_MIN:
            found.add(skeleton)
    found |= {core + core[-1] for base in bases for core in _doubled_cores(base)}
    return frozenset(found)


def bare(word: str) -> str:
    """A normalized word without its clitics and article (الكيانات is كيانات, ككيان is كيان),
    where at least SKELETON_MIN letters remain."""
    for prefix in reversed(CLITIC_PREFIXES):  # longest first
        if prefix and word.startswith(prefix) and len(word) - len(prefix) >= SKELETON_MIN:
            return word[len(prefix) :]
    return word


def _doubled_cores(base: str) -> set[str]:
    """The two letters of a doubled verb a word may be: itself (فر), less a plural or dual
    ending (فروا، فرا) or a present mark (يفر), or an active participle's (فار); none holds a
    long vowel or one letter twice."""
    cores = {base}
    cores |= {base[: -len(s)] for s in ("وا", "ا", "ين", "ون") if base.endswith(s)}
    cores |= {base[1:] for mark in PRESENT_MARKS if base.startswith(mark)}
    if len(base) == 3 and base[1] == "ا":
        cores.add(base[0] + base[2])
    return {c for c in cores if len(c) == DOUBLED_CORE and c[0] != c[1] and not set(c) & set("اوي")}


def _hollow(term: str) -> str | None:
    """The two radicals of a hollow verb's past (زار) or present (يزور، تقول، يسير), else None."""
    if len(term) >= 4 and term[0] in PROCLITICS:
        term = term[1:]
    if len(term) == 3 and term[1] == "ا":
        return term[0] + term[2]
    if len(term) == 4 and term[0] in PRESENT_MARKS and term[2] in "وي":
        return term[1] + term[3]
    return None


def same_word(question_term: str, passage_terms: Iterable[str]) -> bool:
    """Tell whether a passage term is the question term in another form."""
    wanted = skeletons(question_term)
    hollow = _hollow(question_term)
    for term in passage_terms:
        if term == question_term or wanted & skeletons(term):
            return True
        if hollow is not None and _hollow(term) == hollow:
            return True
    return False
