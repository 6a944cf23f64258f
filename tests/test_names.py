"""Names kept whole: a listed place loses its clitics, never its letters, and finds its articles."""

from __future__ import annotations

import pytest

from retrieval.analyzer import analyze
from retrieval.corpus import DocumentInfo, build_corpus
from retrieval.names import PROTECTED, kept_name, name_key
from retrieval.normalize import normalize
from retrieval.search import Searcher
from retrieval.settings import PLAIN_BM25, SearchSettings
from retrieval.stemming import light_stem

# The cities the names issue lists, as people write them (those with the article in it too).
CITIES = """
الرياض جدة مكة الدمام الخبر الظهران أبها نجران جازان الباحة تبوك حائل بريدة القصيم الطائف
ينبع الجبيل القطيف الأحساء عرعر سكاكا الجوف بيشة مشيط عنيزة الدوحة دبي أبوظبي الشارقة المنامة
الكويت مسقط صلالة إدلب حلب حماة حمص اللاذقية الرقة الزور
""".split()
ARTICLE_LESS = [c for c in CITIES if not c.startswith("ال")]
WITH_ARTICLE = [c for c in CITIES if c.startswith("ال")]


@pytest.mark.parametrize("city", CITIES)
def test_a_listed_city_is_one_term_that_keeps_its_letters(city: str) -> None:
    (term,) = analyze(city)
    assert term == name_key(city)
    assert len(term) >= len(analyze(city.removeprefix("ال"))[0])


@pytest.mark.parametrize("city", ARTICLE_LESS)
@pytest.mark.parametrize("clitic", ["و", "ب", "ل", "ف", "ك", "وب", "فب", "ول"])
def test_a_city_with_a_clitic_is_the_same_term(city: str, clitic: str) -> None:
    assert analyze(clitic + city) == analyze(city)


@pytest.mark.parametrize("city", WITH_ARTICLE)
@pytest.mark.parametrize("clitic", ["و", "ب", "ف", "وب", "فب"])
def test_a_city_named_with_its_article_takes_clitics_before_it(city: str, clitic: str) -> None:
    assert analyze(clitic + city) == analyze(city)
    assert analyze("ل" + city[1:]) == analyze(city)  # للرياض, للدمام


def test_the_words_the_issue_showed_broken_stay_whole() -> None:
    text = "أبها بأبها جدة مكة الخبر نجران جازان الباحة"
    assert analyze(text) == ["ابها", "ابها", "جده", "مكه", "خبر", "نجران", "جازان", "باحه"]
    # light8 alone made them اب باب جد مك خبر نجر جاز باح
    assert [light_stem(w) for w in ["ابها", "بابها", "نجران"]] == ["اب", "باب", "نجر"]
    assert analyze("كاليفورنيا") == analyze("بكاليفورنيا") == ["كاليفورنيا"]


def test_a_father_is_not_abha() -> None:
    assert analyze("أبيه") != analyze("أبها")


def test_other_words_are_stemmed_as_before() -> None:
    for word in ["المدرسة", "بالمدينة", "الكتاب", "وزارتها", "ببابها"]:
        assert kept_name(normalize(word)) is None
        assert analyze(word) == [light_stem(normalize(word))]


def test_common_nouns_that_name_places_too_are_not_listed() -> None:
    for noun in ["المدينة", "العين", "الباب", "الطبقة", "العقبة", "جنين"]:
        assert name_key(noun) not in PROTECTED


def _searcher(texts: list[str]) -> Searcher:
    """An in-memory searcher over one document per text."""
    documents = [(DocumentInfo(f"{i:02d}.txt", t.split("\n")[0]), t) for i, t in enumerate(texts)]
    return Searcher(build_corpus(documents, analyze))


ARTICLES = {
    city: f"خبر محلي\n\nافتتح المحافظ مشروعا جديدا للمياه {clitic}{city} صباح اليوم بحضور الأهالي."
    for city, clitic in zip(CITIES, ["ب", "و", "في ", "ل", "ب"] * len(CITIES), strict=False)
}


@pytest.fixture(scope="module")
def city_searcher() -> Searcher:
    """One short article per listed city, each naming its city with a clitic."""
    return _searcher(list(ARTICLES.values()))


@pytest.mark.parametrize("city", CITIES)
def test_each_city_finds_its_own_article_with_and_without_clitics(
    city_searcher: Searcher, city: str
) -> None:
    wanted = list(ARTICLES).index(city)
    forms = [city, "ب" + city, "و" + city, "ل" + city[1:] if city in WITH_ARTICLE else "ل" + city]
    for form in forms:
        answer = city_searcher.search(f"مشروع المياه {form}", top_k=1)
        assert answer.hits, form
        assert answer.hits[0].document.path == f"{wanted:02d}.txt", form


def test_a_question_about_abha_does_not_find_a_father() -> None:
    searcher = _searcher(
        [
            "بوش\n\nزار جيب بوش أبيه جورج بوش الأب في تكساس.",
            "عسير\n\nزار أمير منطقة عسير مهرجان الصيف بأبها.",
        ]
    )
    answer = searcher.search("من زار أبها؟", top_k=3)
    assert answer.hits[0].document.path == "01.txt"
    assert all("ابها" not in h.matched_terms for h in answer.hits[1:])


def test_the_exact_form_feature_ranks_the_word_asked_above_its_stem_alone() -> None:
    others = ["سوق الخضار", "ملعب المدينة", "مستشفى الولادة", "حديقة الحي", "مطار الرياض"]
    texts = ["مدرس البلدة القديمة.", "مدرسة البلدة القديمة.", *others]
    documents = [(DocumentInfo(f"{i:02d}.txt", ""), t) for i, t in enumerate(texts)]
    corpus = build_corpus(documents, analyze)
    question = "مدرسة البلدة القديمة"
    plain = Searcher(corpus, settings=PLAIN_BM25).search(question, top_k=2)
    assert plain.hits[0].score == plain.hits[1].score  # one stem: BM25 cannot tell them apart
    exact = PLAIN_BM25.plus(exact_forms=0.2)
    answer = Searcher(corpus, settings=exact).search(question, top_k=2)
    assert answer.hits[0].passage_text == "مدرسة البلدة القديمة."
    assert answer.hits[0].score > answer.hits[1].score


def test_a_name_light8_cuts_at_a_false_article_finds_its_other_forms() -> None:
    # light8 reads فال of فالنسيا as an article (نسيا) but keeps بفالنسيا and وفالنسيا whole
    searcher = _searcher(
        [
            "رياضة\n\nتعاقد نادي بفالنسيا مع المدرب.",
            "أسواق\n\nسوق الخضار",
            "ملاعب\n\nملعب المدينة",
            "مطارات\n\nمطار الرياض",
        ]
    )
    assert analyze("فالنسيا") == ["نسيا"]
    on = Searcher(searcher.corpus, settings=SearchSettings().plus("article_variants"))
    assert "بفالنسيا" in on.lexicon.variants("نسيا")
    answer = on.search("نادي فالنسيا", top_k=1)
    assert answer.hits[0].document.path == "00.txt"
    plain = Searcher(searcher.corpus, settings=PLAIN_BM25.plus("clitic_variants"))
    assert "بفالنسيا" not in plain.lexicon.variants("نسيا")
