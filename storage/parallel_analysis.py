"""Cut and analyze documents in worker processes, and bring back compact term-id arrays."""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.pool import AsyncResult, Pool

import numpy as np

# Documents per task sent to a worker: large enough that pickling stays cheap.
BATCH_DOCUMENTS = 200
# Below this many documents, starting worker processes costs more than it saves.
MIN_PARALLEL_DOCUMENTS = 400


@dataclass(frozen=True)
class PreparedPassage:
    """A unit cut from a document: its analyzed terms, whether it may be cited (kind 0) or is
    only context (a title line, a heading...), and the terms of its context field."""

    number: int
    start: int
    end: int
    text: str
    terms: list[str]
    kind: int = 0
    context: list[str] = field(default_factory=list)


# prepare(text, title): cut and analyze one document
Prepare = Callable[[str, str], list[PreparedPassage]]


@dataclass(frozen=True)
class AnalyzedBatch:
    """Passages of a batch of documents: spans, term numbers, and the batch's own vocabulary.

    Workers number terms within their batch, so that only each distinct term travels back as
    a string; the writer turns the numbers into the index's term ids with one lookup per term.
    """

    terms: list[str]
    tokens: np.ndarray  # int32 numbers into terms, passage after passage
    spans: np.ndarray  # int32 rows (number, start, end, token count, kind, context count)
    passage_counts: list[int]  # passages of each document
    texts: dict[int, str]  # passage texts that are not text[start:end], by row
    context: np.ndarray  # int32 numbers into terms of the passages' context fields, in order


def analyze_batch(prepare: Prepare, documents: list[tuple[str, str]]) -> AnalyzedBatch:
    """Cut and analyze documents, given as (text, title) (in a worker process, or in this one)."""
    local: dict[str, int] = {}
    tokens: list[int] = []
    context: list[int] = []
    spans: list[tuple[int, ...]] = []
    counts, unusual = [], {}
    for text, title in documents:
        passages = prepare(text, title)
        counts.append(len(passages))
        for p in passages:
            if p.text != text[p.start : p.end]:
                unusual[len(spans)] = p.text
            spans.append((p.number, p.start, p.end, len(p.terms), p.kind, len(p.context)))
            tokens.extend([local.setdefault(term, len(local)) for term in p.terms])
            context.extend([local.setdefault(term, len(local)) for term in p.context])
    return AnalyzedBatch(
        list(local),
        np.array(tokens, dtype=np.int32),
        np.array(spans, dtype=np.int32).reshape(-1, 6),
        counts,
        unusual,
        np.array(context, dtype=np.int32),
    )


def start_method() -> str:
    """How to start workers: fork, unless other threads run beside this one.

    A forked child inherits every lock another thread held at that moment (the bot reindexes
    from a thread beside its event loop), and can hang on one. forkserver starts workers from a
    clean process instead; its workers import the main module, which is why every entry point
    (python -m bot, dalil, bench/*.py, tests/support/*.py) keeps its work under a __main__ guard.
    """
    return "fork" if threading.active_count() == 1 else "forkserver"


class BatchAnalyzer:
    """Hands batches of document texts to worker processes as they are read; yields results.

    The workers start (see start_method) once enough documents have been queued to pay for
    them, so a refresh that changes a few documents analyzes them in this process.
    """

    def __init__(self, prepare: Prepare, workers: int) -> None:
        """Use up to `workers` processes."""
        self.prepare = prepare
        self.workers = workers
        self._pool: Pool | None = None
        self._pending: list[AsyncResult | list[tuple[str, str]]] = []
        self._batch: list[tuple[str, str]] = []
        self._queued = 0

    def __enter__(self) -> BatchAnalyzer:
        """Nothing starts until enough documents are queued."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def add(self, text: str, title: str = "") -> None:
        """Queue one document's text and title; full batches go to a worker at once."""
        self._batch.append((text, title))
        self._queued += 1
        if self._pool is None and self.workers > 1 and self._queued >= MIN_PARALLEL_DOCUMENTS:
            self._pool = multiprocessing.get_context(start_method()).Pool(self.workers)
            self._pending = [self._submit(p) if isinstance(p, list) else p for p in self._pending]
        if len(self._batch) >= BATCH_DOCUMENTS:
            self._flush()

    def _submit(self, documents: list[tuple[str, str]]) -> AsyncResult:
        """Send a batch to a worker process."""
        assert self._pool is not None
        return self._pool.apply_async(partial(analyze_batch, self.prepare), (documents,))

    def _flush(self) -> None:
        """Send the current batch to a worker (or keep it for analysis in this process)."""
        if self._batch:
            self._pending.append(self._submit(self._batch) if self._pool else self._batch)
            self._batch = []

    def results(self) -> Iterator[tuple[int, AnalyzedBatch]]:
        """Yield (documents in the batch, analysis) in the order the documents were added."""
        self._flush()
        for pending in self._pending:
            if isinstance(pending, list):
                yield len(pending), analyze_batch(self.prepare, pending)
            else:
                analyzed = pending.get()
                yield len(analyzed.passage_counts), analyzed
        self._pending = []
