"""Repairs of question words the collection does not know: slips people make when typing Arabic."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from retrieval.analyzer import DEFAULT_ANALYZER, analyze
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.search import Searcher, SearchSettings
from retrieval.spelling import (
    held_key_forms,
    is_misspelt_question_word,
    repaired_terms,
    sound_alike_forms,
)

VOCABULARY = set(analyze("يحدث الاسكندر الاكبر مقالات الإخبارية التقويم سمي اسم عمان"))


def repaired(word: str) -> list[str] | None:
    """Repair one normalized question word against VOCABULARY."""
    return repaired_terms(word, DEFAULT_ANALYZER, VOCABULARY.__contains__)


def repairing_and_not(articles: list[tuple[str, str]]) -> tuple[Searcher, Searcher]:
    """Searchers over (title, text) articles with and without repairs of unknown words."""
    corpus = build_corpus(
        [(DocumentInfo(f"{i}.txt", title), text) for i, (title, text) in enumerate(articles)],
        analyze,
    )
    off = SearchSettings().minus("repair_unknown_words")
    return Searcher(corpus), Searcher(corpus, settings=off)


def test_sound_alike_forms_swap_one_letter_within_its_group() -> None:
    assert "تامر" in sound_alike_forms("ثامر")
    assert "ماذا" in sound_alike_forms("مادا")
    assert "جامر" not in sound_alike_forms("ثامر")


def test_misspelt_question_words_are_recognised_and_dropped() -> None:
    for word in ["مادا", "لمادا", "بمادا", "اللذي", "اللتي", "بكم"]:
        assert is_misspelt_question_word(word), word
    # «هول» is one sound-alike letter from the stopword «حول», but no question word: kept
    for word in ["مدار", "بلجيكا", "ثامر", "هول"]:
        assert not is_misspelt_question_word(word), word
    assert repaired("لمادا") == []


def test_run_together_words_are_cut_into_known_parts() -> None:
    assert repaired("ماذايحدث") == analyze("يحدث")
    assert repaired("الاسكندرالاكبر") == analyze("الاسكندر الاكبر")
    assert repaired("سميالتقويم") == analyze("سمي التقويم")
    assert repaired("ماالاسم") == analyze("الاسم")
    assert repaired("عمانيحدث") is None  # no stopword, no ال: a cut would be a guess


def test_a_word_left_half_stemmed_is_stemmed_once_more_or_freed_of_its_proclitic() -> None:
    assert analyze("مقالاته") == ["مقالات"]  # light8 strips one suffix of each kind, in order
    assert repaired("مقالاته") == analyze("مقالات")
    assert repaired("لعمان") == analyze("عمان")


def test_a_letter_written_three_times_or_more_is_cut_to_one_or_left_out() -> None:
    assert held_key_forms("جمييييل") == ["جميل", "جمل"]
    assert held_key_forms("بدظظظظظظظا") == ["بدظا", "بدا"]
    assert held_key_forms("الله") == []  # a doubled letter is Arabic spelling, not a slip
    assert held_key_forms("2000") == held_key_forms("www") == []  # a year, a link: not typos
    known = set(analyze("جميل بدأ")).__contains__
    assert repaired_terms("جمييييل", DEFAULT_ANALYZER, known) == analyze("جميل")
    assert repaired_terms("بدظظظظظظظا", DEFAULT_ANALYZER, known) == analyze("بدا")
    assert repaired_terms("متيييي", DEFAULT_ANALYZER, known) == []  # «متىىىى»: a question word


def test_a_word_no_repair_fits_is_left_alone() -> None:
    assert repaired("بدظظظظظظظا") is None  # the collection knows neither بدظا nor بدا
    assert repaired("روتشليد") is None


def test_the_searcher_answers_through_a_repaired_question() -> None:
    text = "خلال فترات الاكتئاب يحدث اضطراب في النوم والشهية.\nوتحدث الأعراض في الشتاء."
    filler = "\n".join(["تقع المدينة على ساحل البحر.", "زار الوزير المعرض أمس.", "ارتفعت الأسعار."])
    on, off = repairing_and_not([("الاكتئاب", text), ("أخبار", filler)])
    question = "ماذايحدث في فترات الاكتئاب؟"
    assert list(on.parse(question).terms) == analyze("يحدث فترات الاكتئاب")
    assert "ماذايحدث" in list(off.parse(question).terms)
    for searcher, shown in [(on, True), (off, False)]:
        hit = searcher.search(question, top_k=1).hits[0]
        assert hit.passage_number == 1
        assert ("يحدث" in {hit.excerpt.text[s:e] for s, e in hit.excerpt.highlights}) is shown


def test_the_searcher_answers_a_question_typed_with_a_key_held_down() -> None:
    text = "بدأ نشر المانغا في 18 يونيو عام 1994 في مجلة أسبوعية."
    filler = "\n".join(["اشتهرت المانغا في اليابان.", "تباع المانغا في المكتبات.", "زار الوزير."])
    on, off = repairing_and_not([("المانغا", filler + "\n" + text), ("أخبار", "ارتفعت الأسعار.")])
    question = "متى بدظظظظظظظا المانغا؟"
    assert list(on.parse(question).terms) == analyze("بدا المانغا")
    assert on.search(question, top_k=1).hits[0].passage_number == 4
    assert off.search(question, top_k=1).abstained  # an unknown rare word, and only one known


@given(st.text(alphabet="ابتثجحخدذرزسشصضطظعغفقكلمنهويءئؤىة", min_size=1, max_size=40))
def test_a_repair_only_ever_yields_terms_the_collection_knows(word: str) -> None:
    repaired = repaired_terms(word, DEFAULT_ANALYZER, VOCABULARY.__contains__)
    assert repaired is None or all(term in VOCABULARY for term in repaired)
