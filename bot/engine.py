"""The search engine the bot and the command line share: index builds, loading, answering."""

from __future__ import annotations

import dataclasses
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from bot.settings import aliases_setting
from retrieval.aliases import AliasTable
from retrieval.analyzer import ANALYZER_VERSION, DEFAULT_ANALYZER
from retrieval.bm25 import Bm25Params
from retrieval.corpus import (
    NO_PARAGRAPH,
    Corpus,
    DocumentInfo,
    DocumentTable,
    PassageInfo,
    PassageTable,
)
from retrieval.filters import EVERYWHERE, SearchScope, describe, parse_scope
from retrieval.offering import offered
from retrieval.results import Answer
from retrieval.search import Searcher
from retrieval.search_index import SearchIndexes, build_indexes, facts
from retrieval.settings import DEFAULT_BM25, SearchSettings
from retrieval.sources import SourceNames
from retrieval.titles import TitleTerms
from retrieval.units import analyzed_units
from storage.aliases_file import read_alias_groups
from storage.columns import IndexColumns
from storage.database import connect
from storage.errors import CorpusNotFound
from storage.metadata import read_meta
from storage.serving import ServingSnapshot, TextReader, open_snapshot, passages_from
from storage.sources_file import read_sources

if TYPE_CHECKING:  # the index writer (and its document readers) loads only when a build runs
    from storage.index_writer import IndexReport, PreparedPassage, Progress, SearchArrays
    from storage.snapshot import StoredIndex

DEFAULT_ALIASES = aliases_setting({})  # aliases.txt in the project folder
DEFAULT_SOURCES = DEFAULT_ALIASES.with_name("sources.txt")  # beside aliases.txt
logger = logging.getLogger(__name__)


def prepare_passages(text: str, title: str = "") -> list[PreparedPassage]:
    """Cut a document into units, say which may be cited, and analyze each with its context
    field (runs in worker processes)."""
    from storage.parallel_analysis import PreparedPassage

    return [
        PreparedPassage(
            u.span.number,
            u.span.start,
            u.span.end,
            u.text,
            u.terms,
            int(u.kind),
            u.context,
            u.span.paragraph,
        )
        for u in analyzed_units(text, title, DEFAULT_ANALYZER)
    ]


def corpus_from(stored: StoredIndex, names: SourceNames | None = None) -> Corpus:
    """Turn a whole stored snapshot (texts included) into an in-memory corpus (sources named
    by `names`)."""
    names = names or SourceNames.build()
    documents = [
        DocumentInfo(
            d.path,
            d.title,
            d.source,
            d.url,
            d.date,
            names.name_of(d.source) if d.source else "",
            d.source_path,
            d.page,
            d.story,
        )
        for d in stored.documents
    ]
    paragraphs = stored.paragraphs or [NO_PARAGRAPH] * len(stored.passages)
    passages = [
        PassageInfo(*row, paragraph)
        for row, paragraph in zip(stored.passages, paragraphs, strict=True)
    ]
    return Corpus(
        documents,
        passages,
        stored.token_ids,
        stored.lengths,
        stored.vocabulary,
        stored.version,
        stored.meta.get("built_at", ""),
        stored.context_ids,
        stored.context_lengths,
    )


def _texts_at(reader: TextReader, passage_ids: np.ndarray, positions: list[int]) -> dict[int, str]:
    """The texts of the passages at these positions, read at once."""
    texts = reader.passage_texts([int(passage_ids[i]) for i in positions])
    return {i: texts[int(passage_ids[i])] for i in positions}


def served_corpus(snapshot: ServingSnapshot, names: SourceNames | None = None) -> Corpus:
    """The corpus of a served snapshot: columns in memory (or mapped), rows read on demand
    (sources named by `names`)."""
    names = names or SourceNames.build()
    columns, reader = snapshot.columns, snapshot.reader
    passage_ids, document_ids = columns.passage_ids, columns.document_ids

    def position_of(path: str) -> int | None:
        found = reader.document_id(path)
        if found is None:
            return None
        position = int(np.searchsorted(document_ids, found))
        return position if position < len(document_ids) else None

    passages = PassageTable(
        columns.passage_documents,
        columns.numbers,
        columns.starts,
        columns.ends,
        lambda i: reader.passage_text(int(passage_ids[i])),
        lambda positions: _texts_at(reader, passage_ids, positions),
        columns.paragraphs,
    )

    def document_at(i: int) -> DocumentInfo:
        path, title, source, url, date, source_path, page, story = columns.document(i)
        publisher = names.name_of(source) if source else ""
        return DocumentInfo(path, title, source, url, date, publisher, source_path, page, story)

    documents = DocumentTable(len(document_ids), document_at, position_of)
    return Corpus(
        documents,
        passages,
        columns.token_ids,
        columns.lengths,
        snapshot.vocabulary,
        snapshot.version,
        snapshot.meta.get("built_at", ""),
        columns.context_ids,
        columns.context_lengths,
        columns.document_facts(),
    )


def columns_indexes(columns: IndexColumns, vocab_size: int, params: Bm25Params) -> SearchIndexes:
    """Build the passage and document indexes of an index's columns."""
    return build_indexes(
        columns.token_ids,
        columns.lengths,
        columns.passage_documents,
        len(columns.document_ids),
        vocab_size,
        params,
        (columns.context_ids, columns.context_lengths),
    )


def search_arrays(params: Bm25Params = DEFAULT_BM25) -> SearchArrays:
    """How index builds write the search arrays into the index files: the BM25 indexes, and
    the documents' title terms analyzed now rather than at each question."""
    from storage.index_writer import SearchArrays

    def build(columns: IndexColumns, terms: list[str]) -> dict[str, np.ndarray]:
        indexes = columns_indexes(columns, len(terms), params)
        vocabulary = {term: term_id for term_id, term in enumerate(terms) if term}
        titles = (columns.document(i)[1] for i in range(len(columns.document_ids)))
        return indexes.arrays() | TitleTerms.build(titles, DEFAULT_ANALYZER, vocabulary).arrays()

    return SearchArrays(facts(params), build)


def build_index(
    db_path: Path,
    corpus_dir: Path,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    max_total_bytes: int | None = None,
    allow_mass_removal: bool = False,
    should_stop: Callable[[], bool] | None = None,
) -> IndexReport:
    """Build or refresh the index of corpus_dir in the database at db_path."""
    from storage.index_writer import refresh_index
    from storage.read_limits import BuildBudget

    if not Path(corpus_dir).is_dir():
        raise CorpusNotFound(f"corpus folder {corpus_dir} does not exist or is not a folder")
    db = connect(db_path)
    try:
        extra = {"max_bytes": max_bytes} if max_bytes else {}
        if max_total_bytes:
            extra["budget"] = BuildBudget(max_total_bytes=max_total_bytes)
        return refresh_index(
            db,
            corpus_dir,
            prepare_passages,
            ANALYZER_VERSION,
            rebuild=rebuild,
            workers=workers,
            progress=progress,
            allow_mass_removal=allow_mass_removal,
            should_stop=should_stop,
            search_arrays=search_arrays(),
            **extra,
        )
    finally:
        db.close()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while hundreds of thousands of objects are built.

    Building them trips full collections that walk the whole heap again and again; pausing
    halves start-up. The objects are then frozen (gc.freeze), so that no later collection
    walks them again either (one would stall an answer for ~80 ms). They hold no reference
    cycles, so reference counting frees them, frozen or not, when the next index replaces them.
    Garbage is collected first (8–120 ms on SaudiNewsNet, of a 2.3 s load): frozen, the cycles
    that were garbage at that moment (an old index's reader, a stopped application) would never
    be freed, nor the files and connections they hold.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.freeze()
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Timed:
    """An answer and how long it took."""

    answer: Answer
    latency_ms: float


class Engine:
    """Serves questions from the last complete index and swaps in a new one after a build."""

    def __init__(
        self,
        db_path: Path,
        settings: SearchSettings | None = None,
        aliases_path: Path | None = DEFAULT_ALIASES,
        sources_path: Path | None = DEFAULT_SOURCES,
    ) -> None:
        """Remember where the index and the aliases file live; call load() before asking."""
        self.db_path = Path(db_path)
        self.settings = settings or SearchSettings()
        self.aliases_path = aliases_path
        self.sources = SourceNames.build(read_sources(sources_path))
        self._aliases_stamp: float | None = None
        self._aliases = AliasTable()
        self._searcher: Searcher | None = None
        self._build_lock = threading.Lock()
        self._stopping = threading.Event()

    def aliases(self) -> AliasTable:
        """The alias table, re-read whenever the aliases file changes (no reindex needed)."""
        path = self.aliases_path
        stamp = path.stat().st_mtime if path and path.is_file() else None
        if stamp != self._aliases_stamp:
            groups = read_alias_groups(path) if path and stamp is not None else []
            self._aliases = AliasTable.build(groups, DEFAULT_ANALYZER)
            self._aliases_stamp = stamp
        return self._aliases

    def load(self) -> Searcher:
        """Open the last committed index (its files memory-mapped) and make it the one that
        answers."""
        params = self.settings.bm25
        with _collector_paused():
            snapshot = open_snapshot(self.db_path, facts(params))
            if snapshot.arrays:
                indexes = SearchIndexes.from_arrays(snapshot.arrays, params)
            else:
                indexes = columns_indexes(snapshot.columns, len(snapshot.vocabulary), params)
            searcher = Searcher(
                served_corpus(snapshot, self.sources),
                settings=self.settings,
                aliases=self.aliases(),
                indexes=indexes,
            )
        if snapshot.files_problem:
            logger.warning(
                "index files unusable (%s): the index was read from SQLite; `dalil index` "
                "writes them again",
                snapshot.files_problem,
            )
        built_with = snapshot.meta.get("analyzer_version")
        if built_with != ANALYZER_VERSION:
            logger.warning(
                "the index was built with analyzer %s, questions use %s: run `dalil index` "
                "(it rebuilds the whole index) for exact matches",
                built_with,
                ANALYZER_VERSION,
            )
        self._searcher = searcher
        return searcher

    @property
    def searcher(self) -> Searcher:
        """The searcher answering now (loaded on first use)."""
        return self._searcher or self.load()

    def ask(
        self,
        question: str,
        top_k: int = 3,
        offset: int = 0,
        after: str | None = None,
        scope: SearchScope = EVERYWHERE,
        subject: str = "",
    ) -> Timed:
        """Answer a question from the current index and time it (`after`: the document of the
        previous answer, when the question follows one, and `subject` that answer's subject);
        sources and dates the question names («في عكاظ»، «من:عكاظ بعد:2015-08-01») narrow
        `scope` further."""
        started = time.perf_counter()
        searcher = self.searcher
        searcher.aliases = self.aliases()
        words, named, _ = parse_scope(question, self.sources, searcher.latest_day)
        scope = scope.merged(named)
        answer = offered(searcher, words, top_k, offset, after, scope=scope, subject=subject)
        if scope != EVERYWHERE:
            answer = dataclasses.replace(answer, scope_label=describe(scope, self.sources))
        return Timed(answer, (time.perf_counter() - started) * 1000)

    def stored_version(self) -> int:
        """The version of the index in the file now (another process may have rebuilt it);
        DatabaseMissing if the file is gone (no empty one is made in its place)."""
        db = connect(self.db_path, create=False)
        try:
            return int(read_meta(db).get("index_version", "0"))
        finally:
            db.close()

    def reload_if_changed(self) -> bool:
        """Load the index again if the file holds a newer one than the one answering (a worker
        that did not run the reindex catches up); False if it is current or a build runs. The
        version is read before the build lock is taken, so a check (every CHECK_SECONDS) never
        makes an admin's /reindex at that moment look like another build."""
        if self._searcher is not None and self.stored_version() == self._searcher.version:
            return False
        if not self._build_lock.acquire(blocking=False):
            return False
        try:
            if self._searcher is not None and self.stored_version() == self._searcher.version:
                return False
            self.load()
            return True
        finally:
            self._build_lock.release()

    def stop_building(self) -> None:
        """Make a running build (and any later one) stop at its next step; the index stays."""
        self._stopping.set()

    def passages_from(self, source_path: str) -> int:
        """How many citable passages the committed index holds from one source file."""
        return passages_from(self.db_path, source_path)

    @property
    def building(self) -> bool:
        """Tell whether a reindex is running in this process."""
        return self._build_lock.locked()

    def reindex(
        self,
        corpus_dir: Path,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        on_busy: Callable[[], None] | None = None,
        workers: int | None = None,
        allow_mass_removal: bool = False,
    ) -> IndexReport | None:
        """Rebuild from corpus_dir and swap the new index in; None if a build is running."""
        if not self._build_lock.acquire(blocking=False):
            if on_busy:
                on_busy()
            return None
        try:
            report = build_index(
                self.db_path,
                corpus_dir,
                rebuild=rebuild,
                progress=progress,
                workers=workers,
                allow_mass_removal=allow_mass_removal,
                should_stop=self._stopping.is_set,
            )
            if self._searcher is None or report.version != self._searcher.version:
                self.load()
            return report
        finally:
            self._build_lock.release()
