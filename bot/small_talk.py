"""Greetings, thanks and «من أنت»: no question, answered politely and never logged; and the
example question replies show."""

from __future__ import annotations

import re
import weakref
from enum import Enum

from bot import texts
from retrieval.corpus import Corpus
from retrieval.normalize import normalize
from retrieval.stopwords import STOPWORDS


class Chat(Enum):
    """The kinds of small talk."""

    GREETING = "greeting"
    THANKS = "thanks"
    WHO = "who"


_PHRASES = {
    Chat.GREETING: "مرحبا مرحبًا مرحباً اهلا أهلا أهلاً هلا هاي السلام عليكم سلام عليكم "
    "صباح الخير مساء الخير صباح النور مساء النور اهلين هلا والله",
    Chat.THANKS: "شكرا شكرًا شكراً مشكور مشكورة يعطيك العافية جزاك الله خيرا جزاك الله خير "
    "تسلم يسلمو ممتاز رائع شكرا جزيلا",
    Chat.WHO: "من انت من أنت مين انت مين أنت ما اسمك شو اسمك ماذا تفعل شو بتعمل ما عملك",
}
_FILLERS = frozenset(
    normalize(w) for w in "يا دليل بوت لك جزيلا كثيرا ورحمة الله وبركاته و".split()
)
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[\u064b-\u065f\u0670])*")
_TANWEEN = "\u064b"  # رسميًا, an adverb


def _words(text: str) -> list[str]:
    """A message's normalized words, without the fillers that may wrap small talk."""
    return [w for w in (normalize(x) for x in _WORD.findall(text)) if w not in _FILLERS]


SMALL_TALK_REPLIES = {
    Chat.GREETING: texts.greeting_reply,
    Chat.THANKS: texts.thanks_reply,
    Chat.WHO: texts.who_reply,
}


def small_talk(message: str) -> Chat | None:
    """The kind of small talk a message is, or None for a question."""
    words = _words(message)
    if not words or len(words) > 5:
        return None
    for kind, phrases in _PHRASES.items():
        known = _words(phrases)
        if all(w in known for w in words):
            return kind
    return None


# News titles' own words («كشفت مصادر…», «قناة») and common nouns of time and place: never the
# subject of an example.
_NEWS_WORDS = frozenset(
    normalize(w)
    for w in "مصادر مصدر قناة وكالة صحيفة مراسل عاجل خبر عام سنة شهر يوم دولة مدينة أبو ابن عبد"
    " شمال جنوب شرق غرب وسط".split()
)


def _may_be_a_subject(word: str) -> bool:
    """A title word that may name a subject: a name or place, not a verb nor a common noun."""
    bare = normalize(word)
    return (
        _TANWEEN not in word
        and len(bare) >= 3
        and bare not in STOPWORDS
        and bare not in _NEWS_WORDS
        and not bare.startswith(("ال", "و", "ف", "ب", "ي", "ت", "ن"))
        and not bare.endswith(("ت", "وا", "ون", "ين", "ه"))
    )


_LAST: list[tuple[weakref.ref[Corpus], str]] = []


def example_question(corpus: Corpus) -> str:
    """The example question of a corpus snapshot (worked out once for the latest snapshot)."""
    if _LAST and _LAST[0][0]() is corpus:
        return _LAST[0][1]
    example = _example_of(corpus)
    _LAST[:] = [(weakref.ref(corpus), example)]
    return example


def _example_of(corpus: Corpus) -> str:
    """A question the collection in use answers: the news of the name its titles hold most (or
    of its first short title), which the broad-question rule answers."""
    counts: dict[str, int] = {}
    first_short = ""
    for document in corpus.documents[:2000]:
        title = " ".join(document.title.split())
        words = [w for w in _WORD.findall(title) if _may_be_a_subject(w)]
        if not first_short and 1 <= len(title.split()) <= 3:
            first_short = title
        for word in dict.fromkeys(words):
            counts[word] = counts.get(word, 0) + 1
    repeated = max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])), default=("", 0))
    subject = repeated[0] if repeated[1] >= 2 else first_short or repeated[0]
    return f"ما آخر أخبار {subject}؟" if subject else "ما آخر الأخبار؟"
