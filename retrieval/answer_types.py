"""Answer-type cues: what kind of answer a question word asks for, and whether a passage has one."""

from __future__ import annotations

import re
from collections.abc import Callable

from retrieval.normalize import normalize
from retrieval.sentences import sentence_spans

_MONTHS = (
    "يناير فبراير مارس ابريل مايو يونيو يوليو اغسطس سبتمبر اكتوبر نوفمبر ديسمبر "
    "كانون شباط اذار نيسان ايار حزيران تموز اب ايلول تشرين "
)
_DAYS = "السبت الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه"
_TIME_WORDS = " عام سنه قرن يوم"
_NUMBER_WORDS = (
    "واحد اثنان اثنين ثلاث ثلاثه اربع اربعه خمس خمسه ست سته سبع سبعه ثمان ثماني ثمانيه تسع "
    "تسعه عشر عشره عشرين ثلاثين اربعين خمسين ستين سبعين ثمانين تسعين مئه مائه مئات الف الاف "
    "مليون ملايين مليار"
)
_PLACE_WORDS = (
    "مدينه بلده قريه محافظه منطقه دوله عاصمه اقليم ولايه ريف حي مخيم شمال جنوب شرق غرب "
    "وسط قرب بالقرب حدود ساحل جزيره نهر جبل سجن مطار قاعده"
)
_PERSON_WORDS = (
    "بن ابن ابو ابي عبد الرئيس الملك الشيخ الامير السيد الدكتور القائد قائد مدير وزير رئيس "
    "المتحدث زعيم امير الناطق الكاتب الصحفي العالم الشاعر مؤسس"
)


def _any_word(words: str) -> re.Pattern[str]:
    """A pattern matching any of the words, with or without a clinging prefix."""
    alternatives = "|".join(sorted(set(words.split()), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:[وفبل]|ال|وال|بال)?(?:{alternatives})(?!\w)")


CUES: dict[str, re.Pattern[str]] = {
    "date": re.compile(
        rf"\b(?:1[0-9]{{3}}|20[0-9]{{2}})\b|{_any_word(_MONTHS + _DAYS + _TIME_WORDS).pattern}"
    ),
    "number": re.compile(rf"\d|{_any_word(_NUMBER_WORDS).pattern}"),
    "place": _any_word(_PLACE_WORDS),
    "person": _any_word(_PERSON_WORDS),
}

QUESTION_TYPES = {
    "متي": "date",
    "كم": "number",
    "اين": "place",
    "من": "person",
    # the dialects' («مين حذر؟», «وين صار؟», «امتى انشق؟», «قديش عددهم؟»)
    "مين": "person",
    "وين": "place",
    "فين": "place",
    "امتي": "date",
    "قديش": "number",
    "قداش": "number",
    "كام": "number",
}


MEASURES = frozenset("طول مساحه عدد نسبه ارتفاع عمق وزن سعر قيمه عرض مسافه حجم تعداد".split())
# «في أي عام ...؟» asks for a date, «في أي مدينة / بلدات ...؟» for a place: the cue words, and a
# few plurals and nouns they lack.
WHICH_TYPES = {
    **dict.fromkeys((_TIME_WORDS + " شهر تاريخ").split(), "date"),
    **dict.fromkeys(
        (_PLACE_WORDS + " مدن بلد بلدات بلدان دول قاره مناطق قري مكان").split(), "place"
    ),
}
_WHAT = frozenset({"ما", "ماهو", "ماهي", "هو", "هي"})


def expected_type(normalized_words: list[str]) -> str | None:
    """Return the answer type the question's first question word asks for."""
    for i, word in enumerate(normalized_words[:3]):
        if word in QUESTION_TYPES:
            return QUESTION_TYPES[word]
        following = normalized_words[i + 1] if i + 1 < len(normalized_words) else ""
        noun = following.removeprefix("ال") if len(following) > 4 else following
        if word in _WHAT and noun in MEASURES:
            return "number"  # «ما مساحة آسيا؟»
        if word == "اي":
            return WHICH_TYPES.get(noun)
    return None


def has_answer_type(text: str, answer_type: str) -> bool:
    """Tell whether a passage holds something of the expected type (a date, number, ...)."""
    return bool(CUES[answer_type].search(normalize(text)))


DEFINITION_OPENERS = {("ما", "هو"), ("ما", "هي"), ("من", "هو"), ("من", "هي"), ("ماهو",), ("ماهي",)}
DEFINITION_MAX_TERMS = 2


def asks_what_or_who(normalized_words: list[str]) -> bool:
    """Tell whether a question opens with «ما هو / ما هي / من هو / من هي / ماهو / ماهي»."""
    opener = tuple(normalized_words[:2])
    return opener in DEFINITION_OPENERS or opener[:1] in DEFINITION_OPENERS


def is_definition(normalized_words: list[str], term_count: int) -> bool:
    """Tell whether a question asks what or who something is («ما هو الجرب؟», «من هو ...؟»)."""
    return term_count <= DEFINITION_MAX_TERMS and asks_what_or_who(normalized_words)


# Question words asking for a name: «ما الاسم الآخر لـ...؟», «ما اسم هولندا بالإنجليزية؟».
NAMING_TERMS = frozenset({"اسم", "اسماء", "اسماؤ", "تسم", "يسم", "مسم", "لقب"})
OTHER_ASKS = frozenset({"لماذا", "لم", "كيف", "متي", "اين", "كم"})
_LANGUAGE_ADVERB = re.compile(r"^بال\w{3,}يه$")


def asks_for_a_name(normalized_words: list[str], terms: list[str]) -> bool:
    """Tell whether a question asks what something is called (another name, in a language)."""
    if OTHER_ASKS.intersection(normalized_words[:2]):
        return False  # «لماذا يطلق اسم ... على ...؟» asks for a reason, not a name
    return bool(NAMING_TERMS.intersection(terms)) or any(
        _LANGUAGE_ADVERB.match(w) for w in normalized_words
    )


# A sentence that defines its first word: «الشيوعية (بالإنجليزية: ...) مصطلح», «البظر هو ...»,
# «السل أو الدرن ...», «بيتكوين، ...».
_DEFINING = re.compile(r"^(\(|هو\b|هي\b|هى\b|أو\b|او\b|،|:)")


def opens_a_definition(text: str, is_subject: Callable[[str], bool]) -> bool:
    """Tell whether a sentence of text opens with its subject followed by هو / هي / أو, a
    bracket, a comma or a colon (is_subject tells whether a raw word names the subject)."""
    for start, end in sentence_spans(text):
        words = text[start:end].split()
        if not words or not is_subject(words[0].rstrip("،:")):
            continue
        if words[0].endswith(("،", ":")) or _DEFINING.match(" ".join(words[1:3])):
            return True
    return False
