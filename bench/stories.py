"""Syndicated copies in a built index: stories found, what the near-duplicate step costs, a
sample to check by hand, and whether any answer cites two copies of one story.

Usage: python bench/stories.py --db /tmp/n14.db [--sample 30] [--questions 300]

--db is an index built from the archive (`dalil --db /tmp/n14.db index --source
../shared/corpora/saudinewsnet`). Prints one JSON line, and with --show the sampled stories
(the first three copies of each: paper, day, title, first passage) to judge by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine import Engine
from retrieval.filters import day_of
from retrieval.near_duplicates import signature, stories


def _days(db: sqlite3.Connection) -> dict[int, int | None]:
    """Every document's day number."""
    days = {d: day_of(day or "") for d, day in db.execute("select id, date from documents")}
    return {d: day.toordinal() if day else None for d, day in days.items()}


def _document_terms(db: sqlite3.Connection) -> dict[int, np.ndarray]:
    """Every document's term ids, its passages back to back."""
    blobs: dict[int, list[bytes]] = {}
    for document, tokens in db.execute(
        "select document_id, tokens from passages order by document_id, number"
    ):
        blobs.setdefault(document, []).append(tokens)
    return {d: np.frombuffer(b"".join(parts), dtype="<i4") for d, parts in blobs.items()}


def _sample(db: sqlite3.Connection, count: int, seed: int) -> list[list[tuple]]:
    """Up to three copies (source, date, title, first passage) of `count` random stories."""
    numbers = [row[0] for row in db.execute("select distinct story from documents where story > 0")]
    picked = random.Random(seed).sample(sorted(numbers), min(count, len(numbers)))
    query = (
        "select d.source, d.date, d.title, (select text from passages p where p.document_id = d.id"
        " order by number limit 1) from documents d where story = ? order by id limit 3"
    )
    return [db.execute(query, (story,)).fetchall() for story in picked]


def _double_citations(db_path: Path, questions: int, seed: int) -> tuple[int, int]:
    """Ask titles of random articles as questions; count answers citing one story twice."""
    engine = Engine(db_path)
    corpus = engine.searcher.corpus
    rng = random.Random(seed)
    titled = [d for d in corpus.documents if len(d.title.split()) >= 3]
    doubled = 0
    for document in rng.sample(titled, min(questions, len(titled))):
        hits = engine.ask(document.title, top_k=5).answer.hits
        shown = [h.document.story for h in hits if h.document.story]
        doubled += len(shown) != len(set(shown))
    return doubled, min(questions, len(titled))


def main() -> None:
    """Print the stories' numbers (and the sample with --show)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", required=True)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--questions", type=int, default=300)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    terms = _document_terms(db)
    started = time.process_time()
    days = _days(db)
    signatures = [(d, signature(t), days[d]) for d, t in terms.items()]
    signed = time.process_time()
    grouped = stories(signatures)
    done = time.process_time()
    sizes = np.bincount(np.unique(list(grouped.values()), return_counts=True)[1])
    doubled, asked = _double_citations(Path(args.db), args.questions, args.seed)
    print(
        json.dumps(
            {
                "documents": len(terms),
                "signed": sum(1 for _, s, _ in signatures if s),
                "stories": len(set(grouped.values())),
                "documents_in_stories": len(grouped),
                "story_sizes": {str(n): int(c) for n, c in enumerate(sizes) if c},
                "signature_cpu_s": round(signed - started, 2),
                "grouping_cpu_s": round(done - signed, 2),
                "answers_checked": asked,
                "answers_citing_a_story_twice": doubled,
            }
        )
    )
    if args.show:
        for number, copies in enumerate(_sample(db, args.sample, args.seed), start=1):
            print(f"== {number}")
            for source, day, title, lead in copies:
                print(f"  [{source} {day}] {title[:70]} | {(lead or '')[:110]}")


if __name__ == "__main__":
    main()
