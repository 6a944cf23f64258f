"""The hit metric of shared/eval/README.md over a question set, with timings."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from retrieval.results import Answer, Offer

_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})


def light_normalize(text: str) -> str:
    """The eval README's light normalization (marks removed, letters unified, spaces collapsed)."""
    return " ".join(_MARKS.sub("", text).translate(_LETTERS).split())


@dataclass(frozen=True)
class Question:
    """One line of a question set."""

    id: str
    question: str
    answers: list[str]
    docs: list[str]

    @property
    def answerable(self) -> bool:
        """Tell whether the corpus answers it."""
        return bool(self.docs)


class QuestionSetError(ValueError):
    """A question set line that is no question: the message names the file and the line."""


def _row(line: str, where: str) -> dict:
    """One line of a question set as a JSON object with an id and a question text."""
    try:
        row = json.loads(line)
    except ValueError as error:
        raise QuestionSetError(f"{where}: not JSON ({error})") from None
    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: a {type(row).__name__}, not a JSON object")
    for key in ("id", "question"):
        if row.get(key) in (None, ""):
            raise QuestionSetError(f"{where}: no {key!r}")
    if not isinstance(row["question"], str):
        raise QuestionSetError(f"{where}: 'question' is not a string")
    return row


def read_questions(path: Path) -> list[Question]:
    """Read a JSONL question set; raise QuestionSetError for a line that is no question."""
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = _row(line, f"{path}:{number}")
            docs = row.get("docs") or ([row["doc"]] if row.get("doc") else [])
            questions.append(
                Question(str(row["id"]), row["question"], row.get("answers", []), docs)
            )
    return questions


def is_hit(question: Question, doc: str, text: str) -> bool:
    """A passage of a gold document that contains a gold answer."""
    if doc not in question.docs:
        return False
    haystack = light_normalize(text)
    return any(light_normalize(a) in haystack for a in question.answers if a.strip())


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def evaluate(
    questions: Iterable[Question],
    ask: Callable[[str], tuple[Answer, float]],
    run_out: Path | None = None,
) -> dict[str, float]:
    """Ask every question and compute hit@k, MRR@10, how replies were offered (abstain_ok:
    unanswerable ones not offered as the answer; false_abstain: answerable ones offered as none;
    hedged: answerable ones offered only as related) and latency figures."""
    totals = {"hit@1": 0.0, "hit@3": 0.0, "hit@5": 0.0, "mrr@10": 0.0, "excerpt_hit@1": 0.0}
    n = answerable = abstain_ok = false_abstain = hedged = 0
    chars: list[int] = []
    latencies: list[float] = []
    runs = []
    for question in questions:
        answer, latency = ask(question.question)
        n += 1
        latencies.append(latency)
        results = [(hit.document.path, hit.passage_text) for hit in answer.hits]
        chars.extend(len(text) for _, text in results)
        runs.append(
            {
                "id": question.id,
                "answer": answer.offer.value,
                "abstained": answer.offer is Offer.NONE,
                "results": [
                    {"doc": doc, "passage": hit.passage_number, "text": text, "score": hit.score}
                    for (doc, text), hit in zip(results, answer.hits, strict=True)
                ],
            }
        )
        if not question.answerable:
            abstain_ok += answer.offer is not Offer.ANSWER
            continue
        answerable += 1
        false_abstain += answer.offer is Offer.NONE
        hedged += answer.offer is Offer.RELATED
        ranks = [i for i, (doc, text) in enumerate(results, 1) if is_hit(question, doc, text)]
        first = ranks[0] if ranks else None
        for k in (1, 3, 5):
            totals[f"hit@{k}"] += bool(first and first <= k)
        totals["mrr@10"] += 1 / first if first and first <= 10 else 0
        if answer.hits and is_hit(
            question, answer.hits[0].document.path, answer.hits[0].excerpt.text
        ):
            totals["excerpt_hit@1"] += 1
    if run_out:
        run_out.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in runs), encoding="utf-8"
        )
    unanswerable = n - answerable
    report: dict[str, float] = {"n": n, "answerable": answerable}
    report |= {k: round(v / answerable, 4) if answerable else 0.0 for k, v in totals.items()}
    report["abstain_ok"] = round(abstain_ok / unanswerable, 4) if unanswerable else 1.0
    report["false_abstain"] = round(false_abstain / answerable, 4) if answerable else 0.0
    report["hedged"] = round(hedged / answerable, 4) if answerable else 0.0
    report["mean_chars"] = round(statistics.fmean(chars), 1) if chars else 0.0
    report["p50_ms"] = round(_percentile(latencies, 0.5), 3)
    report["p95_ms"] = round(_percentile(latencies, 0.95), 3)
    return report
