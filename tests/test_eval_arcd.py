"""The answer-quality floor on arcd-train: what Dalil reaches today must not slip back."""

from __future__ import annotations

import pytest

from bot.engine import Engine, build_index
from bot.evaluation import evaluate, read_questions
from tests.helpers import EVAL, require_eval

ARCD = EVAL / "arcd-train"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, float]:
    """Index the 66 ARCD articles and run `dalil eval`'s metrics over the 594 questions."""
    corpus = require_eval(ARCD / "corpus")
    db_path = tmp_path_factory.mktemp("arcd") / "arcd.db"
    build_index(db_path, corpus, workers=1)
    engine = Engine(db_path)
    engine.load()

    def ask(question: str) -> tuple:
        timed = engine.ask(question, top_k=10)
        return timed.answer, timed.latency_ms

    return evaluate(read_questions(require_eval(ARCD / "questions.jsonl")), ask)


def test_answers_come_first_as_often_as_they_do_now(report: dict[str, float]) -> None:
    # with the features and weights bench/fit.py --select chose and fitted: 0.8401 / 0.9731 /
    # 0.8966 (the hand-set ones, tuned on this very set, gave 0.8468 / 0.9747 / 0.9003); the hit
    # floors are the answer-quality issue's held-out targets, the MRR floor what the fit reaches
    assert report["n"] == 594
    assert report["hit@1"] >= 0.84, report
    assert report["hit@5"] >= 0.97, report
    assert report["mrr@10"] >= 0.895, report


def test_the_excerpt_shown_holds_the_answer(report: dict[str, float]) -> None:
    assert report["excerpt_hit@1"] >= 0.81, report  # measured 0.8131


def test_answerable_questions_are_rarely_declined(report: dict[str, float]) -> None:
    assert report["false_abstain"] <= 0.01, report


def test_passages_stay_short_enough_to_read_in_a_chat(report: dict[str, float]) -> None:
    assert report["mean_chars"] <= 650, report
