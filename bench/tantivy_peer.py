"""Ranking speed beside tantivy's, in one process, on the same passages and the same terms.

Usage: python bench/tantivy_peer.py --db dalil.db [--repeats 3]
(tantivy is a benchmark-only dependency: pip install -e ".[bench]")

Loads a built Dalil index, copies its citable passages' analyzed terms into an in-memory
tantivy index (whitespace tokenizer, so both engines see the very same terms), makes
bench/scale.py's queries (the same seed, the same 300 + 50 runs of words), and times, for each
query in turn, Dalil's `Searcher.rank` (vocabulary lookup, exact BM25, top 10) and tantivy's
`searcher.search` of the same terms as one OR query, top 10, parsed beforehand. The two calls
alternate which goes first; each query's time is its median over the repeats, and p50/p95 are
taken over those medians. Prints one JSON line. Scores are not compared: tantivy's BM25 is
Lucene's (another IDF), not rank_bm25's.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from scale import TOP, make_queries

from bot.engine import Engine
from storage.database import connect
from storage.snapshot import load_index


def tantivy_index(searcher: object) -> tuple[object, object]:
    """An in-memory tantivy index of the searcher's passages (their terms, space-separated)."""
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    index = tantivy.Index(builder.build())
    writer = index.writer(heap_size=400_000_000, num_threads=1)
    corpus = searcher.corpus
    terms = [""] * len(corpus.vocabulary)
    for term, term_id in corpus.vocabulary.items():
        terms[term_id] = term
    for passage in range(len(corpus.offsets) - 1):
        ids = corpus.passage_terms(passage).tolist()
        writer.add_document(tantivy.Document(body=" ".join(terms[i] for i in ids)))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, index.searcher()


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 in milliseconds."""
    values = np.array(samples) * 1000
    return round(float(np.percentile(values, 50)), 4), round(float(np.percentile(values, 95)), 4)


def main() -> None:
    """Build both indexes, time both engines query by query, print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--common", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    try:
        import tantivy  # noqa: F401
    except ImportError:
        print('dalil: tantivy is not installed: pip install -e ".[bench]"', file=sys.stderr)
        sys.exit(2)
    database = connect(args.db)
    queries = make_queries(load_index(database), args.queries, args.common, args.seed)
    database.close()
    searcher = Engine(args.db).load()
    started = time.perf_counter()
    index, peer = tantivy_index(searcher)
    build_s = time.perf_counter() - started
    analyzed = [searcher.analyzer(q) for q in queries]
    parsed = [index.parse_query(" ".join(dict.fromkeys(t)), ["body"]) for t in analyzed]
    ours: list[list[float]] = [[] for _ in queries]
    theirs: list[list[float]] = [[] for _ in queries]
    for repeat in range(args.repeats):
        for i, (terms, query) in enumerate(zip(analyzed, parsed, strict=True)):
            calls = [
                (ours, lambda terms=terms: searcher.rank(terms, TOP)),
                (theirs, lambda query=query: peer.search(query, TOP)),
            ]
            for times, call in calls if (i + repeat) % 2 == 0 else calls[::-1]:
                began = time.perf_counter()
                call()
                times[i].append(time.perf_counter() - began)
    dalil_p50, dalil_p95 = percentiles([float(np.median(t)) for t in ours])
    peer_p50, peer_p95 = percentiles([float(np.median(t)) for t in theirs])
    print(
        json.dumps(
            {
                "passages": len(searcher.corpus.offsets) - 1,
                "queries": len(queries),
                "repeats": args.repeats,
                "tantivy_build_s": round(build_s, 1),
                "dalil_p50_ms": dalil_p50,
                "dalil_p95_ms": dalil_p95,
                "tantivy_p50_ms": peer_p50,
                "tantivy_p95_ms": peer_p95,
                "p95_ratio": round(dalil_p95 / peer_p95, 3) if peer_p95 else None,
            }
        )
    )


if __name__ == "__main__":
    main()
