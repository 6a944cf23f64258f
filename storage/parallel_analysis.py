"""Cut and analyze documents in worker processes, and bring back compact term-id arrays."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import numpy as np

from storage.errors import BuildCancelled

# Documents per task sent to a worker: large enough that pickling stays cheap.
BATCH_DOCUMENTS = 200
# Below this many documents, starting worker processes costs more than it saves.
MIN_PARALLEL_DOCUMENTS = 400
# How often a wait for a worker looks whether the build was asked to stop.
STOP_CHECK_SECONDS = 0.2


WORKER_DIED = "an analysis worker process died (killed, or out of memory?)"


STOPPED = "the build was stopped (the program is shutting down)"


class WorkerDied(Exception):
    """An analysis worker process ended without its result (killed, out of memory)."""


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
    paragraph: int = 0  # the 0-based number of the paragraph (line) it was cut from


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
    # int32 rows (number, start, end, token count, kind, context count, paragraph)
    spans: np.ndarray
    passage_counts: list[int]  # passages of each document
    texts: dict[int, str]  # passage texts that are not text[start:end], by row
    context: np.ndarray  # int32 numbers into terms of the passages' context fields, in order


class _Numbering(dict[str, int]):
    """Term -> its number in the batch; a term seen for the first time gets the next one."""

    def __missing__(self, term: str) -> int:
        """Number a new term."""
        number = self[term] = len(self)
        return number


def analyze_batch(prepare: Prepare, documents: list[tuple[str, str]]) -> AnalyzedBatch:
    """Cut and analyze documents, given as (text, title) (in a worker process, or in this one)."""
    local = _Numbering()
    number = local.__getitem__
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
            spans.append(
                (p.number, p.start, p.end, len(p.terms), p.kind, len(p.context), p.paragraph)
            )
            tokens.extend(map(number, p.terms))
            context.extend(map(number, p.context))
    return AnalyzedBatch(
        list(local),
        np.array(tokens, dtype=np.int32),
        np.array(spans, dtype=np.int32).reshape(-1, 7),
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


def _ignore_interrupts() -> None:
    """In a worker: leave Ctrl-C to the main process, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Cancel queued batches and end the worker processes now, not after their batches."""
    pool.shutdown(wait=False, cancel_futures=True)
    # ProcessPoolExecutor.terminate_workers() arrives in Python 3.14; until then, its processes
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        if process.is_alive():
            process.terminate()
    for process in list(processes.values()):
        process.join(timeout=5)


class BatchAnalyzer:
    """Hands batches of document texts to worker processes as they are read; yields results.

    The workers start (see start_method) once enough documents have been queued to pay for
    them, so a refresh that changes a few documents analyzes them in this process. A worker
    that dies raises WorkerDied; should_stop() turning true raises BuildCancelled.
    """

    def __init__(
        self, prepare: Prepare, workers: int, should_stop: Callable[[], bool] | None = None
    ) -> None:
        """Use up to `workers` processes."""
        self.prepare = prepare
        self.workers = workers
        self.should_stop = should_stop or (lambda: False)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: list[Future | list[tuple[str, str]]] = []
        self._batch: list[tuple[str, str]] = []
        self._queued = 0

    def __enter__(self) -> BatchAnalyzer:
        """Nothing starts until enough documents are queued."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Stop the worker processes."""
        self.close()

    def close(self) -> None:
        """Stop the worker processes (once every result has been taken, say)."""
        if self._pool is not None:
            _stop_workers(self._pool)
            self._pool = None

    def add(self, text: str, title: str = "") -> None:
        """Queue one document's text and title; full batches go to a worker at once."""
        self._batch.append((text, title))
        self._queued += 1
        if self._pool is None and self.workers > 1 and self._queued >= MIN_PARALLEL_DOCUMENTS:
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context(start_method()),
                initializer=_ignore_interrupts,
            )
            self._pending = [self._submit(p) if isinstance(p, list) else p for p in self._pending]
        if len(self._batch) >= BATCH_DOCUMENTS:
            self._flush()

    def _submit(self, documents: list[tuple[str, str]]) -> Future:
        """Send a batch to a worker process."""
        assert self._pool is not None
        try:
            return self._pool.submit(analyze_batch, self.prepare, documents)
        except (BrokenProcessPool, EOFError, OSError):
            # a signal to the process group also ends the forkserver a new worker comes from
            if self.should_stop():
                raise BuildCancelled(STOPPED) from None
            raise WorkerDied(WORKER_DIED) from None

    def _flush(self) -> None:
        """Send the current batch to a worker (or keep it for analysis in this process)."""
        if self._batch:
            self._pending.append(self._submit(self._batch) if self._pool else self._batch)
            self._batch = []

    def _wait(self, future: Future) -> AnalyzedBatch:
        """The result of a worker, looking every moment whether the build must stop."""
        while True:
            if self.should_stop():
                raise BuildCancelled(STOPPED)
            try:
                return future.result(timeout=STOP_CHECK_SECONDS)
            except TimeoutError:
                continue
            except BrokenProcessPool:
                raise WorkerDied(WORKER_DIED) from None

    def results(self) -> Iterator[tuple[int, AnalyzedBatch]]:
        """Yield (documents in the batch, analysis) in the order the documents were added."""
        self._flush()
        queue, self._pending = deque(self._pending), []
        while queue:  # a batch taken is let go: its texts and result need not stay
            pending = queue.popleft()
            if isinstance(pending, list):
                if self.should_stop():
                    raise BuildCancelled(STOPPED)
                yield len(pending), analyze_batch(self.prepare, pending)
            else:
                analyzed = self._wait(pending)
                del pending
                yield len(analyzed.passage_counts), analyzed
