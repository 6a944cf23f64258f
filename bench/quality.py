"""Measure answer quality of each ranking technique and each stemmer on the eval sets.

Prints one JSON line per (set, variant); with --markdown, also the tables of docs/quality.md.
Run: .venv/bin/python bench/quality.py --markdown docs/quality.md
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from bot.evaluation import evaluate, read_questions
from retrieval.aliases import AliasTable
from retrieval.analyzer import Analyzer
from retrieval.corpus import Corpus, DocumentInfo
from retrieval.corpus import build_corpus as build_in_memory
from retrieval.rerank import RerankWeights
from retrieval.search import DEFAULT_RERANK, PLAIN_BM25, Searcher, SearchSettings
from retrieval.stemming import light_stem, no_stem, snowball_stemmer, tashaphyne_stemmer
from storage.aliases_file import read_alias_groups
from storage.corpus_reader import iter_documents

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "eval"
SETS = {
    "seeds_dev": (ROOT / "seeds", EVAL / "seeds_dev.jsonl"),
    "arcd_train": (
        EVAL / "arcd-train" / "corpus",
        EVAL / "arcd-train" / "questions.jsonl",
    ),
}
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


def build_corpus(folder: Path, analyzer: Analyzer) -> Corpus:
    """Index a folder in memory with a given analyzer (no database)."""
    documents = ((DocumentInfo(r.path, r.title), r.text) for r in iter_documents(folder))
    return build_in_memory(documents, analyzer)


def stemmers() -> dict[str, Callable[[str], str]]:
    """The stemmers compared for the core issue."""
    return {
        "none": no_stem,
        "light8 (Lucene)": light_stem,
        "snowball": snowball_stemmer(),
        "tashaphyne": tashaphyne_stemmer(),
    }


def techniques() -> dict[str, tuple[SearchSettings, bool]]:
    """Plain BM25, plain BM25 plus each technique alone, and everything together."""
    only = {
        "+ document score": RerankWeights(document=DEFAULT_RERANK.document),
        "+ neighbours": RerankWeights(neighbours=DEFAULT_RERANK.neighbours),
        "+ within-document words": RerankWeights(within_document=DEFAULT_RERANK.within_document),
        "+ proximity": RerankWeights(proximity=DEFAULT_RERANK.proximity),
        "+ answer-type cues": RerankWeights(answer_type=DEFAULT_RERANK.answer_type),
        "+ lead paragraph": RerankWeights(lead=DEFAULT_RERANK.lead),
        "+ title words": RerankWeights(title=DEFAULT_RERANK.title),
        "+ definition sentences": RerankWeights(defines=DEFAULT_RERANK.defines),
    }
    table = {"plain BM25": (PLAIN, False)}
    table |= {name: (dataclasses.replace(PLAIN, rerank=w), False) for name, w in only.items()}
    table["+ clitic variants"] = (dataclasses.replace(PLAIN, clitic_variants=True), False)
    table["+ final-ت variants"] = (dataclasses.replace(PLAIN, taa_variants=True), False)
    table["+ verb variants"] = (dataclasses.replace(PLAIN, verb_variants=True), False)
    table["+ plural variants"] = (dataclasses.replace(PLAIN, plural_variants=True), False)
    table["+ ending variants"] = (dataclasses.replace(PLAIN, ending_variants=True), False)
    table["+ typo variants"] = (dataclasses.replace(PLAIN, typo_variants=True), False)
    table["+ unknown words repaired"] = (
        dataclasses.replace(PLAIN, repair_unknown_words=True),
        False,
    )
    table["+ question phrasing dropped"] = (
        dataclasses.replace(PLAIN, question_phrasing=SearchSettings().question_phrasing),
        False,
    )
    table["+ title words in excerpts"] = (
        dataclasses.replace(
            PLAIN, title_words_in_excerpts=SearchSettings().title_words_in_excerpts
        ),
        False,
    )
    table["+ repeats merged"] = (dataclasses.replace(PLAIN, merge_repeats=True), False)
    table["+ aliases"] = (PLAIN, True)
    table["all together (default)"] = (SearchSettings(), True)
    return table


def run(
    name: str,
    analyzer: Analyzer,
    settings: SearchSettings,
    aliases: bool = False,
    corpus: Corpus | None = None,
    chat: str | None = None,
) -> dict:
    """Evaluate one variant on one set: each question alone, or (chat: "in order" or
    "shuffled") each asked after the previous answer's document, as the bot's follow-ups are."""
    folder, path = SETS[name]
    table = AliasTable.build(read_alias_groups(ROOT / "aliases.txt"), analyzer) if aliases else None
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


def markdown_table(title: str, rows: list[tuple[str, dict]]) -> str:
    """A Markdown table of the given rows."""
    lines = [
        f"### {title}",
        "",
        "| variant | " + " | ".join(COLUMNS) + " |",
        "|---|" + "---|" * len(COLUMNS),
    ]
    lines += [f"| {name} | " + " | ".join(str(r[c]) for c in COLUMNS) + " |" for name, r in rows]
    return "\n".join(lines) + "\n"


def main() -> None:
    """Print one JSON line per (set, variant), and optionally write the Markdown tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--markdown", type=Path, help="write the tables to this file")
    parser.add_argument(
        "--only", choices=["techniques", "follow-ups", "stemmers"], help="run one comparison"
    )
    args = parser.parse_args()
    sections = []
    analyzer = Analyzer()
    if args.only in (None, "follow-ups"):
        for set_name in SETS:
            corpus = build_corpus(SETS[set_name][0], analyzer)
            rows = []
            for name, chat in follow_ups().items():
                report = run(set_name, analyzer, SearchSettings(), True, corpus, chat)
                print(json.dumps({"set": set_name, "follow-ups": name, **report}), flush=True)
                rows.append((name, report))
            sections.append(markdown_table(f"Follow-up questions on {set_name}", rows))
    if args.only in (None, "techniques"):
        for set_name in SETS:
            corpus = build_corpus(SETS[set_name][0], analyzer)
            rows = []
            for name, (settings, aliases) in techniques().items():
                report = run(set_name, analyzer, settings, aliases, corpus)
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
