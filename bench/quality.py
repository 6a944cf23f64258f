"""Measure answer quality of analyzer and ranking variants on the eval sets; prints JSON lines."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bot.evaluation import evaluate, read_questions
from retrieval.analyzer import Analyzer
from retrieval.chunking import split_passages
from retrieval.corpus import Corpus, DocumentInfo, PassageInfo
from retrieval.search import Searcher, SearchSettings
from retrieval.stemming import light_stem, no_stem, snowball_stemmer, tashaphyne_stemmer
from storage.corpus_reader import iter_documents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SETS = {
    "seeds_dev": (ROOT / "seeds", SHARED / "eval" / "seeds_dev.jsonl"),
    "arcd_train": (
        SHARED / "eval" / "arcd-train" / "corpus",
        SHARED / "eval" / "arcd-train" / "questions.jsonl",
    ),
}


def build_corpus(folder: Path, analyzer: Analyzer) -> Corpus:
    """Index a folder in memory with a given analyzer (no database)."""
    documents, passages, tokens, lengths = [], [], [], []
    vocabulary: dict[str, int] = {}
    for number, record in enumerate(iter_documents(folder)):
        documents.append(DocumentInfo(record.path, record.title))
        for span in split_passages(record.text):
            text = record.text[span.start : span.end]
            ids = [vocabulary.setdefault(t, len(vocabulary)) for t in analyzer(text)]
            passages.append(PassageInfo(number, span.number, span.start, span.end, text))
            tokens.extend(ids)
            lengths.append(len(ids))
    return Corpus(
        documents,
        passages,
        np.array(tokens, dtype=np.int32),
        np.array(lengths, dtype=np.int64),
        vocabulary,
    )


def stemmers() -> dict:
    """The stemmers compared for the core issue."""
    return {
        "none": no_stem,
        "light8": light_stem,
        "snowball": snowball_stemmer(),
        "tashaphyne": tashaphyne_stemmer(),
    }


def run(name: str, analyzer: Analyzer, settings: SearchSettings, top_k: int = 10) -> dict:
    """Evaluate one variant on one set."""
    folder, questions = SETS[name]
    searcher = Searcher(build_corpus(folder, analyzer), analyzer, settings)

    def ask(question: str) -> tuple:
        started = time.perf_counter()
        answer = searcher.search(question, top_k=top_k)
        return answer, (time.perf_counter() - started) * 1000

    return evaluate(read_questions(questions), ask)


def main() -> None:
    """Print one JSON line per (set, variant)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--compare", choices=["stemmers"], default="stemmers")
    parser.add_argument("--min-coverage", type=float, default=None)
    args = parser.parse_args()
    settings = SearchSettings() if args.min_coverage is None else SearchSettings(args.min_coverage)
    for stem_name, stem in stemmers().items():
        for set_name in SETS:
            report = run(set_name, Analyzer(stem=stem), settings)
            print(json.dumps({"set": set_name, "stemmer": stem_name, **report}), flush=True)


if __name__ == "__main__":
    main()
