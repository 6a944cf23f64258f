"""Excerpts: at most 400 characters, around the best sentence, whole words, exact highlights."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retrieval.analyzer import DEFAULT_ANALYZER, analyze
from retrieval.excerpts import MAX_EXCERPT_CHARS, Excerpt, make_excerpt, sentence_spans
from retrieval.search import Searcher
from tests.helpers import seed_text

QUESTIONS = [
    "من هو بلال الشواش؟",
    "كم مدنيا قتلوا في غارات ادلب يوم الثلاثاء؟",
    "ماذا قال وزير الخارجية الفرنسي عن تقسيم سوريا؟",
    "من زار بلدة الهبيط؟",
    "من هو مدير المرصد السوري لحقوق الإنسان؟",
    "ما اسم الشركة الإيرانية التي نقلت الأسلحة إلى بيروت؟",
    "لماذا توقفت المخابز عن العمل في حلب؟",
]


def _assert_sound(passage: str, excerpt: Excerpt, terms: set[str]) -> None:
    """Length, exact slice, whole words, and highlights exactly on the matched raw words."""
    text, start = excerpt.text, excerpt.start
    assert 0 < len(text) <= MAX_EXCERPT_CHARS
    assert passage[start : start + len(text)] == text
    assert excerpt.cut_before == (start > 0)
    assert excerpt.cut_after == (start + len(text) < len(passage))
    assert text == text.strip()
    assert start == 0 or passage[start - 1].isspace()
    assert start + len(text) == len(passage) or passage[start + len(text)].isspace()
    expected = {
        (s.start - start, s.end - start)
        for s in DEFAULT_ANALYZER.spans(passage)
        if s.term in terms and s.start >= start and s.end <= start + len(text)
    }
    assert set(excerpt.highlights) == expected
    for s, e in excerpt.highlights:
        assert terms & set(analyze(text[s:e]))


def _best_sentence(passage: str, question: str, searcher: Searcher) -> tuple[int, int]:
    """The sentence whose distinct matched words weigh most (the first of equals)."""
    weights = searcher.parse(question).highlights
    spans = DEFAULT_ANALYZER.spans(passage)

    def weight(sentence: tuple[int, int]) -> float:
        first, last = sentence
        inside = {s.term for s in spans if s.term in weights and first <= s.start < last}
        return sum(weights[term] for term in inside)

    sentences = sentence_spans(passage)
    return max(sentences, key=lambda s: (weight(s), -s[0]))


@pytest.mark.parametrize("question", QUESTIONS)
def test_search_excerpts_are_short_exact_and_highlighted(
    seed_searcher: Searcher, question: str
) -> None:
    answer = seed_searcher.search(question, top_k=5)
    assert answer.hits
    for hit in answer.hits:
        highlighted = set(seed_searcher.parse(question).highlights)
        _assert_sound(hit.passage_text, hit.excerpt, highlighted)
        assert hit.excerpt.highlights, "a cited passage shows at least one matched word"


def test_excerpt_of_a_long_passage_holds_the_best_sentence(seed_searcher: Searcher) -> None:
    checked = 0
    for question in QUESTIONS:
        answer = seed_searcher.search(question, top_k=5)
        for hit in answer.hits:
            if len(hit.passage_text) <= MAX_EXCERPT_CHARS:
                continue
            start, end = _best_sentence(hit.passage_text, question, seed_searcher)
            sentence = hit.passage_text[start:end].strip()
            if len(sentence) <= MAX_EXCERPT_CHARS:
                assert sentence in hit.excerpt.text, (question, hit.passage_number)
                checked += 1
    assert checked >= 2, "the questions should reach passages longer than an excerpt"


def test_long_seed_passage_is_cut_around_the_question(seed_searcher: Searcher) -> None:
    answer = seed_searcher.search("كم مدنيا قتلوا في غارات ادلب يوم الثلاثاء؟")
    top = answer.hits[0]
    assert len(top.passage_text) > MAX_EXCERPT_CHARS
    assert top.excerpt.cut_before or top.excerpt.cut_after
    assert "قتل 25 مدنيا على الأقل أمس الثلاثاء جراء غارات" in top.excerpt.text
    highlighted = {top.excerpt.text[s:e] for s, e in top.excerpt.highlights}
    assert {"مدنيا", "الثلاثاء", "غارات"} <= highlighted


def test_a_short_passage_is_shown_whole() -> None:
    passage = "وأشارت إلى وجود مخاطر متعلقة باستخدام سلاح كيميائي في إدلب."
    terms = analyze("سلاح كيميائي")
    matches = [s for s in DEFAULT_ANALYZER.spans(passage) if s.term in terms]
    excerpt = make_excerpt(passage, matches, dict.fromkeys(terms, 1.0))
    assert excerpt.text == passage
    assert not excerpt.cut_before and not excerpt.cut_after
    assert [passage[s:e] for s, e in excerpt.highlights] == ["سلاح", "كيميائي"]


@pytest.mark.parametrize("position", [0, 1, 40, 95, 150, 189, 190])
def test_a_match_anywhere_in_one_long_sentence_is_shown(position: int) -> None:
    words = re.sub(r"[^\w\s]", "", seed_text("000")).split()[:190]
    sentence = " ".join([*words[:position], "حميميم", *words[position:]])
    assert len(sentence) > 2 * MAX_EXCERPT_CHARS
    terms = analyze("حميميم")
    matches = [s for s in DEFAULT_ANALYZER.spans(sentence) if s.term in terms]
    excerpt = make_excerpt(sentence, matches, dict.fromkeys(terms, 1.0))
    assert "حميميم" in excerpt.text
    _assert_sound(sentence, excerpt, set(terms))


_LINES = [line for name in ("000", "002", "004") for line in seed_text(name).splitlines() if line]


@st.composite
def _passage_and_question(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A long passage made of seed lines, and a few of its words as the question's terms."""
    lines = draw(st.lists(st.sampled_from(_LINES), min_size=1, max_size=4))
    passage = " ".join(lines)
    words = sorted(set(analyze(passage)))
    terms = draw(st.lists(st.sampled_from(words), min_size=1, max_size=4, unique=True))
    return passage, terms


@settings(max_examples=120, deadline=None)
@given(_passage_and_question(), st.lists(st.floats(0.1, 10), min_size=4, max_size=4))
def test_any_excerpt_is_short_exact_and_highlighted(
    case: tuple[str, list[str]], weights: list[float]
) -> None:
    passage, terms = case
    term_weights = dict(zip(terms, weights, strict=False))
    matches = [s for s in DEFAULT_ANALYZER.spans(passage) if s.term in term_weights]
    excerpt = make_excerpt(passage, matches, term_weights)
    _assert_sound(passage, excerpt, set(terms))
    assert excerpt.highlights, "some matched word is always shown"


def test_among_equal_windows_the_one_showing_more_matches_wins(seed_searcher: Searcher) -> None:
    top = seed_searcher.search("من هو بلال الشواش؟").hits[0]
    assert len(top.passage_text) > MAX_EXCERPT_CHARS
    assert "أبو ذر التونسي" in top.excerpt.text
    assert top.excerpt.text.count("بلال الشواش") == 2, "both sentences that name him are shown"
