"""Which messages are searched, and the reply to the ones that are not."""

from __future__ import annotations

import pytest

from bot import texts
from bot.questions import MAX_QUESTION_CHARS, question_problem


@pytest.mark.parametrize(
    "question", ["من هو بلال الشواش؟", "ما هو ISIS في إدلب؟", "  إدلب  ", "س" * MAX_QUESTION_CHARS]
)
def test_arabic_questions_are_searched(question: str) -> None:
    """Anything with Arabic letters, up to the length limit, is a question."""
    assert question_problem(question) is None


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("", texts.empty_question(texts.GENERIC_EXAMPLE)),
        (" \n\t", texts.empty_question(texts.GENERIC_EXAMPLE)),
        ("😀🎉", texts.no_words(texts.GENERIC_EXAMPLE)),
        ("123 ؟!", texts.no_words(texts.GENERIC_EXAMPLE)),
        ("Who is Bilal?", texts.latin_only(texts.GENERIC_EXAMPLE)),
        ("س" * (MAX_QUESTION_CHARS + 1), texts.too_long(MAX_QUESTION_CHARS + 1, 1000)),
    ],
)
def test_unsearchable_messages_get_a_helpful_reply(question: str, reply: str) -> None:
    """Empty, emoji-only, Latin-only and over-long messages each get their own explanation."""
    assert question_problem(question) == reply
