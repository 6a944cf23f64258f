"""What the index holds, for admins: documents per source, the newest, files found by name,
and moving a file out of the corpus into its trash folder."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from retrieval.corpus import Corpus, DocumentInfo
from retrieval.normalize import normalize

# Removed files go here, inside the corpus folder: the indexer skips folders starting with «.».
TRASH_FOLDER = ".trash"


@dataclass(frozen=True)
class CorpusFile:
    """A file of the corpus: its path, how many documents it gave, the first one's title."""

    path: str
    documents: int
    title: str


def source_counts(corpus: Corpus, files_label: str) -> list[tuple[str, int]]:
    """Documents per source (by its name), most first; documents from plain files count under
    files_label."""
    counts = Counter(d.publisher or d.source or files_label for d in corpus.documents)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def newest(corpus: Corpus, count: int) -> list[DocumentInfo]:
    """The latest-dated documents (the last indexed ones when none has a date)."""
    dated = [d for d in corpus.documents if d.date]
    if not dated:
        return list(reversed(corpus.documents[-count:]))
    return sorted(dated, key=lambda d: d.date, reverse=True)[:count]


def files(corpus: Corpus) -> dict[str, CorpusFile]:
    """Every file of the index, by path."""
    found: dict[str, CorpusFile] = {}
    for document in corpus.documents:
        path = document.source_path or document.path
        known = found.get(path)
        found[path] = CorpusFile(
            path, (known.documents if known else 0) + 1, known.title if known else document.title
        )
    return found


def matching_files(corpus: Corpus, text: str, limit: int) -> list[CorpusFile]:
    """The files whose name holds text (as the analyzer folds letters), by name."""
    wanted = normalize(text).lower()
    hits = [f for path, f in files(corpus).items() if wanted in normalize(path).lower()]
    return sorted(hits, key=lambda f: f.path)[:limit]


def move_to_trash(folder: Path, name: str) -> Path:
    """Move a corpus file into the trash folder (never overwriting an earlier removal)."""
    source = folder / name
    target = folder / TRASH_FOLDER / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        target = target.with_name(f"{target.stem}.{time.strftime('%Y%m%d-%H%M%S')}{target.suffix}")
    os.replace(source, target)
    return target
