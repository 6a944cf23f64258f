"""The analyzer: one function for passages and questions, and spans that point at raw words."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.analyzer import DEFAULT_ANALYZER, Analyzer, analyze
from retrieval.normalize import normalize
from retrieval.stopwords import STOPWORDS
from tests.helpers import SEED_NAMES, seed_text, tricky_text

QUESTION_WORDS = "ما ماذا من متى أين كيف لماذا كم هل أي".split()
PREPOSITIONS = "في على من إلى".split()


def _seed_sentences() -> list[str]:
    """A few real sentences from every seed."""
    sentences = []
    for name in SEED_NAMES:
        lines = [line for line in seed_text(name[:3]).splitlines() if line.strip()]
        for line in lines[:: max(1, len(lines) // 4)]:
            sentences.extend(s for s in re.split(r"(?<=[.؟!])\s+", line)[:3] if s.strip())
    return sentences


SEED_SENTENCES = _seed_sentences()


def test_words_are_runs_of_letters_and_digits() -> None:
    words = DEFAULT_ANALYZER.words("قُتل 25 مدنيا، وأصيب آخرون؟ (بوينغ-747)")
    assert words == ["قتل", "25", "مدنيا", "واصيب", "اخرون", "بوينغ", "747"]


def test_punctuation_never_becomes_a_term() -> None:
    terms = analyze("«داعشستان»، سوريا المفيدة؛ اللاذقية: الساحلية! (2014)؟")
    assert terms
    assert all(re.fullmatch(r"[^\W_]+", term) for term in terms)
    assert not any(mark in "".join(terms) for mark in "«»،؛:!()؟")
    assert "2014" in terms


@pytest.mark.parametrize("word", QUESTION_WORDS + PREPOSITIONS)
def test_question_words_and_prepositions_are_dropped(word: str) -> None:
    assert normalize(word) in STOPWORDS
    assert analyze(word) == []
    assert analyze(f"{word} إدلب") == analyze("إدلب")


def test_a_question_of_only_question_words_has_no_terms() -> None:
    assert analyze("من هو؟") == []
    assert analyze("ماذا؟ أين؟ متى؟ كيف؟ لماذا؟ كم؟ هل؟") == []


@pytest.mark.parametrize(
    ("passage", "question"),
    [
        ("ومن أبرزهم (بلال الشواش) أبو ذر التونسي", "من هو بلال الشواش؟"),
        ("يقع مقر المركز الروسي للمصالحة في قاعدة حميميم", "أين يقع مقر المركز الروسي للمصالحة؟"),
        ("توقفت المخابز عن العمل في حلب بسبب نفاد الطحين", "لماذا توقفت المخابز عن العمل؟"),
    ],
)
def test_passages_and_questions_share_terms(passage: str, question: str) -> None:
    shared = set(analyze(passage)) & set(analyze(question))
    assert shared
    # the words both texts contain are analyzed to the same terms on either side
    for word in set(DEFAULT_ANALYZER.words(passage)) & set(DEFAULT_ANALYZER.words(question)):
        if word not in STOPWORDS:
            assert analyze(word)[0] in shared


def test_diacritics_in_a_question_do_not_change_its_terms() -> None:
    assert analyze("مَنْ هُوَ بِلالُ الشَّوَّاشُ؟") == analyze("من هو بلال الشواش؟")


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_span_terms_equal_analyze_on_seed_sentences(sentence: str) -> None:
    spans = DEFAULT_ANALYZER.spans(sentence)
    assert [span.term for span in spans] == analyze(sentence)
    assert DEFAULT_ANALYZER.memo_terms(sentence) == analyze(sentence)


@pytest.mark.parametrize("sentence", SEED_SENTENCES)
def test_span_raw_text_analyzes_to_its_term(sentence: str) -> None:
    for span in DEFAULT_ANALYZER.spans(sentence):
        raw = sentence[span.start : span.end]
        assert raw == raw.strip() and raw
        assert span.term in analyze(raw)
        # the span is a whole raw word: no letter touches it on either side
        before = sentence[span.start - 1] if span.start else " "
        after = sentence[span.end] if span.end < len(sentence) else " "
        assert not before.isalnum() and not after.isalnum()


def test_span_covers_marks_and_invisible_characters_inside_a_word() -> None:
    text = "وصلوا إلى محافظة إدْ\u200bلـــب مساءً"
    spans = DEFAULT_ANALYZER.spans(text)
    raw_words = [text[s.start : s.end] for s in spans]
    assert "إدْ\u200bلـــب" in raw_words
    assert "مساءً" in raw_words
    assert [s.term for s in spans] == analyze(text)
    assert DEFAULT_ANALYZER.memo_terms(text) == analyze(text)


def test_spans_of_persian_spelling_point_at_the_persian_word() -> None:
    text = 'شركة "فارس ایر قشم" الإيرانية'
    spans = DEFAULT_ANALYZER.spans(text)
    question_terms = set(analyze("فارس اير قشم"))
    matched = {text[s.start : s.end] for s in spans if s.term in question_terms}
    assert matched == {"فارس", "ایر", "قشم"}


def test_a_custom_analyzer_keeps_the_same_spans_contract() -> None:
    analyzer = Analyzer(stem=lambda word: word, stopwords=frozenset(), min_length=2)
    text = "و ذهب أحمد إلى المدرسة"
    assert [s.term for s in analyzer.spans(text)] == analyzer(text)
    assert analyzer(text) == ["ذهب", "احمد", "الي", "المدرسه"]


@settings(max_examples=400, deadline=None)
@given(tricky_text)
@example("﷼ ريال")
@example("ﻻ x²")
@example("ΑΣ.Α")
@example("a_b")
def test_span_terms_equal_analyze_on_any_text(text: str) -> None:
    assert [span.term for span in DEFAULT_ANALYZER.spans(text)] == analyze(text)
    assert DEFAULT_ANALYZER.memo_terms(text) == analyze(text)


@settings(max_examples=300, deadline=None)
@given(tricky_text)
@example("بأبها والرياض")
def test_every_term_is_a_piece_of_the_normalized_text(text: str) -> None:
    # what lets a title lacking a question term's letters go unanalyzed
    assert DEFAULT_ANALYZER.terms_inside_words
    normalized = DEFAULT_ANALYZER.normalized(text)
    assert all(term in normalized for term in analyze(text))


def test_spans_of_some_terms_are_those_spans_only() -> None:
    text = "زار الوزير أبها ثم زار جدة"
    wanted = set(analyze("زار جدة"))
    spans = DEFAULT_ANALYZER.spans(text, wanted)
    assert spans == [s for s in DEFAULT_ANALYZER.spans(text) if s.term in wanted]
    assert [text[s.start : s.end] for s in spans] == ["زار", "زار", "جدة"]


@settings(max_examples=200, deadline=None)
@given(tricky_text)
def test_spans_lie_inside_the_text_in_order(text: str) -> None:
    spans = DEFAULT_ANALYZER.spans(text)
    for span in spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.term in analyze(text[span.start : span.end])
    starts = [span.start for span in spans]
    assert starts == sorted(starts)


@pytest.mark.parametrize("word", ["وش", "ايش", "ليش", "وين", "مين", "شلون", "اللي"])
def test_dialect_question_words_are_dropped_too(word: str) -> None:
    assert analyze(f"{word} صار في أبها؟") == analyze("صار في أبها")


HIGHLIGHT_WORDS = [
    "إدْ\u200bلـــب",
    "والمدرسة",
    "المدارس",
    "ﻻعب",
    "ΣΟΦΊΑ",
    "İstanbul",
    "٢٠١٥",
    "بالرياض",
    "الرياضة",
    "مدرسته،",
    "(الكتاب)",
]


@given(
    words=st.lists(st.sampled_from(HIGHLIGHT_WORDS), max_size=12),
    wanted=st.lists(st.sampled_from([*HIGHLIGHT_WORDS, "قلم"]), max_size=4),
)
def test_spans_of_some_terms_are_those_of_every_term_kept(
    words: list[str], wanted: list[str]
) -> None:
    """Highlighting looks only at the words whose letters hold a wanted term: it finds what
    analyzing every word finds."""
    text = " ".join(words)
    only = {t for w in wanted for t in analyze(w)}
    every = Analyzer().spans(text)
    assert Analyzer().spans(text, only) == [s for s in every if s.term in only]


@given(text=tricky_text, other=tricky_text)
def test_spans_of_some_terms_in_any_text_are_those_of_every_term_kept(
    text: str, other: str
) -> None:
    only = set(analyze(text)[::2]) | set(analyze(other))
    every = Analyzer().spans(text)
    assert Analyzer().spans(text, only) == [s for s in every if s.term in only]


@settings(max_examples=200, deadline=None)
@given(st.lists(tricky_text.map(lambda text: text.replace("\n", " ") * 5), max_size=12))
def test_the_lines_of_a_document_analyze_as_each_alone(lines: list[str]) -> None:
    """Indexing analyzes a document's units together; each gets the terms it gets alone."""
    assert DEFAULT_ANALYZER.each(lines) == [analyze(line) for line in lines]
