"""Bm25Index ranks exactly as rank_bm25.BM25Okapi.get_scores does, on random corpora."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from retrieval import bm25
from retrieval.bm25 import Bm25Index, top_k

TOLERANCE = 1e-9


def _zipf_corpus(seed: int, passages: int, vocab: int) -> list[list[int]]:
    """Passages of Zipf-distributed term ids, some empty, with one term in most passages."""
    rng = np.random.default_rng(seed)
    corpus = []
    for _ in range(passages):
        length = int(rng.integers(0, 60))
        terms = (rng.zipf(1.3, length) - 1) % vocab
        if rng.random() < 0.7:
            terms = np.append(terms, 0)
        corpus.append([int(t) for t in terms])
    return corpus


def _index(corpus: list[list[int]], vocab: int) -> Bm25Index:
    """Our index over the same term ids."""
    lengths = np.array([len(p) for p in corpus])
    flat = np.array([t for p in corpus for t in p], dtype=np.int32)
    return Bm25Index(flat, lengths, vocab)


def _queries(seed: int, count: int, vocab: int) -> list[list[int]]:
    """1-6 term queries: frequent and rare terms, repeats, and ids the corpus lacks."""
    rng = np.random.default_rng(seed)
    queries = []
    for _ in range(count):
        query = [int(t) for t in (rng.zipf(1.2, int(rng.integers(1, 7))) - 1) % (vocab + 50)]
        if rng.random() < 0.1:
            query.append(query[0])
        if rng.random() < 0.05:
            query.append(-1)
        queries.append(query)
    return queries


def _assert_top10_equal(index: Bm25Index, model: BM25Okapi, query: list[int]) -> None:
    """Our ten best scores equal rank_bm25's ten best, and each unit has rank_bm25's score."""
    reference = model.get_scores([t if t >= 0 else "unknown" for t in query])
    ours = top_k(index.score(query), 10)
    expected = np.sort(reference)[::-1][:10]
    got = np.zeros(len(expected))
    got[: len(ours)] = [score for _, score in ours]
    assert np.all(np.abs(got - expected) <= TOLERANCE), (query, got, expected)
    for unit, score in ours:
        assert abs(reference[unit] - score) <= TOLERANCE


@pytest.mark.parametrize("seed", [1, 2])
def test_top10_scores_equal_rank_bm25(seed: int) -> None:
    """Every top-10 score equals BM25Okapi.get_scores on 6,000 random passages."""
    vocab = 3000
    corpus = _zipf_corpus(seed, 6000, vocab)
    index, model = _index(corpus, vocab), BM25Okapi(corpus)
    assert max(sum(t in set(p) for p in corpus) for t in (0, 1)) > len(corpus) / 2
    for query in _queries(seed + 100, 150, vocab):
        _assert_top10_equal(index, model, query)


def test_full_scores_equal_rank_bm25_for_every_passage() -> None:
    """Scores of all passages, not just the best, match (zero where no term occurs)."""
    vocab = 500
    corpus = _zipf_corpus(5, 1500, vocab)
    index, model = _index(corpus, vocab), BM25Okapi(corpus)
    for query in _queries(6, 40, vocab):
        expected = model.get_scores([t if t >= 0 else "unknown" for t in query])
        assert np.max(np.abs(index.full_scores(query) - expected)) <= TOLERANCE


def test_common_terms_get_rank_bm25_epsilon_floor() -> None:
    """A term in more than half the passages scores with rank_bm25's floored IDF, not zero."""
    corpus = [["common", "x"], ["common", "y"], ["common"], ["z"], ["common", "w"]]
    vocabulary = {"common": 0, "x": 1, "y": 2, "z": 3, "w": 4}
    lengths = np.array([len(p) for p in corpus])
    flat = np.array([vocabulary[t] for p in corpus for t in p], dtype=np.int32)
    index, model = Bm25Index(flat, lengths, len(vocabulary)), BM25Okapi(corpus)
    assert index.idf[0] == pytest.approx(model.idf["common"], abs=TOLERANCE)
    expected = model.get_scores(["common", "x"])
    assert np.max(np.abs(index.full_scores([0, 1]) - expected)) <= TOLERANCE


def test_tiny_corpora_match_rank_bm25() -> None:
    """Corpora of one to four passages, where IDFs can be zero or negative, still match."""
    rng = np.random.default_rng(9)
    for size in range(1, 5):
        corpus = [
            [int(t) for t in rng.integers(0, 4, int(rng.integers(1, 5)))] for _ in range(size)
        ]
        index, model = _index(corpus, 4), BM25Okapi(corpus)
        for query in ([0], [1, 2], [3, 3, 0], [0, 1, 2, 3]):
            expected = model.get_scores(query)
            assert np.max(np.abs(index.full_scores(query) - expected)) <= TOLERANCE


def test_threads_scoring_at_once_get_the_same_results() -> None:
    """Concurrent searches from several threads return what one thread alone returns."""
    vocab = 800
    index = _index(_zipf_corpus(11, 2000, vocab), vocab)
    queries = _queries(12, 60, vocab)
    alone = [top_k(index.score(q), 10) for q in queries]
    results: dict[int, list] = {}

    def work(number: int) -> None:
        results[number] = [top_k(index.score(q), 10) for q in queries * 3]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for found in results.values():
        assert found == alone * 3


def test_ties_go_to_the_lower_passage() -> None:
    """Passages with equal scores are ranked by passage number, also at the cut-off."""
    corpus = [["a", "b"]] * 6 + [["c", "d"]] * 4
    vocabulary = {"a": 0, "b": 1, "c": 2, "d": 3}
    lengths = np.array([len(p) for p in corpus])
    flat = np.array([vocabulary[t] for p in corpus for t in p], dtype=np.int32)
    index = Bm25Index(flat, lengths, len(vocabulary))
    assert [unit for unit, _ in top_k(index.score([0, 1]), 3)] == [0, 1, 2]


def test_long_postings_merged_over_every_unit_sum_as_sorted_ones_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The two ways of merging postings give the very same units and sums, bit for bit."""
    vocab = 400
    index = _index(_zipf_corpus(9, 2000, vocab), vocab)
    queries = _queries(10, 60, vocab)
    groups = [[q[i : i + 2] for i in range(0, len(q), 2)] for q in queries]

    def scored(share: float) -> list[tuple[list[int], list[float]]]:
        monkeypatch.setattr(bm25, "DENSE_SHARE", share)
        found = [index.score(q) for q in queries] + [index.score_groups(g) for g in groups]
        return [(s.units.tolist(), s.scores.tolist()) for s in found]

    assert scored(0.0) == scored(float("inf"))


def test_groups_merged_once_score_the_same_when_asked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A group's merged postings kept for the next questions (and dropped when too many are
    kept) give the scores a fresh merge gives."""
    vocab = 300
    corpus = _zipf_corpus(11, 1500, vocab)
    groups = [[q[i : i + 3] for i in range(0, len(q), 3)] for q in _queries(12, 80, vocab)]
    fresh = [_index(corpus, vocab).score_groups(g) for g in groups]  # a new index each time
    monkeypatch.setattr(bm25, "MERGED_MIN", 1)
    monkeypatch.setattr(bm25, "MERGED_UNITS", 3000)  # a few groups, then emptied
    index = _index(corpus, vocab)
    for _ in range(2):
        again = [index.score_groups(g) for g in groups]
        assert [(s.units.tolist(), s.scores.tolist()) for s in again] == [
            (s.units.tolist(), s.scores.tolist()) for s in fresh
        ]
    assert index._merged  # groups were kept
