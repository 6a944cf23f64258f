"""Normalization: every rule on real Arabic, at the analyzer and at the search level."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from retrieval.analyzer import analyze
from retrieval.normalize import normalize
from retrieval.search import Searcher
from tests.helpers import seed_text, tricky_text

SEED_003 = "003_7ac2fd58674b5272.txt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("الْعَرَبِيَّةُ", "العربيه"),
        ("مُحَمَّدٌ رَسُولُ اللَّهِ", "محمد رسول الله"),
        ("هٰذا", "هذا"),  # superscript alef
        ("العـــربية", "العربيه"),  # tatweel
        ("ســـــوريا", "سوريا"),
    ],
)
def test_marks_and_tatweel_are_removed(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد", "احمد"),
        ("إدلب", "ادلب"),
        ("آخرين", "اخرين"),
        ("ٱلله", "الله"),
        ("مستشفى", "مستشفي"),
        ("على", "علي"),
        ("مدينة", "مدينه"),
        ("الجبهة الوطنية", "الجبهه الوطنيه"),
    ],
)
def test_letter_variants_are_unified(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ایر", "اير"),  # Farsi yeh ی
        ("کابل", "كابل"),  # keheh ک
        ("خانۀ", "خانه"),  # heh with yeh above ۀ
        ("ہند", "هند"),  # heh goal ہ
        ("أوروپا", "اوروبا"),  # pe پ, as Arabic writes it: أوروبا
        ("السوڤييتي", "السوفييتي"),  # veh ڤ
        ("إنگلترا", "انكلترا"),  # gaf گ
        ("چاي", "جاي"),  # tcheh چ
        ("ژان", "زان"),  # jeh ژ
    ],
)
def test_persian_and_urdu_letters_become_arabic(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_persian_yeh_in_seed_matches_arabic_yeh_in_question() -> None:
    passage = next(line for line in seed_text("003").splitlines() if "ایر" in line)
    assert set(analyze("فارس اير قشم")) <= set(analyze(passage))


def test_question_with_arabic_yeh_finds_seed_written_with_persian_yeh(
    seed_searcher: Searcher,
) -> None:
    answer = seed_searcher.search("ما هي شركة فارس اير قشم؟", top_k=3)
    assert not answer.abstained
    top = answer.hits[0]
    assert top.document.path == SEED_003
    assert "ایر" in top.passage_text  # the stored text keeps the Persian letter
    highlighted = {top.excerpt.text[s:e] for s, e in top.excerpt.highlights}
    assert "ایر" in highlighted


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("عام ٢٠١٤", "عام 2014"), ("عام ۲۰۱۴", "عام 2014"), ("٠١٢٣٤٥٦٧٨٩", "0123456789")],
)
def test_eastern_digits_become_ascii(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_digit_forms_index_alike() -> None:
    assert analyze("انشق في مطلع عام ٢٠١٤") == analyze("انشق في مطلع عام 2014")
    assert analyze("انشق في مطلع عام ۲۰۱۴") == analyze("انشق في مطلع عام 2014")


@pytest.mark.parametrize("mark", ["\u200f", "\u200b", "\u202b", "\u2067", "\ufeff"])
def test_invisible_marks_are_removed_even_inside_a_word(mark: str) -> None:
    assert normalize(f"{mark}إدلب{mark}") == "ادلب"
    assert normalize(f"إد{mark}لب") == "ادلب"
    assert analyze(f"محافظة إد{mark}لب") == analyze("محافظة إدلب")


def test_latin_is_lower_cased() -> None:
    assert normalize("BM25 Okapi و Telegram") == "bm25 okapi و telegram"
    assert analyze("OPCW") == analyze("opcw")


def test_presentation_form_ligatures_become_letters() -> None:
    assert normalize("ﻻ") == "لا"
    assert normalize("ﺍﻟﻌﺮﺑﻴﺔ") == "العربيه"  # a word copied from an old PDF
    assert analyze("ﺍﻟﻌﺮﺑﻴﺔ") == analyze("العربية")


def test_presentation_forms_fold_only_themselves() -> None:
    """A ligature elsewhere in the text must not change how other words normalize."""
    for word in ("x²", "\u0624", "\u0648\u0654", "Ｆｕｌｌ", "ΑΣ"):
        assert normalize(f"ﻻ {word}") == "لا " + normalize(word)


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_normalization_is_idempotent_on_the_seeds(name: str) -> None:
    once = normalize(seed_text(name))
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(tricky_text)
def test_normalization_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=300, deadline=None)
@given(tricky_text, tricky_text)
@example("ﻻ ", "x²")
@example("ﻻ", "\u0648\u0654")
@example("ΑΣ", ".Α")
def test_normalization_is_character_local(left: str, right: str) -> None:
    """Normalizing two pieces apart or together gives the same text (spans rely on it)."""
    assert normalize(left + right) == normalize(left) + normalize(right)


@settings(max_examples=200, deadline=None)
@given(st.lists(tricky_text, min_size=5, max_size=20))
def test_a_long_text_normalizes_as_its_pieces_do(pieces: list[str]) -> None:
    """Documents (hundreds of characters) normalize as the short words of a question do."""
    text = "".join(pieces) * 8
    assert normalize(text) == "".join(normalize(piece) for piece in pieces) * 8
