"""Audit the «لا يذكر» line: every word it names, beside the passage words that look like it.

    .venv/bin/python bench/missing_words.py --db /tmp/seeds.db eval/seeds_dev.jsonl ...

For each reply, each word named as missing is printed with the passage's words that share its
first three letters once clitics are removed (a crude look-alike test, independent of
retrieval.word_forms), so that a reader can judge by eye whether the passage holds the word in
another form. The last line counts replies, replies with a «لا يذكر» line, and replies with a
look-alike (the upper bound of wrong ones; read them to count the real ones).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bot.engine import Engine
from bot.evaluation import light_normalize, read_questions

_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل")


def _core(word: str) -> str:
    """A word lightly normalized, without one leading clitic."""
    word = light_normalize(word)
    for clitic in _CLITICS:
        if word.startswith(clitic) and len(word) - len(clitic) >= 3:
            return word[len(clitic) :]
    return word


def main() -> None:
    """Print the audit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--top-k", type=int, default=3)
    parser.add_argument("questions", type=Path, nargs="+")
    args = parser.parse_args()
    engine = Engine(args.db)
    replies = named = lookalike = 0
    for path in args.questions:
        for question in read_questions(path):
            answer = engine.ask(question.question, top_k=args.top_k).answer
            for hit in answer.hits:
                replies += 1
                if not hit.missing_words:
                    continue
                named += 1
                words = {_core(w) for w in hit.passage_text.split()}
                found = {}
                for missing in hit.missing_words:
                    core = _core(missing)
                    alike = sorted(w for w in words if core[:3] in w and w != core)
                    if alike:
                        found[missing] = alike[:6]
                lookalike += bool(found)
                if found:
                    print(json.dumps({"id": question.id, "alike": found}, ensure_ascii=False))
    print(json.dumps({"replies": replies, "named": named, "lookalike": lookalike}))


if __name__ == "__main__":
    main()
