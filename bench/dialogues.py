"""Follow-ups measured: questions asked as a conversation, and the same questions asked alone.

    .venv/bin/python bench/dialogues.py

Two sets: eval/dialogues/seeds.jsonl (short conversations over the seeds, a new one at each
`dialogue` id: anaphoric follow-ups «ومتى حدث ذلك؟», «وأين تمتد؟» and self-contained questions
that must not lean on the previous answer), and arcd-train asked article by article in its own
order (its questions often leave out their subject). Each question is asked with the previous
answer's document and subject as context (as the bot and `dalil chat` do, through Engine.ask)
and alone; the hit metric of eval/README.shared.md is reported both ways, with `followed_up`
(replies that said they leaned on the previous answer) and the time per question.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from bot.engine import Engine, build_index
from bot.evaluation import evaluate, read_questions

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "seeds dialogues": (ROOT / "seeds", ROOT / "eval" / "dialogues" / "seeds.jsonl"),
    "arcd-train in order": (
        ROOT / "eval" / "arcd-train" / "corpus",
        ROOT / "eval" / "arcd-train" / "questions.jsonl",
    ),
}


def _dialogues(path: Path) -> dict[str, str]:
    """Each question's dialogue id (one conversation for a set without them)."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            found[str(row["id"])] = str(row.get("dialogue", "all"))
    return found


def measure(engine: Engine, path: Path) -> dict[str, dict[str, float]]:
    """The metric with context and alone."""
    questions = read_questions(path)
    dialogue_of = _dialogues(path)
    ids = iter(q.id for q in questions)
    state = {"after": None, "subject": "", "dialogue": None, "followed": 0}

    def in_context(question: str) -> tuple:
        dialogue = dialogue_of[next(ids)]
        if dialogue != state["dialogue"]:
            state["after"], state["subject"], state["dialogue"] = None, "", dialogue
        timed = engine.ask(question, top_k=10, after=state["after"], subject=state["subject"])
        state["followed"] += timed.answer.followed_up
        if timed.answer.hits:
            state["after"] = timed.answer.hits[0].document.path
            state["subject"] = timed.answer.subject
        return timed.answer, timed.latency_ms

    def alone(question: str) -> tuple:
        timed = engine.ask(question, top_k=10)
        return timed.answer, timed.latency_ms

    keep = ("hit@1", "hit@3", "mrr@10", "false_abstain", "hedged", "p50_ms", "p95_ms")
    chat = evaluate(questions, in_context)
    report = {"in context": {k: chat[k] for k in keep} | {"followed_up": state["followed"]}}
    report["alone"] = {k: v for k, v in evaluate(questions, alone).items() if k in keep}
    return report


def main() -> None:
    """Print one JSON line per set."""
    with tempfile.TemporaryDirectory() as tmp:
        for number, (name, (corpus, path)) in enumerate(SETS.items()):
            db = Path(tmp) / f"index-{number}.db"  # one each: a refresh would remove the other
            build_index(db, corpus, workers=1, rebuild=True)
            print(json.dumps({"set": name, **measure(Engine(db), path)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
