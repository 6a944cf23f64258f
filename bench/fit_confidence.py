"""Fit the confidence model (retrieval/confidence_model.py) on the development questions.

    .venv/bin/python bench/fit_confidence.py [--archive-db /tmp/snn.db] [--write]

Asks every question of the seeds and arcd-train sets (answerable ones, eval/unanswerable/, the
broad ones), and with --archive-db the SaudiNewsNet ones, gathers the evidence about the first
passage (retrieval.confidence.EVIDENCE) and fits a class-balanced logistic regression: does the
collection answer the question? Questions are grouped by article (the gold document, the one an
unanswerable question names, or the question itself when off topic); a quarter of the groups
(crc32 of the group name) is held out and never used to fit or choose anything. On the rest, a
5-fold cross-validation grouped the same way gives out-of-fold probabilities, on which the two
thresholds are chosen: the highest `answer_at` that offers at most ANSWERABLE_NOT_ANSWER of the
answerable questions as less than an answer, and the highest `none_below` that refuses at most
ANSWERABLE_NONE of them outright. It prints the cross-validated and the held-out figures, and
with --write replaces retrieval/confidence_model.py with the model fitted on all development
groups.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.engine import Engine, build_index
from bot.evaluation import read_questions
from retrieval.broad import broad_subject
from retrieval.collection import too_weak
from retrieval.confidence import EVIDENCE, ConfidenceModel, evidence
from retrieval.results import Offer

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
ANSWERABLE_NOT_ANSWER = 0.08
ANSWERABLE_NONE = 0.01
HELD_OUT_SHARE = 4  # one group in this many is held out
FOLDS = 5
L2 = 1.0
MODEL_FILE = ROOT / "retrieval" / "confidence_model.py"
MODEL_HEADER = (
    '"""The fitted confidence model (written by bench/fit_confidence.py; do not edit by hand)."""'
    "\n\nfrom retrieval.confidence import ConfidenceModel\n"
)


@dataclass(frozen=True)
class Sample:
    """One question's evidence, label and group."""

    collection: str
    id: str
    group: str
    answerable: bool
    kind: str
    evidence: np.ndarray | None  # None: no passage at all (always offered as none)
    weak: bool
    broad: bool


def _kinds(path: Path) -> dict[str, tuple[str, str]]:
    """Each question's kind and the group it belongs to, from the raw JSONL lines."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            kind = row.get("kind") or ("answerable" if row.get("doc") else "off_topic")
            group = row.get("doc") or row.get("about") or f"q:{row['id']}"
            found[str(row["id"])] = (kind, group)
    return found


def gather(collection: str, engine: Engine, files: list[Path]) -> list[Sample]:
    """Ask every question of the files and keep the evidence about its first passage."""
    searcher = engine.searcher
    samples = []
    for path in files:
        kinds = _kinds(path)
        for question in read_questions(path):
            kind, group = kinds[question.id]
            answer = searcher.search(question.question, top_k=3, keep_weak=True)
            broad = broad_subject(searcher.analyzer.words(question.question)) is not None
            if not answer.hits:
                samples.append(
                    Sample(
                        collection, question.id, group, question.answerable, kind, None, True, broad
                    )
                )
                continue
            query = searcher.parse(question.question)
            weak = too_weak(searcher.corpus, query, answer.hits[0].passage_index, searcher.settings)
            found = evidence(searcher, query, answer.hits)
            samples.append(
                Sample(
                    collection, question.id, group, question.answerable, kind, found, weak, broad
                )
            )
    return samples


def fit(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Class-balanced L2 logistic regression by Newton's method."""
    w = np.zeros(x.shape[1])
    b = 0.0
    weights = np.where(y == 1, 0.5 / max(y.mean(), 1e-9), 0.5 / max(1 - y.mean(), 1e-9))
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.append(w, b)
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(design @ theta, -30, 30)))
        gradient = design.T @ (weights * (p - y)) + L2 * np.append(theta[:-1], 0)
        hessian = (design * (weights * p * (1 - p))[:, None]).T @ design
        hessian += L2 * np.diag(np.append(np.ones(len(theta) - 1), 0))
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def probabilities(samples: list[Sample], w: np.ndarray, b: float) -> np.ndarray:
    """The model's probability for each sample (0 for one without a passage)."""
    return np.array(
        [
            0.0 if s.evidence is None else 1 / (1 + np.exp(-(float(s.evidence @ w) + b)))
            for s in samples
        ]
    )


def offers(
    samples: list[Sample], p: np.ndarray, answer_at: float, none_below: float
) -> list[Offer]:
    """The offer each sample gets (retrieval.offering's rules)."""
    model = ConfidenceModel(tuple(), 0.0, answer_at, none_below)
    result = []
    for sample, probability in zip(samples, p, strict=True):
        if sample.evidence is None:
            result.append(Offer.NONE)
        elif sample.broad and not sample.weak:
            result.append(Offer.ANSWER)
        else:
            result.append(model.offer(float(probability), sample.weak))
    return result


def report(samples: list[Sample], offered: list[Offer]) -> dict[str, object]:
    """The shares the issue asks for, per collection and in all."""
    out: dict[str, object] = {}
    for name in [*sorted({s.collection for s in samples}), "all"]:
        pairs = [
            (s, o) for s, o in zip(samples, offered, strict=True) if name in ("all", s.collection)
        ]
        answerable = [o for s, o in pairs if s.answerable]
        absent = [o for s, o in pairs if s.kind == "absent_detail"]
        off = [o for s, o in pairs if s.kind == "off_topic"]

        def share(items: list[Offer], keep: set[Offer]) -> float | None:
            return round(sum(o in keep for o in items) / len(items), 4) if items else None

        out[name] = {
            "answerable": len(answerable),
            "hedged": share(answerable, {Offer.RELATED}),
            "false_abstain": share(answerable, {Offer.NONE}),
            "absent_detail": len(absent),
            "absent_not_answer": share(absent, {Offer.RELATED, Offer.NONE}),
            "off_topic": len(off),
            "off_topic_not_answer": share(off, {Offer.RELATED, Offer.NONE}),
            "off_topic_none": share(off, {Offer.NONE}),
        }
    return out


def thresholds(samples: list[Sample], p: np.ndarray) -> tuple[float, float]:
    """The highest thresholds within the answerable budgets."""
    candidates = sorted(set(np.round(p, 4).tolist()) | {0.0, 1.0})
    answerable = [i for i, s in enumerate(samples) if s.answerable]
    answer_at = 0.0
    for t in candidates:
        got = offers(samples, p, t, 0.0)
        if sum(got[i] is not Offer.ANSWER for i in answerable) <= ANSWERABLE_NOT_ANSWER * len(
            answerable
        ):
            answer_at = t
    none_below = 0.0
    for t in candidates:
        if t > answer_at:
            break
        got = offers(samples, p, answer_at, t)
        if sum(got[i] is Offer.NONE for i in answerable) <= ANSWERABLE_NONE * len(answerable):
            none_below = t
    return answer_at, none_below


def _matrix(samples: list[Sample]) -> tuple[np.ndarray, np.ndarray]:
    """The evidence and labels of the samples the model decides (those with a passage)."""
    used = [s for s in samples if s.evidence is not None and not (s.broad and not s.weak)]
    return np.array([s.evidence for s in used]), np.array([float(s.answerable) for s in used])


def _bucket(group: str, count: int) -> int:
    """A stable bucket of a group name."""
    return zlib.crc32(group.encode("utf-8")) % count


def main() -> None:
    """Gather, cross-validate, report and (with --write) save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--archive-db", type=Path, help="an index of SaudiNewsNet")
    parser.add_argument("--write", action="store_true", help="write retrieval/confidence_model.py")
    args = parser.parse_args()
    samples: list[Sample] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, corpus, files in (
            (
                "seeds",
                ROOT / "seeds",
                [
                    EVAL / "seeds_dev.jsonl",
                    EVAL / "probes" / "seeds_a.jsonl",
                    EVAL / "probes" / "seeds_b.jsonl",
                    EVAL / "broad_seeds.jsonl",
                    EVAL / "unanswerable" / "seeds.jsonl",
                ],
            ),
            (
                "arcd",
                EVAL / "arcd-train" / "corpus",
                [
                    EVAL / "arcd-train" / "questions.jsonl",
                    EVAL / "probes" / "arcd.jsonl",
                    EVAL / "unanswerable" / "arcd.jsonl",
                ],
            ),
        ):
            db = Path(tmp) / f"{name}.db"
            build_index(db, corpus, workers=1)
            samples += gather(name, Engine(db), files)
    if args.archive_db:
        samples += gather(
            "saudinewsnet",
            Engine(args.archive_db),
            [EVAL / "saudinewsnet_dev.jsonl", EVAL / "unanswerable" / "saudinewsnet.jsonl"],
        )
    dev = [s for s in samples if _bucket(s.collection + s.group, HELD_OUT_SHARE) != 0]
    held = [s for s in samples if _bucket(s.collection + s.group, HELD_OUT_SHARE) == 0]
    out_of_fold = np.zeros(len(dev))
    for fold in range(FOLDS):
        train = [s for s in dev if _bucket(s.group, FOLDS) != fold]
        w, b = fit(*_matrix(train))
        test = [i for i, s in enumerate(dev) if _bucket(s.group, FOLDS) == fold]
        out_of_fold[test] = probabilities([dev[i] for i in test], w, b)
    answer_at, none_below = thresholds(dev, out_of_fold)
    print(
        json.dumps(
            {"cross_validated": report(dev, offers(dev, out_of_fold, answer_at, none_below))}
        )
    )
    w, b = fit(*_matrix(dev))
    model = ConfidenceModel(
        tuple(round(float(v), 4) for v in w), round(b, 4), answer_at, none_below
    )
    print(
        json.dumps(
            {
                "model": dict(zip(EVIDENCE, model.weights, strict=True)),
                "bias": model.bias,
                "answer_at": answer_at,
                "none_below": none_below,
            }
        )
    )
    held_p = probabilities(held, np.array(model.weights), model.bias)
    print(json.dumps({"held_out": report(held, offers(held, held_p, answer_at, none_below))}))
    if args.write:
        weights = "".join(f"        {w},\n" for w in model.weights)
        MODEL_FILE.write_text(
            f"{MODEL_HEADER}\nMODEL = ConfidenceModel(\n    weights=(\n{weights}    ),\n"
            f"    bias={model.bias},\n    answer_at={model.answer_at},\n"
            f"    none_below={model.none_below},\n)\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
