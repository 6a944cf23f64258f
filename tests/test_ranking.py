"""Ranking: exact rank_bm25 scores, no passage cited twice, and no answer when none exists."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rank_bm25 import BM25Okapi

from retrieval.analyzer import analyze
from retrieval.bm25 import Bm25Index, ScoredUnits, top_k
from retrieval.search import Searcher
from tests.test_rerank import FILLER, corpus_of

QUESTIONS = [
    "من هو بلال الشواش؟",
    "كم مدنيا قتلوا في غارات ادلب يوم الثلاثاء؟",
    "أين يقع مقر المركز الروسي للمصالحة؟",
    "ما اسم الشركة الإيرانية التي نقلت الأسلحة إلى بيروت؟",
    "لماذا توقفت المخابز عن العمل في حلب؟",
    "انفجرت عبوة ناسفة استهدفت سيارة في بلدة سرمين",
    "إدلب إدلب إدلب داعش",  # a repeated word counts again, as in rank_bm25
]


def _full_scan(searcher: Searcher) -> BM25Okapi:
    """rank_bm25 over the very term ids the index stored, passage by passage."""
    corpus = searcher.corpus
    documents = [[int(t) for t in corpus.passage_terms(i)] for i in range(len(corpus.passages))]
    return BM25Okapi(documents)


@pytest.fixture(scope="module")
def reference(seed_searcher: Searcher) -> BM25Okapi:
    """A full rank_bm25 scan of the seed index."""
    return _full_scan(seed_searcher)


def _query_ids(searcher: Searcher, question: str) -> list[int]:
    """The question's term ids (-1 for a word the corpus lacks)."""
    return [searcher.corpus.vocabulary.get(term, -1) for term in analyze(question)]


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("k", [1, 5, 20])
def test_top_k_equals_a_full_rank_bm25_scan(
    seed_searcher: Searcher, reference: BM25Okapi, question: str, k: int
) -> None:
    expected = reference.get_scores(_query_ids(seed_searcher, question))
    ranked = seed_searcher.rank(analyze(question), k)
    positive = int((expected > 0).sum())
    assert len(ranked) == min(k, positive)
    best_first = np.sort(expected)[::-1][: len(ranked)]
    # the scores are rank_bm25's, best first, and no better passage was left out
    assert [score for _, score in ranked] == pytest.approx(best_first, abs=1e-9)
    for passage, score in ranked:
        assert score == pytest.approx(expected[passage], abs=1e-9)
    assert len({passage for passage, _ in ranked}) == len(ranked)


@pytest.mark.parametrize("question", QUESTIONS)
def test_full_scores_equal_rank_bm25_for_every_passage(
    seed_searcher: Searcher, reference: BM25Okapi, question: str
) -> None:
    ids = _query_ids(seed_searcher, question)
    scores = seed_searcher.index.full_scores(ids)
    np.testing.assert_allclose(scores, reference.get_scores(ids), rtol=0, atol=1e-9)


def test_a_word_in_over_half_the_passages_gets_rank_bm25s_epsilon_idf() -> None:
    """BM25Okapi floors negative IDF at epsilon times the mean IDF; pin that behaviour."""
    passages = [["سوريا", "ادلب"], ["سوريا", "حلب"], ["سوريا", "درعا"], ["دمشق"]]
    vocabulary = {term: i for i, term in enumerate(sorted({t for p in passages for t in p}))}
    ids = [[vocabulary[t] for t in p] for p in passages]
    index = Bm25Index(
        np.array([t for p in ids for t in p]), np.array([len(p) for p in ids]), len(vocabulary)
    )
    reference = BM25Okapi(ids)
    for term in vocabulary.values():
        np.testing.assert_allclose(
            index.full_scores([term]), reference.get_scores([term]), rtol=0, atol=1e-12
        )
    common = index.full_scores([vocabulary["سوريا"]])
    assert (common[:3] > 0).all() and common[3] == 0


def test_ties_go_to_the_lower_passage_number() -> None:
    scored = ScoredUnits(np.array([7, 3, 5, 1]), np.array([2.0, 2.0, 3.0, 2.0]))
    assert top_k(scored, 3) == [(5, 3.0), (1, 2.0), (3, 2.0)]
    assert top_k(scored, 0) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.25]), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=45),
    st.randoms(use_true_random=False),
)
def test_top_k_is_the_best_k_with_ties_to_the_lower_unit(
    scores: list[float], k: int, rng: random.Random
) -> None:
    units = list(range(len(scores)))
    rng.shuffle(units)
    scored = ScoredUnits(np.array(units), np.array(scores))
    expected = sorted(zip(units, scores, strict=True), key=lambda pair: (-pair[1], pair[0]))
    assert top_k(scored, k) == expected[:k]


def test_repeated_passages_are_never_cited_twice(seed_searcher: Searcher) -> None:
    question = "انفجرت عبوة ناسفة استهدفت سيارة في الحي الشرقي في بلدة سرمين"
    ranked = seed_searcher.rank(analyze(question), 10)
    texts = [" ".join(seed_searcher.corpus.passages[p].text.split()) for p, _ in ranked]
    assert len(set(texts[:2])) == 1, "seed 003 repeats this paragraph: both copies rank first"
    answer = seed_searcher.search(question, top_k=10)
    cited = [" ".join(hit.passage_text.split()) for hit in answer.hits]
    assert cited[0] == texts[0]
    assert len(cited) == len(set(cited))


def test_pages_of_an_answer_never_repeat_a_passage(seed_searcher: Searcher) -> None:
    question = "توالت تحذيرات دولية من عواقب مهاجمة إدلب"
    pages = [seed_searcher.search(question, top_k=2, offset=offset) for offset in (0, 2, 4)]
    cited = [" ".join(hit.passage_text.split()) for page in pages for hit in page.hits]
    assert len(cited) >= 4
    assert len(cited) == len(set(cited))
    assert [hit.rank for page in pages for hit in page.hits] == list(range(1, len(cited) + 1))
    assert pages[0].has_more


def test_a_question_without_content_words_has_no_answer(seed_searcher: Searcher) -> None:
    answer = seed_searcher.search("من هو؟ ماذا؟ أين؟")
    assert answer.abstained and answer.hits == ()
    assert answer.reason == "no_terms"


def test_a_question_the_corpus_cannot_answer_has_no_answer(seed_searcher: Searcher) -> None:
    question = "كيف أطبخ الأرز بالدجاج؟"
    assert analyze(question), "the question has content words"
    answer = seed_searcher.search(question)
    assert answer.abstained
    assert answer.hits == ()
    assert answer.reason


def test_an_answerable_question_names_the_index_version(seed_searcher: Searcher) -> None:
    answer = seed_searcher.search("من هو بلال الشواش؟")
    assert not answer.abstained
    assert answer.index_version == seed_searcher.version >= 1
    assert [hit.rank for hit in answer.hits] == list(range(1, len(answer.hits) + 1))
    assert [hit.score for hit in answer.hits] == sorted(
        (hit.score for hit in answer.hits), reverse=True
    )


def test_each_hit_names_the_question_words_its_passage_lacks(seed_searcher: Searcher) -> None:
    # the articles name Bilal al-Shawash but never his birth: the nearest passages are cited,
    # each saying which of the asker's words it does not hold, as they were written
    answer = seed_searcher.search("متى وُلد بلال الشواش؟", top_k=3)
    first = answer.hits[0]
    assert "بلال" in first.passage_text
    assert first.missing_words == ("وُلد",)
    assert all("وُلد" in hit.missing_words for hit in answer.hits)
    others = [hit for hit in answer.hits if "الشواش" not in hit.passage_text]
    assert all("الشواش" in hit.missing_words for hit in others)


def test_a_word_held_as_a_variant_or_an_alias_is_not_missing(seed_searcher: Searcher) -> None:
    first = seed_searcher.search("إلى أي بلدات نقل تنظيم داعش عناصره؟").hits[0]
    assert "بنقل" in first.passage_text and "داعش" not in first.passage_text
    assert first.missing_words == ("داعش",)  # «بنقل» stands for «نقل»; «التنظيم» is no name
    first = seed_searcher.search("متى عادت عمليات تنظيم الدولة للظهور في إدلب؟").hits[0]
    assert "تنظيم “داعش”" in first.passage_text and "الدولة" not in first.passage_text
    assert first.missing_words == ()  # «داعش» is «تنظيم الدولة» by aliases.txt


@pytest.mark.parametrize(
    ("question", "shown", "held"),
    [
        ("كم عدد المدنيين الذين قتلوا في غارات ادلب الثلاثاء؟", "25 مدنيا", "المدنيين"),
        ("كم عدد الجنود السوريين الذين قتلوا في هجمات المسلحين؟", "23 جنديا", "الجنود"),
        ("كم مدنيا قتل في غارات ادلب الثلاثاء؟", "بمقتل", "قتل"),
        ("كم معتقلا من داعش فروا من سجن إدلب المركزي؟", "فرار", "فروا"),
    ],
)
def test_a_word_the_passage_holds_in_another_form_is_not_missing(
    seed_searcher: Searcher, question: str, shown: str, held: str
) -> None:
    hit = next(h for h in seed_searcher.search(question, top_k=5).hits if shown in h.passage_text)
    assert held not in hit.missing_words


def test_a_word_whose_stem_is_too_short_is_compared_as_written() -> None:
    # light8 makes «كيان» كي and «الكيانات» كيان: the stems differ, the words do not
    searcher = Searcher(
        corpus_of(
            {
                "a.txt": "تحدث التقرير عن كيان مسلح جديد في الشمال.\n" + "\n".join(FILLER),
                "b.txt": "وتنمو الكيانات الاقتصادية الصغيرة.\n" + "\n".join(FILLER * 3),
            }
        )
    )
    hit = searcher.search("ما هي الكيانات المسلحة في الشمال؟", top_k=1).hits[0]
    assert "كيان" in hit.passage_text
    assert "الكيانات" not in hit.missing_words


def test_dialect_question_words_are_not_searched_nor_missing(seed_searcher: Searcher) -> None:
    answer = seed_searcher.search("شو صار لما مين اللي حذر من تقسيم سوريا؟")
    assert not answer.abstained
    assert "تقسيم سوريا" in answer.hits[0].passage_text
    for hit in answer.hits:
        assert not {"شو", "صار", "مين", "اللي"} & set(hit.missing_words)
