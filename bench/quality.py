"""Measure answer quality of each ranking technique and each stemmer on the eval sets.

Prints one JSON line per (set, variant); with --markdown, also the tables of docs/quality.md.
Run: .venv/bin/python bench/quality.py --markdown docs/quality.md
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import fit
from devsets import SETS, alias_table, build_corpus

from bot.evaluation import evaluate, read_questions
from retrieval.analyzer import Analyzer
from retrieval.corpus import Corpus
from retrieval.names import stem_keeping_names
from retrieval.search import Searcher
from retrieval.settings import PLAIN_BM25, SearchSettings
from retrieval.stemming import light_stem, no_stem, snowball_stemmer, tashaphyne_stemmer
from retrieval.techniques import TECHNIQUES

COLUMNS = (
    "hit@1",
    "hit@5",
    "mrr@10",
    "excerpt_hit@1",
    "abstain_ok",
    "false_abstain",
    "mean_chars",
    "p50_ms",
    "p95_ms",
)
PLAIN = PLAIN_BM25
SHUFFLE_SEED = 7
TABLES = ("<!-- tables: written by bench/quality.py -->", "<!-- end of tables -->")


# The exact-form weight tried beside the default (retrieval/fitted.py keeps it at 0).
EXACT_FORMS_TRIED = 0.2


def stemmers() -> dict[str, Callable[[str], str]]:
    """The stemmers compared for the core issue."""
    return {
        "none": no_stem,
        "light8 (Lucene)": light_stem,
        "light8, listed names kept (default)": stem_keeping_names,
        "snowball": snowball_stemmer(),
        "tashaphyne": tashaphyne_stemmer(),
    }


def techniques() -> dict[str, SearchSettings]:
    """Plain BM25, plain BM25 plus each registered technique alone, the default less each
    technique, and the default (every technique on)."""
    default = SearchSettings()
    table = {"plain BM25": PLAIN}
    table |= {f"+ {t.name}": PLAIN.plus(t.name) for t in TECHNIQUES}
    table |= {f"− {t.name}": default.minus(t.name) for t in TECHNIQUES}
    table["all together (default)"] = default
    table[f"default + exact_forms at {EXACT_FORMS_TRIED}"] = default.plus(
        exact_forms=EXACT_FORMS_TRIED
    )
    return table


CV_COLUMNS = ("hit@1", "hit@5", "mrr@10", "mrr@10 per fold")
ENGINE_CV_COLUMNS = ("hit@1", "hit@5", "mrr@10", "excerpt_hit@1", "abstain_ok", "false_abstain")


def cross_validated_rows() -> list[tuple[str, SearchSettings, SearchSettings, tuple[str, ...]]]:
    """(row, settings the candidates are cached with, settings scored, features fitted): plain
    BM25, plain BM25 plus each registered technique that ranks, the default, the default less
    each. The collection and excerpt techniques do not change the ranking: the fit-set table
    measures them."""
    default = SearchSettings()
    every = tuple(f for f in fit.FITTED_FEATURES if default.uses(f))
    ranking = [t for t in TECHNIQUES if t.stage == "query" or t.name in fit.FITTED_FEATURES]
    rows = [("plain BM25", PLAIN, PLAIN, ())]
    for t in ranking:
        if t.stage == "feature":
            rows.append((f"+ {t.name}", PLAIN, PLAIN.plus(t.name), (t.name,)))
        else:
            rows.append((f"+ {t.name}", PLAIN.plus(t.name), PLAIN.plus(t.name), ()))
    rows.append(("all together (default)", default, default, every))
    for t in ranking:
        if t.stage == "feature" and t.name not in every:  # removed by bench/fit.py --select
            rows.append((f"default + {t.name}", default, default.plus(t.name), (*every, t.name)))
        elif t.stage == "feature":
            fitted = tuple(f for f in every if f != t.name)
            rows.append((f"− {t.name}", default, default.minus(t.name), fitted))
        else:
            rows.append((f"− {t.name}", default.minus(t.name), default.minus(t.name), every))
    return rows


def cross_validated() -> list[str]:
    """Held-out figures pooled over the folds, weights refitted on the other folds for every
    row: the default and plain BM25 by the real searcher, each technique's rows by re-fusing
    the cached candidates; with each fold's held-out MRR@10."""
    caches: dict[frozenset[str], tuple] = {}
    every = SearchSettings().techniques
    tables: dict[str, list[tuple[str, dict]]] = {name: [] for name in SETS}
    engine_tables: dict[str, list[tuple[str, dict]]] = {name: [] for name in SETS}
    for name, cached_with, scored, features in cross_validated_rows():
        engine = name in ("plain BM25", "all together (default)")
        key = cached_with.techniques
        if key not in caches:
            caches[key] = fit.cache_all(cached_with, abstention=key in (PLAIN.techniques, every))
        rows, built = caches[key]
        for use_engine in (False, True) if engine else (False,):
            report = fit.cross_validate(rows, built, scored, features, use_engine)
            for set_name in SETS:
                pooled = dict(report["pooled"][set_name])
                pooled["mrr@10 per fold"] = " ".join(
                    f"{fold[set_name]['mrr@10']:.3f}"
                    for fold in report["folds"]
                    if fold[set_name].get("answerable")
                )
                kind = "engine" if use_engine else "cached"
                line = {"set": set_name, "cross-validated": name, "by": kind, **pooled}
                print(json.dumps(line, ensure_ascii=False), flush=True)
                (engine_tables if use_engine else tables)[set_name].append((name, pooled))
    sections = [
        markdown_table(f"Cross-validated, by the searcher, on {set_name}", rows, ENGINE_CV_COLUMNS)
        for set_name, rows in engine_tables.items()
    ]
    sections += [
        markdown_table(f"Cross-validated techniques on {set_name}", rows, CV_COLUMNS)
        for set_name, rows in tables.items()
    ]
    return sections


def run(
    name: str,
    analyzer: Analyzer,
    settings: SearchSettings,
    corpus: Corpus | None = None,
    chat: str | None = None,
) -> dict:
    """Evaluate one variant on one set: each question alone, or (chat: "in order" or
    "shuffled") each asked after the previous answer's document, as the bot's follow-ups are."""
    folder, path = SETS[name]
    table = alias_table(analyzer)
    searcher = Searcher(corpus or build_corpus(folder, analyzer), analyzer, settings, table)
    questions = read_questions(path)
    if chat == "shuffled":
        questions = random.Random(SHUFFLE_SEED).sample(questions, len(questions))
    previous: list[str | None] = [None]

    def ask(question: str) -> tuple:
        started = time.perf_counter()
        answer = searcher.search(question, top_k=10, after=previous[0])
        if chat and answer.hits:
            previous[0] = answer.hits[0].document.path
        return answer, (time.perf_counter() - started) * 1000

    return evaluate(questions, ask)


def follow_ups() -> dict[str, str | None]:
    """The default asked three ways: alone (as `dalil eval` asks), and as a chat in the set's
    order (ARCD's runs article by article) or shuffled (nearly every question a new subject)."""
    return {
        "each question alone (dalil eval)": None,
        "in a chat, in the set's order": "in order",
        "in a chat, shuffled": "shuffled",
    }


def markdown_table(
    title: str, rows: list[tuple[str, dict]], columns: tuple[str, ...] = COLUMNS
) -> str:
    """A Markdown table of the given rows."""
    lines = [
        f"### {title}",
        "",
        "| variant | " + " | ".join(columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    lines += [f"| {name} | " + " | ".join(str(r[c]) for c in columns) + " |" for name, r in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print one JSON line per (set, variant), and optionally write the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", type=Path, help="write the tables to this file")
    parser.add_argument(
        "--only",
        choices=["cross-validated", "techniques", "follow-ups", "stemmers"],
        help="run one comparison",
    )
    args = parser.parse_args()
    sections = []
    analyzer = Analyzer()
    if args.only in (None, "cross-validated"):
        sections += cross_validated()
    if args.only in (None, "follow-ups"):
        for set_name in SETS:
            corpus = build_corpus(SETS[set_name][0], analyzer)
            rows = []
            for name, chat in follow_ups().items():
                report = run(set_name, analyzer, SearchSettings(), corpus, chat)
                print(json.dumps({"set": set_name, "follow-ups": name, **report}), flush=True)
                rows.append((name, report))
            sections.append(markdown_table(f"Follow-up questions on {set_name}", rows))
    if args.only in (None, "techniques"):
        for set_name in SETS:
            corpus = build_corpus(SETS[set_name][0], analyzer)
            rows = []
            for name, settings in techniques().items():
                report = run(set_name, analyzer, settings, corpus)
                print(json.dumps({"set": set_name, "variant": name, **report}), flush=True)
                rows.append((name, report))
            sections.append(markdown_table(f"Techniques on {set_name}", rows))
    if args.only in (None, "stemmers"):
        for set_name in SETS:
            rows = []
            for stem_name, stem in stemmers().items():
                report = run(set_name, Analyzer(stem=stem), PLAIN)
                print(json.dumps({"set": set_name, "stemmer": stem_name, **report}), flush=True)
                rows.append((stem_name, report))
            sections.append(markdown_table(f"Stemmers (plain BM25) on {set_name}", rows))
    if args.markdown:
        write_tables(args.markdown, "\n".join(sections))


def write_tables(path: Path, tables: str) -> None:
    """Write the tables into path between its TABLES markers (the prose around them stays),
    or as the whole file when it has no markers."""
    start, end = TABLES
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        before, rest = text.split(start, 1)
        tables = before + start + "\n\n" + tables + "\n" + end + rest.split(end, 1)[1]
    path.write_text(tables, encoding="utf-8")


if __name__ == "__main__":
    main()
