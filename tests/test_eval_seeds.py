"""The quality gate: seed dev questions answered first, unanswerable ones declined."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.evaluation import evaluate, is_hit, read_questions


@dataclass(frozen=True)
class GateRun:
    """The eval metrics, and where each answerable question's first hit came (0: none)."""

    report: dict[str, float]
    first_hit: dict[str, int]
    abstained: dict[str, bool]

    def missed(self, k: int) -> str:
        """Name the answerable questions whose first hit is not in the top k."""
        misses = {q: rank for q, rank in self.first_hit.items() if not 0 < rank <= k}
        return f"{self.report}\nfirst hit rank (0 = none) of questions missed at {k}: {misses}"


@pytest.fixture(scope="module")
def gate(seed_db: Path, seeds_dev: Path) -> GateRun:
    """Run seeds_dev.jsonl against the seed index at top 10, as `dalil eval` does."""
    engine = Engine(seed_db)
    engine.load()
    questions = read_questions(seeds_dev)
    answers = {}

    def ask(question: str) -> tuple:
        timed = engine.ask(question, top_k=10)
        answers[question] = timed.answer
        return timed.answer, timed.latency_ms

    report = evaluate(questions, ask)
    assert report["n"] == 33 and report["answerable"] == 30
    first_hit, abstained = {}, {}
    for q in questions:
        answer = answers[q.question]
        abstained[q.id] = answer.abstained
        if q.answerable:
            ranks = [h.rank for h in answer.hits if is_hit(q, h.document.path, h.passage_text)]
            first_hit[q.id] = ranks[0] if ranks else 0
    return GateRun(report, first_hit, abstained)


def test_every_answer_comes_first(gate: GateRun) -> None:
    # the answer-quality issue's target for the seeds (the core issue's gate was 0.90)
    assert gate.report["hit@1"] == 1.0, gate.missed(1)


def test_nearly_every_answer_is_in_the_top_three(gate: GateRun) -> None:
    assert gate.report["hit@3"] >= 0.97, gate.missed(3)


def test_every_unanswerable_question_is_declined(gate: GateRun) -> None:
    answered = [q for q, a in gate.abstained.items() if q not in gate.first_hit and not a]
    assert gate.report["abstain_ok"] == 1.0, f"answered though unanswerable: {answered}"


def test_no_answerable_question_is_declined(gate: GateRun) -> None:
    declined = [q for q in gate.first_hit if gate.abstained[q]]
    assert gate.report["false_abstain"] == 0.0, f"declined though answerable: {declined}"
