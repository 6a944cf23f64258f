"""Check that a message can be searched before searching it."""

from __future__ import annotations

import re

from bot import texts

MAX_QUESTION_CHARS = 1000
# Arabic letters (Persian and Urdu ones included), as a character-class body.
ARABIC_LETTERS = r"\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\u0750-\u077f"
# ... and the presentation forms a question copied from an old PDF may hold.
_ARABIC_LETTER = re.compile(rf"[{ARABIC_LETTERS}\ufb50-\ufdfb\ufe70-\ufefc]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def question_problem(question: str, example: str = "") -> str | None:
    """Return the reply for a message that is no searchable question, or None if it is one
    (`example`: an escaped question the collection answers, for the reply)."""
    example = example or texts.GENERIC_EXAMPLE
    question = question.strip()
    if not question:
        return texts.empty_question(example)
    if len(question) > MAX_QUESTION_CHARS:
        return texts.too_long(len(question), MAX_QUESTION_CHARS)
    if _ARABIC_LETTER.search(question):
        return None
    if _LATIN_LETTER.search(question):
        return texts.latin_only(example)
    return texts.no_words(example)
