"""The development sets in eval/ that bench/quality.py and bench/fit.py measure and fit on."""

from __future__ import annotations

from pathlib import Path

from retrieval.aliases import AliasTable
from retrieval.analyzer import Analyzer
from retrieval.corpus import Corpus, DocumentInfo
from retrieval.corpus import build_corpus as build_in_memory
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


def build_corpus(folder: Path, analyzer: Analyzer) -> Corpus:
    """Index a folder in memory with a given analyzer (no database)."""
    documents = ((DocumentInfo(r.path, r.title), r.text) for r in iter_documents(folder))
    return build_in_memory(documents, analyzer)


def alias_table(analyzer: Analyzer) -> AliasTable:
    """The repository's aliases.txt, analyzed."""
    return AliasTable.build(read_alias_groups(ROOT / "aliases.txt"), analyzer)
