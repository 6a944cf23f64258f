"""Passages: readable sizes, whole words, exact offsets, paragraphs kept apart."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import prepare_passages
from retrieval.chunking import MAX_PASSAGE_CHARS, PassageSpan, split_passages
from retrieval.sentences import sentence_spans
from tests.helpers import SEED_NAMES, seed_text


def _assert_whole_words(text: str, passages: list[PassageSpan]) -> None:
    """Every passage starts and ends at a word boundary and has no outer whitespace."""
    for p in passages:
        assert p.start < p.end
        assert not text[p.start].isspace() and not text[p.end - 1].isspace()
        assert p.start == 0 or text[p.start - 1].isspace(), text[p.start - 10 : p.start + 10]
        assert p.end == len(text) or text[p.end].isspace(), text[p.end - 10 : p.end + 10]


def _assert_words_in_order(text: str, passages: list[PassageSpan]) -> None:
    """The passages, in order, hold every word of the text exactly once, without overlap."""
    assert [p.number for p in passages] == list(range(1, len(passages) + 1))
    for before, after in itertools.pairwise(passages):
        assert before.end <= after.start
    words = [word for p in passages for word in text[p.start : p.end].split()]
    assert words == text.split()


def test_long_single_line_seed_is_split_into_short_passages() -> None:
    text = seed_text("000")
    assert "\n" not in text.strip() and len(text) > 2300
    passages = split_passages(text)
    assert len(passages) >= 4
    assert all(p.end - p.start <= MAX_PASSAGE_CHARS for p in passages)
    _assert_whole_words(text, passages)
    _assert_words_in_order(text, passages)


def test_long_seed_passages_end_at_sentence_ends() -> None:
    text = seed_text("000")
    passages = split_passages(text)
    for p in passages[:-1]:
        assert text[p.end - 1] in ".؟?!؛…\"'»”’)]", text[p.end - 30 : p.end]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_offsets_map_back_to_the_exact_text(name: str) -> None:
    text = seed_text(name[:3])
    prepared = prepare_passages(text)
    assert [(p.number, p.start, p.end) for p in prepared] == [
        (p.number, p.start, p.end) for p in split_passages(text)
    ]
    for passage in prepared:
        assert passage.text == text[passage.start : passage.end]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_is_cut_into_whole_words_in_order(name: str) -> None:
    text = seed_text(name[:3])
    passages = split_passages(text)
    assert all(p.end - p.start <= MAX_PASSAGE_CHARS for p in passages)
    _assert_whole_words(text, passages)
    _assert_words_in_order(text, passages)


def test_paragraphs_of_seed_001_become_separate_passages() -> None:
    text = seed_text("001")
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    assert len(paragraphs) >= 10
    assert all(e - s <= MAX_PASSAGE_CHARS for s, e in paragraphs)
    passages = split_passages(text)
    assert [(p.start, p.end) for p in passages] == paragraphs


def test_paragraphs_are_never_joined_even_when_short() -> None:
    text = "قتل 25 مدنيا.\nوصل الوفد إلى حميميم.\n\nانتهى الاجتماع."
    passages = [text[p.start : p.end] for p in split_passages(text)]
    assert passages == ["قتل 25 مدنيا.", "وصل الوفد إلى حميميم.", "انتهى الاجتماع."]


def test_sentence_without_punctuation_is_cut_at_spaces() -> None:
    words = re.sub(r"[^\w\s]", "", seed_text("000")).split()
    text = ""
    for word in words * 2:
        if len(text) + len(word) + 1 > 1500:
            break
        text = f"{text} {word}" if text else word
    assert len(text) > 1450 and not re.search(r"[.؟?!؛…\n]", text)
    passages = split_passages(text)
    assert len(passages) >= 3
    assert all(p.end - p.start <= MAX_PASSAGE_CHARS for p in passages)
    _assert_whole_words(text, passages)
    _assert_words_in_order(text, passages)


def test_a_sentence_end_glued_to_the_next_word_still_ends_a_sentence() -> None:
    text = "يسمى هذا التقويم بالميلادي في أغلب دول العالم.يسمى أيضا بالتقويم الغريغوري."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "يسمى هذا التقويم بالميلادي في أغلب دول العالم.",
        "يسمى أيضا بالتقويم الغريغوري.",
    ]
    for one_sentence in ("بني المعبد سنة 539 ق.م في بابل.", "السنة 365.25 يوما."):
        assert len(sentence_spans(one_sentence)) == 1


def test_an_over_long_sentence_is_cut_after_a_comma_rather_than_mid_phrase() -> None:
    clause = "وقال المتحدث باسم الدفاع المدني في الولايات المتحدة إن فرق الإنقاذ وصلت إلى المكان"
    text = "، ".join([clause] * 20) + "."
    assert len(text) > 2 * MAX_PASSAGE_CHARS and "." not in text[:-1]
    passages = [text[p.start : p.end] for p in split_passages(text)]
    assert len(passages) >= 3
    assert all(p.endswith("،") for p in passages[:-1])
    assert all(p.startswith("وقال") for p in passages)


def test_blank_and_empty_text_give_no_passages() -> None:
    assert split_passages("") == []
    assert split_passages(" \n\n \t\n") == []


_WORDS = seed_text("002").split()


@st.composite
def _documents(draw: st.DrawFn) -> str:
    """Arabic words from a seed joined by spaces, sentence ends and line breaks."""
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=400))
    seps = draw(
        st.lists(
            st.sampled_from([" ", " ", " ", " ", ". ", "، ", "؟ ", "\n", "\n\n", "  "]),
            min_size=len(words),
            max_size=len(words),
        )
    )
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@settings(max_examples=150, deadline=None)
@given(_documents(), st.sampled_from([80, 200, MAX_PASSAGE_CHARS]))
def test_any_text_is_cut_into_whole_words_in_order(text: str, limit: int) -> None:
    passages = split_passages(text, limit)
    assert all(p.end - p.start <= limit for p in passages)
    _assert_whole_words(text, passages)
    _assert_words_in_order(text, passages)
