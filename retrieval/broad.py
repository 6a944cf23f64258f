"""Broad questions: «ماذا حدث في إدلب؟», «ما آخر أخبار إدلب؟», «ما أخبار حزب الله؟».

They ask for news of a subject, not for a detail: the words that ask («حدث», «أخبار», «آخر»)
are not searched (a passage holding «فحدّث ولا حرج» is not news of Idlib), and a subject the
collection covers always gets its passages (retrieval.offering).
"""

from __future__ import annotations

from retrieval.names import kept_name
from retrieval.normalize import normalize

# The words that make a question broad, and the ones that may stand beside them.
BROAD_MARKERS = tuple(
    "حدث يحدث جرى يجري صار يصير بيصير أخبار اخبار خبر آخر اخر أحدث احدث جديد مستجدات تطورات".split()
)
_ASKING = frozenset(
    normalize(w)
    for w in "ما ماذا شو ايش إيش وش شنو هي هو عن في ب بـ مع حول من حدثني اخبرني أخبرني".split()
)
_MARKERS = frozenset(normalize(w) for w in BROAD_MARKERS)
_PROCLITICS = "وفبل"
# A broad question names its subject in this many words at most («حزب الله», «هيئة تحرير الشام»).
SUBJECT_WORDS = 3


def _bare(word: str) -> str:
    """A word without a proclitic or ال when the rest is a marker or asking word (بإدلب and the
    listed place الخبر stay)."""
    if len(word) > 2 and word[0] in _PROCLITICS and (word[1:] in _MARKERS or word[1:] in _ASKING):
        return word[1:]
    if word.startswith("ال") and word[2:] in _MARKERS and kept_name(word) is None:
        return word[2:]  # «الأخبار» is a marker, the city «الخبر» a subject
    return word


def broad_subject(normalized_words: list[str]) -> list[str] | None:
    """The subject's words of a broad question, or None for any other question."""
    words = [_bare(w) for w in normalized_words]
    if not words or not any(w in _MARKERS for w in words[:3]):
        return None
    if words[0] not in _ASKING and words[0] not in _MARKERS:
        return None
    subject = [w for w in words if w not in _MARKERS and w not in _ASKING]
    return subject if 1 <= len(subject) <= SUBJECT_WORDS else None
