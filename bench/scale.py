"""Measure Dalil on a whole archive: indexing, start-up, memory, ranking speed and exactness.

Usage: python bench/scale.py --corpus ../shared/corpora/saudinewsnet [--copies 1 2 4]

Copies the corpus into a temporary folder (outside the repository, deleted afterwards), indexes
it into a temporary database, starts fresh serving processes (--runs, default 3) that each load
the index and answer every query once, checks every top-10 against rank_bm25.BM25Okapi's
get_scores over the same tokens, changes one file and times the reindex. Prints one JSON line.

On a shared machine other processes steal time, so load_s is the median of the runs and each
query's time is its median over the runs; p50/p95 are taken over those per-query medians.
rss_mb is the largest resident size of a serving process after answering everything.

Queries: `--queries` runs of 3-6 consecutive words from random passages (fixed seed) plus
`--common` runs that include one of the ten terms found in the most passages. The engine time
(p50_ms, p95_ms) is vocabulary lookup, exact BM25 scoring and top-10 selection of analyzed
terms; ask_p95_ms is Engine.ask (analysis, ranking, excerpts) plus render_answer;
alias_p95_ms the same for questions naming an alias group (aliases.txt). ask_once_s and
ask_once_mb are the wall time and peak memory of one whole `dalil ask` process.

--copies N ... measures archives N times the corpus (bench/growth.py: perturbed copies of every
article) and prints one JSON line per size; rank_bm25 is compared at 1× only.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from growth import write_copies

from bot.engine import Engine, build_index
from bot.render import render_answer
from retrieval.analyzer import DEFAULT_ANALYZER
from storage.database import connect
from storage.snapshot import StoredIndex, load_index

TOP = 10
TOLERANCE = 1e-9
# Questions about the alias groups of aliases.txt (each name is asked about in three ways).
ALIAS_QUESTIONS = [
    f"{opening} {name}؟"
    for name in ("داعش", "الدولة الإسلامية", "تنظيم الدولة", "جبهة النصرة", "الولايات المتحدة")
    for opening in ("ما هو", "أين ينشط", "ماذا فعل")
]
ASK_ONCE = "ما هي أهداف رؤية المملكة؟"


def _percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p95 of samples in seconds, as milliseconds."""
    values = np.asarray(samples) * 1000
    return round(float(np.percentile(values, 50)), 4), round(float(np.percentile(values, 95)), 4)


def _rss_mb() -> tuple[float, float]:
    """Resident and peak resident memory of this process in MB (Linux)."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return (
        round(int(fields["VmRSS"].split()[0]) / 1024, 1),
        round(int(fields["VmHWM"].split()[0]) / 1024, 1),
    )


def _window(words: list[str], rng: random.Random, must: int | None = None) -> str:
    """A run of 3-6 consecutive words, containing words[must] when given."""
    size = min(len(words), rng.randint(3, 6))
    if must is None:
        first = rng.randint(0, len(words) - size)
    else:
        first = rng.randint(max(0, must - size + 1), min(must, len(words) - size))
    return " ".join(words[first : first + size])


def make_queries(stored: StoredIndex, plain: int, common: int, seed: int) -> list[str]:
    """Word runs from random passages, then runs that include a very common term."""
    rng = random.Random(seed)
    texts = [row[4] for row in stored.passages]
    queries: list[str] = []
    while len(queries) < plain:
        words = rng.choice(texts).split()
        if len(words) >= 3:
            query = _window(words, rng)
            if DEFAULT_ANALYZER(query):
                queries.append(query)
    starts = np.zeros(len(stored.lengths) + 1, dtype=np.int64)
    np.cumsum(stored.lengths, out=starts[1:])
    units = np.repeat(np.arange(len(stored.lengths)), stored.lengths)
    pairs = np.unique(stored.token_ids.astype(np.int64) * len(stored.lengths) + units)
    doc_freqs = np.bincount(pairs // len(stored.lengths))
    frequent = {int(t) for t in np.argsort(-doc_freqs)[:10]}
    names = {term_id: term for term, term_id in stored.vocabulary.items() if term_id in frequent}
    found = 0
    while found < common:
        words = rng.choice(texts).split()
        hits = [i for i, w in enumerate(words) if set(DEFAULT_ANALYZER(w)) & set(names.values())]
        if len(words) >= 3 and hits:
            queries.append(_window(words, rng, rng.choice(hits)))
            found += 1
    return queries


def serve(db_path: Path, queries_path: Path, results_path: Path) -> dict:
    """Run in a fresh process: load the index, time ranking and answers, record top-10 scores."""
    queries = json.loads(queries_path.read_text())["queries"]
    started = time.perf_counter()
    engine = Engine(db_path)
    searcher = engine.load()
    load_s = time.perf_counter() - started
    analyzed = [searcher.analyzer(q) for q in queries]
    for terms in analyzed[:: max(1, len(analyzed) // 20)]:
        searcher.rank(terms, TOP)
    rank_times, results = [], []
    for terms in analyzed:
        began = time.perf_counter()
        ranked = searcher.rank(terms, TOP)
        rank_times.append(time.perf_counter() - began)
        results.append([score for _, score in ranked])
    ask_times, alias_times = [], []
    for query in queries:
        began = time.perf_counter()
        render_answer(engine.ask(query).answer)
        ask_times.append(time.perf_counter() - began)
    for query in ALIAS_QUESTIONS:
        began = time.perf_counter()
        render_answer(engine.ask(query).answer)
        alias_times.append(time.perf_counter() - began)
    rss, peak = _rss_mb()
    results_path.write_text(json.dumps(results))
    return {
        "load_s": load_s,
        "rss_mb": rss,
        "rss_peak_mb": peak,
        "rank_s": rank_times,
        "ask_s": ask_times,
        "alias_s": alias_times,
        "query_terms_mean": round(float(np.mean([len(t) for t in analyzed])), 2),
    }


def serve_and_rebuild(db_path: Path, queries_path: Path, corpus: Path) -> dict:
    """Run in a fresh process: serve the queries, then rebuild the whole index as /reindex does
    (the old index answering until the swap); resident memory before and the peak during."""
    queries = json.loads(queries_path.read_text())["queries"]
    engine = Engine(db_path)
    engine.load()
    for query in queries:
        render_answer(engine.ask(query).answer)
    serving, _ = _rss_mb()
    began = time.perf_counter()
    engine.reindex(corpus, rebuild=True)
    rebuilt_s = time.perf_counter() - began
    render_answer(engine.ask(queries[0]).answer)
    return {"serving_mb": serving, "rebuild_peak_mb": _rss_mb()[1], "rebuild_s": rebuilt_s}


def serve_runs(db_path: Path, work: Path, queries: list[str], common: int, runs: int) -> dict:
    """Serve the queries in `runs` fresh processes; medians per query and of start-up."""
    queries_path, results_path = work / "queries.json", work / "results.json"
    queries_path.write_text(json.dumps({"queries": queries, "common": common}))
    measured = []
    for _ in range(runs):
        served = subprocess.run(
            [sys.executable, __file__, "--serve", db_path, queries_path, results_path],
            check=True,
            capture_output=True,
            text=True,
        )
        measured.append(json.loads(served.stdout.strip().splitlines()[-1]))
    rank = np.median([m["rank_s"] for m in measured], axis=0).tolist()
    ask = np.median([m["ask_s"] for m in measured], axis=0).tolist()
    alias = np.median([m["alias_s"] for m in measured], axis=0).tolist()
    p50, p95 = _percentiles(rank)
    return {
        "load_s": round(float(np.median([m["load_s"] for m in measured])), 3),
        "rss_mb": max(m["rss_mb"] for m in measured),
        "rss_peak_mb": max(m["rss_peak_mb"] for m in measured),
        "p50_ms": p50,
        "p95_ms": p95,
        "common_p95_ms": _percentiles(rank[len(rank) - common :])[1],
        "ask_p50_ms": _percentiles(ask)[0],
        "ask_p95_ms": _percentiles(ask)[1],
        "alias_p95_ms": _percentiles(alias)[1],
        "query_terms_mean": measured[0]["query_terms_mean"],
        "engine_tops": json.loads(results_path.read_text()),
    }


def rank_bm25_scores(
    stored: StoredIndex, queries: list[str], timed: int
) -> tuple[list[np.ndarray], list[float], float]:
    """Full rank_bm25 scans over the same term ids; time the first `timed` queries."""
    from rank_bm25 import BM25Okapi

    starts = np.zeros(len(stored.lengths) + 1, dtype=np.int64)
    np.cumsum(stored.lengths, out=starts[1:])
    ids = stored.token_ids.tolist()
    began = time.perf_counter()
    model = BM25Okapi([ids[starts[i] : starts[i + 1]] for i in range(len(stored.lengths))])
    build_s = time.perf_counter() - began
    tops, times = [], []
    for number, query in enumerate(queries):
        terms = [stored.vocabulary.get(t, -1) for t in DEFAULT_ANALYZER(query)]
        began = time.perf_counter()
        scores = model.get_scores(terms)
        if number < timed:
            times.append(time.perf_counter() - began)
        tops.append(np.sort(np.partition(scores, len(scores) - TOP)[-TOP:])[::-1])
    return tops, times, build_s


def _top10_equal(engine: list[list[float]], reference: list[np.ndarray]) -> float:
    """Share of queries whose ten best scores equal rank_bm25's (missing ranks score zero)."""
    equal = 0
    for ours, theirs in zip(engine, reference, strict=True):
        padded = np.zeros(len(theirs))
        padded[: len(ours)] = ours[: len(theirs)]
        equal += bool(np.all(np.abs(padded - theirs) <= TOLERANCE))
    return round(equal / len(reference), 4)


# Started from a small process: a child's peak memory (ru_maxrss) starts at its parent's.
_TIMED_CHILD = """
import json, os, subprocess, sys, time
began = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([status, time.perf_counter() - began, usage.ru_maxrss]))
"""


def ask_once(db_path: Path) -> tuple[float, float]:
    """Wall seconds and peak resident MB of one whole `dalil ask` process."""
    command = [sys.executable, "-m", "bot.cli", "--db", str(db_path), "ask", ASK_ONCE]
    done = subprocess.run(
        [sys.executable, "-c", _TIMED_CHILD, *command], capture_output=True, text=True, check=True
    )
    status, wall, peak_kb = json.loads(done.stdout)
    if status:
        raise RuntimeError(f"dalil ask failed ({status})")
    return round(wall, 3), round(peak_kb / 1024, 1)


def change_one_file(folder: Path) -> str:
    """Edit one document of the first corpus file (zip, JSON, JSONL or text) in place."""
    path = sorted(p for p in folder.rglob("*") if p.is_file())[0]
    note = "\n\nتحديث: أضيفت هذه الفقرة لقياس إعادة الفهرسة."
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = {m: archive.read(m) for m in archive.namelist()}
        name = sorted(m for m in members if m.endswith(".json"))[0]
        records = json.loads(members[name])
        records[0]["content"] += note
        members[name] = json.dumps(records, ensure_ascii=False).encode()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        path.write_bytes(buffer.getvalue())
    else:
        path.write_text(path.read_text(encoding="utf-8") + note, encoding="utf-8")
    return path.name


def _machine() -> str:
    """CPU model and core count."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{model}, {os.cpu_count()} cores"


def main() -> None:
    """Run every measurement and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=False)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--common", type=int, default=50)
    parser.add_argument("--bm25-queries", type=int, default=350, help="rank_bm25 scans to time")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3, help="serving processes (medians)")
    parser.add_argument("--copies", type=int, nargs="+", default=[1], help="archive sizes")
    parser.add_argument(
        "--rebuild-peak", action="store_true", help="also time a full /reindex while serving"
    )
    parser.add_argument("--serve", nargs=3, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-and-rebuild", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        print(json.dumps(serve(*args.serve)))
        return
    if args.serve_and_rebuild:
        print(json.dumps(serve_and_rebuild(*args.serve_and_rebuild)))
        return
    if not args.corpus or not args.corpus.is_dir():
        parser.error("--corpus must be a folder")
    for copies in args.copies:
        work = Path(tempfile.mkdtemp(prefix="dalil-scale-"))
        try:
            result = run(args, work, copies, compare=copies == 1)
            print(json.dumps(result, ensure_ascii=False), flush=True)
        finally:
            shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, copies: int = 1, compare: bool = True) -> dict:
    """Index, serve, compare (with rank_bm25, when `compare`) and reindex inside the temporary
    folder work, over `copies` times the corpus."""
    corpus, db_path = work / "corpus", work / "dalil.db"
    load_before = round(os.getloadavg()[0], 2)
    write_copies(args.corpus, corpus, copies)
    began = time.perf_counter()
    report = build_index(db_path, corpus, workers=args.workers)
    index_s = time.perf_counter() - began
    db = connect(db_path)
    db.execute("pragma wal_checkpoint(truncate)")
    stored = load_index(db)
    db.close()
    db_mb = sum(p.stat().st_size for p in work.glob("dalil.db*")) / 2**20
    queries = make_queries(stored, args.queries, args.common, args.seed)
    measured = serve_runs(db_path, work, queries, args.common, args.runs)
    engine_tops = measured.pop("engine_tops")
    once_s, once_mb = ask_once(db_path)
    rebuild = {}
    if args.rebuild_peak:
        command = [sys.executable, __file__, "--serve-and-rebuild", db_path, work / "queries.json"]
        done = subprocess.run([*command, corpus], check=True, capture_output=True, text=True)
        measured_rebuild = json.loads(done.stdout.strip().splitlines()[-1])
        rebuild = {
            "rebuild_serving_mb": measured_rebuild["serving_mb"],
            "rebuild_peak_mb": measured_rebuild["rebuild_peak_mb"],
            "rebuild_s": round(measured_rebuild["rebuild_s"], 2),
        }
    compared = {}
    if compare:
        timed = min(args.bm25_queries, len(queries))
        reference, bm25_times, bm25_build_s = rank_bm25_scores(stored, queries, timed)
        bm25_p50, bm25_p95 = _percentiles(bm25_times)
        compared = {
            "bm25_p50_ms": bm25_p50,
            "bm25_p95_ms": bm25_p95,
            "bm25_queries": timed,
            "bm25_build_s": round(bm25_build_s, 1),
            "speedup_p50": round(bm25_p50 / measured["p50_ms"], 1),
            "top10_equal": _top10_equal(engine_tops, reference),
            "top10_checked": len(reference),
        }
    tokens, vocabulary = len(stored.token_ids), len(stored.vocabulary)
    del stored
    changed = change_one_file(corpus)
    engine = Engine(db_path)
    engine.load()
    began = time.perf_counter()
    reindexed = engine.reindex(corpus)
    reindex_one_s = time.perf_counter() - began
    return {
        "copies": copies,
        "documents": report.documents,
        "passages": report.passages,
        "tokens": tokens,
        "vocabulary": vocabulary,
        "skipped_records": report.skipped_records,
        "index_s": round(index_s, 2),
        "db_mb": round(db_mb, 1),
        **{k: measured[k] for k in ("load_s", "rss_mb", "rss_peak_mb", "p50_ms", "p95_ms")},
        "common_p95_ms": measured["common_p95_ms"],
        "serve_runs": args.runs,
        "queries": len(queries),
        "common_queries": args.common,
        "query_terms_mean": measured["query_terms_mean"],
        **compared,
        "ask_p50_ms": measured["ask_p50_ms"],
        "ask_p95_ms": measured["ask_p95_ms"],
        "alias_p95_ms": measured["alias_p95_ms"],
        "ask_once_s": once_s,
        "ask_once_mb": once_mb,
        **rebuild,
        "reindex_one_s": round(reindex_one_s, 2),
        "reindex_changed": len(reindexed.changed) if reindexed else None,
        "reindex_changed_file": changed,
        "machine": _machine(),
        "loadavg_1m": [load_before, round(os.getloadavg()[0], 2)],
    }


if __name__ == "__main__":
    main()
