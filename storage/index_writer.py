"""Build or refresh the index in one transaction: readers see the old index until it commits."""

from __future__ import annotations

import errno
import logging
import os
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from retrieval.filters import day_of
from retrieval.near_duplicates import signature, stories
from storage.boilerplate import CITABLE, mark_boilerplate
from storage.columns import IndexColumns, read_columns
from storage.corpus_reader import (
    DEFAULT_MAX_BYTES,
    DocumentRecord,
    NotReady,
    Skipped,
    SourceFile,
    failure_reason,
    list_sources,
    read_source,
    unsupported_files,
)
from storage.database import reporting_damage
from storage.errors import (
    BuildCancelled,
    BuildFailed,
    DiskFull,
    MassRemoval,
    NoSupportedFiles,
    ReindexRunning,
    StorageError,
)
from storage.index_files import (
    IndexFilesUnusable,
    index_facts,
    open_index_files,
    prune_index_files,
    write_index_files,
)
from storage.metadata import read_meta, write_meta
from storage.migrations import INDEX_FORMAT
from storage.parallel_analysis import (
    AnalyzedBatch,
    BatchAnalyzer,
    Prepare,
    PreparedPassage,
    WorkerDied,
)
from storage.read_limits import BuildBudget
from storage.term_table import term_arrays

logger = logging.getLogger(__name__)
DUPLICATE_DOCUMENT = "another document has the same name (only the first is indexed)"

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "IndexReport",
    "Prepare",
    "PreparedPassage",
    "Progress",
    "SearchArrays",
    "refresh_index",
]

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class SearchArrays:
    """How to build the search arrays (postings, weights, title terms) of an index's columns
    with its vocabulary (the terms in id order), and the facts that say how (checked when the
    files are opened)."""

    facts: dict[str, str]
    build: Callable[[IndexColumns, list[str]], dict[str, np.ndarray]]


@dataclass
class IndexReport:
    """What a build changed, what it skipped and why, and how long it took."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    skipped_records: int = 0
    unchanged: int = 0
    documents: int = 0
    passages: int = 0  # citable passages in the index
    new_passages: int = 0  # units written by this build, citable or not
    seconds: float = 0.0
    version: int = 0


@dataclass
class _Plan:
    """Documents to (re)analyze and document ids to delete, worked out before writing."""

    to_index: list[DocumentRecord] = field(default_factory=list)
    delete_ids: list[int] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    full: bool = False
    kept: set[str] = field(default_factory=set)  # every document path the new index holds


def _existing_documents(db: Database) -> dict[str, tuple[int, str, str]]:
    """Map each stored document path to (id, sha256, source path)."""
    rows = db.execute("select path, id, sha256, source_path from documents")
    return {path: (doc_id, sha, source) for path, doc_id, sha, source in rows}


def _plan(
    db: Database,
    root: Path,
    analyzer_version: str,
    rebuild: bool,
    limits: tuple[int, BuildBudget, bool],
    report: IndexReport,
    analyze: Callable[[str, str], None],
    progress: Progress | None,
) -> _Plan:
    """Compare the corpus folder with the stored index; queue new texts for analysis."""
    meta = read_meta(db)
    plan = _Plan(
        full=rebuild
        or meta.get("analyzer_version") != analyzer_version
        or meta.get("index_format") != INDEX_FORMAT
    )
    existing = {} if plan.full else _existing_documents(db)
    old_sources = {} if plan.full else {row["path"]: row for row in db["sources"].rows}
    by_source: dict[str, list[str]] = {}
    for path, (_, _, source_path) in existing.items():
        by_source.setdefault(source_path, []).append(path)
    max_bytes, budget, allow_unreadable = limits
    sources, report.skipped = list_sources(root, allow_unreadable)
    if not sources and not report.skipped:
        raise NoSupportedFiles(unsupported_files(root))
    seen = plan.kept
    for number, source in enumerate(sources):
        if progress:
            progress("read", number, len(sources))
        old = old_sources.get(source.path)
        if (
            old
            and not old["skipped"]
            and (old["size"], old["mtime_ns"]) == (source.size, source.mtime_ns)
        ):
            seen.update(by_source.get(source.path, []))
            plan.sources.append(old)
            continue
        plan.sources.append(_source_row(source, ""))
        try:
            contents = read_source(source, max_bytes, budget)
        except Exception as error:  # whatever a hostile file raises, only that file is skipped
            reason = failure_reason(error)
            if reason.startswith("cannot be read (") and not isinstance(error, OSError):
                logger.warning("reading %r failed", source.path, exc_info=error)
            kept = by_source.get(source.path, []) if isinstance(error, NotReady) else []
            if kept:  # half-copied: its documents stay until a refresh can read it
                seen.update(kept)
                reason = not_ready(reason, len(kept))
            report.skipped.append(Skipped(source.path, reason))
            plan.sources[-1]["skipped"] = reason  # read again by the next refresh
            continue
        report.skipped_records += contents.skipped_records
        report.skipped.extend(contents.skipped)
        for document in contents.documents:
            if document.path in seen:
                report.skipped.append(Skipped(document.path, DUPLICATE_DOCUMENT))
                continue
            seen.add(document.path)
            stored = existing.get(document.path)
            if stored and stored[1] == document.sha256:
                continue
            plan.to_index.append(document)
            analyze(document.text, document.title)
            if stored:
                report.changed.append(document.path)
                plan.delete_ids.append(stored[0])
            else:
                report.added.append(document.path)
    for path, (doc_id, _, _) in existing.items():
        if path not in seen:
            report.removed.append(path)
            plan.delete_ids.append(doc_id)
    report.unchanged = len(seen) - len(plan.to_index)
    if progress:
        progress("read", len(sources), len(sources))
    return plan


def not_ready(reason: str, kept: int) -> str:
    """The reason shown for a zip that cannot be read yet whose kept documents stay indexed."""
    return (
        f"not ready, still being copied? ({reason}): its {kept:,} documents from the last "
        "build are kept until it can be read"
    )


def _source_row(source: SourceFile, skipped: str) -> dict:
    """The sources-table row that lets the next refresh skip an unchanged file unread."""
    return {
        "path": source.path,
        "size": source.size,
        "mtime_ns": source.mtime_ns,
        "sha256": "",
        "skipped": skipped,
    }


def _collect(
    analyzer: BatchAnalyzer, vocabulary: dict[str, int], total: int, progress: Progress | None
) -> Iterator[tuple[AnalyzedBatch, np.ndarray, np.ndarray]]:
    """Yield the analyzed batches as they come, with batch term numbers turned into index term
    ids (of the passages' terms, and of their context fields')."""
    done = 0
    empty = np.zeros(0, dtype="<i4")
    for documents, batch in analyzer.results():
        ids = np.fromiter(
            (vocabulary.setdefault(term, len(vocabulary)) for term in batch.terms),
            dtype="<i4",
            count=len(batch.terms),
        )
        tokens = ids[batch.tokens] if len(ids) else empty
        context = ids[batch.context] if len(ids) else empty
        done += documents
        if progress:
            progress("analyze", done, total)
        yield batch, tokens, context


def _term_ids(db: Database, full: bool) -> dict[str, int]:
    """Load the stored vocabulary (empty on a full rebuild)."""
    if full:
        return {}
    return {term: term_id for term_id, term in db.execute("select id, term from terms")}


@reporting_damage()
def refresh_index(
    db: Database,
    root: Path,
    prepare: Prepare,
    analyzer_version: str,
    *,
    rebuild: bool = False,
    workers: int | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    budget: BuildBudget | None = None,
    allow_mass_removal: bool = False,
    progress: Progress | None = None,
    before_document_write: Callable[[int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    search_arrays: SearchArrays | None = None,
) -> IndexReport:
    """Bring the index in line with the corpus folder, atomically, and report what changed.

    With search_arrays, the index's arrays are written to files beside the database before
    the transaction commits (see storage.index_files), and kept in step with it.

    Any failure leaves the previous index as it was: expected ones raise their StorageError,
    anything else (a full disk, a dead worker, a bug) raises BuildFailed with the reason.
    """
    try:
        return _refresh(
            db,
            root,
            prepare,
            analyzer_version,
            rebuild=rebuild,
            workers=workers,
            limits=(max_bytes, budget or BuildBudget(), allow_mass_removal),
            progress=_stoppable(progress, should_stop or (lambda: False)),
            before_document_write=before_document_write,
            should_stop=should_stop,
            search_arrays=search_arrays,
        )
    except (StorageError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as error:
        if should_stop is not None and _stopping(should_stop, error):  # a signal broke it
            raise BuildCancelled(STOPPED) from error
        if type(error) is sqlite3.DatabaseError:
            raise  # damage: reporting_damage names `dalil index --rebuild`
        raise _failure(error) from error


KEPT = "the previous index is kept"
STOPPED = "the build was stopped (the program is shutting down)"
SIGNAL_GRACE_SECONDS = 1.0
NOT_WRITTEN = "the new index could not be written"
FULL_DISK = {errno.ENOSPC, errno.EDQUOT}


def _stopping(should_stop: Callable[[], bool], error: Exception) -> bool:
    """Tell whether the build is being stopped. A signal to the process group kills the
    workers (and their forkserver) too, and the build may see that before the signal handler
    has set the flag: after a dead worker, wait a moment for it."""
    grace = SIGNAL_GRACE_SECONDS if isinstance(error, WorkerDied) else 0.0
    deadline = time.monotonic() + grace
    while not should_stop():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)
    return True


def _failure(error: Exception) -> BuildFailed:
    """The one-line failure an unexpected error of a build becomes."""
    if isinstance(error, WorkerDied):
        return BuildFailed(f"{error}; {KEPT}")
    if isinstance(error, sqlite3.DatabaseError):
        return BuildFailed(f"the index could not be written ({error}); {KEPT}")
    if isinstance(error, OSError) and error.errno in FULL_DISK:
        return DiskFull(f"the disk is full ({error.strerror}): {NOT_WRITTEN}; {KEPT}")
    logger.warning("the build failed", exc_info=error)
    reason = failure_reason(error).removeprefix("cannot be read ")
    return BuildFailed(f"the build failed {reason}; {KEPT}")


def _stoppable(progress: Progress | None, should_stop: Callable[[], bool]) -> Progress:
    """Report progress, and raise BuildCancelled at the next step once should_stop() is true."""

    def report(stage: str, done: int, total: int) -> None:
        if should_stop():
            raise BuildCancelled(STOPPED)
        if progress:
            progress(stage, done, total)

    return report


def _refresh(
    db: Database,
    root: Path,
    prepare: Prepare,
    analyzer_version: str,
    *,
    rebuild: bool,
    workers: int | None,
    limits: tuple[int, BuildBudget, bool],
    progress: Progress | None,
    before_document_write: Callable[[int], None] | None,
    should_stop: Callable[[], bool] | None,
    search_arrays: SearchArrays | None,
) -> IndexReport:
    """refresh_index without the translation of unexpected errors."""
    started = time.perf_counter()
    report = IndexReport()
    meta_before = read_meta(db)
    version_before = meta_before.get("index_version", "0")
    with BatchAnalyzer(prepare, workers or os.cpu_count() or 1, should_stop) as analyzer:
        plan = _plan(db, root, analyzer_version, rebuild, limits, report, analyzer.add, progress)
        if not limits[2]:
            _refuse_mass_removal(db, plan)
        vocabulary = _term_ids(db, plan.full)
        first_new_term = len(vocabulary) and max(vocabulary.values()) + 1
        analyzed = bool(plan.to_index)
        with db.atomic():
            if read_meta(db).get("index_version", "0") != version_before:
                raise ReindexRunning(
                    "another reindex finished while this one was running; run again"
                )
            _delete(db, plan)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            # each batch is written as it comes back from the workers, and its documents'
            # texts let go: the build never holds the whole archive's texts and term ids
            batches = _collect(analyzer, vocabulary, len(plan.to_index), progress)
            report.new_passages = _write(
                db, plan.to_index, batches, now, before_document_write, progress
            )
            analyzer.close()
            files = _finish(
                db,
                root,
                plan,
                report,
                (analyzer_version, version_before, analyzed, started, now),
                (vocabulary, first_new_term, search_arrays),
            )
    if search_arrays is not None:
        prune_index_files(_path_of(db), {files, meta_before.get("index_files", "")})
    if progress:
        progress("commit", 1, 1)
    return report


def _finish(
    db: Database,
    root: Path,
    plan: _Plan,
    report: IndexReport,
    build: tuple[str, str, bool, float, str],
    terms: tuple[dict[str, int], int, SearchArrays | None],
) -> str:
    """After the documents are written, inside the transaction: mark boilerplate, number the
    stories, store the new terms and the sources, count, write meta and the index files
    (whose folder name is returned, "" without search arrays). `build` is (analyzer version,
    index version before, whether documents were analyzed, start time, time of writing)."""
    analyzer_version, version_before, analyzed, started, now = build
    vocabulary, first_new_term, search_arrays = terms
    files = ""
    if plan.full or plan.to_index or plan.delete_ids:
        mark_boilerplate(db)
        _assign_stories(db)
    plan.to_index.clear()
    new_terms = [(i, t) for t, i in vocabulary.items() if i >= first_new_term]
    db.conn.executemany("insert into terms (id, term) values (?, ?)", new_terms)
    db.conn.execute("delete from sources")
    db["sources"].insert_all(plan.sources, pk="path")
    report.documents = db.execute("select count(*) from documents").fetchone()[0]
    report.passages = db.execute(
        "select count(*) from passages where kind = ?", [CITABLE]
    ).fetchone()[0]
    report.seconds = round(time.perf_counter() - started, 3)
    # A refresh that changes nothing keeps the version, so answers and their buttons stay
    # valid (the bot's «📖» buttons carry the index version).
    unchanged = version_before != "0" and not (plan.full or analyzed or plan.delete_ids)
    report.version = int(version_before) + (0 if unchanged else 1)
    if unchanged:
        write_meta(db, {"checked_at": now, "corpus": str(root)})
    else:
        write_meta(
            db,
            {
                "index_version": str(report.version),
                "analyzer_version": analyzer_version,
                "index_format": INDEX_FORMAT,
                "built_at": now,
                "documents": str(report.documents),
                "passages": str(report.passages),
                "vocabulary": str(len(vocabulary)),
                "corpus": str(root),
                "build_seconds": str(report.seconds),
            },
        )
    if search_arrays is not None:
        files = _refresh_files(db, vocabulary, search_arrays, force=not unchanged)
    return files


def _refuse_mass_removal(db: Database, plan: _Plan) -> None:
    """Raise MassRemoval when the new index would lose more than half the stored documents."""
    stored = [row[0] for row in db.execute("select path from documents")]
    lost = sum(1 for path in stored if path not in plan.kept)
    if stored and lost * 2 > len(stored):
        raise MassRemoval(
            f"this refresh would remove {lost} of the {len(stored)} documents in the index "
            "(more than half): the index is left as it was; if the files were removed on "
            "purpose, run `dalil index --allow-mass-removal`"
        )


def _path_of(db: Database) -> str:
    """The file of the main database."""
    return next(row[2] for row in db.execute("pragma database_list") if row[1] == "main")


def _refresh_files(
    db: Database, vocabulary: dict[str, int], search_arrays: SearchArrays, force: bool
) -> str:
    """Write the index files of the index being committed (unless `force` is off and the
    recorded ones are sound), record their folder in meta, and return its name."""
    meta = read_meta(db)
    facts = index_facts(meta) | search_arrays.facts
    if not force:
        try:
            open_index_files(_path_of(db), meta.get("index_files", ""), facts)
            return meta["index_files"]
        except IndexFilesUnusable:
            pass
    columns = read_columns(db)
    terms = [""] * (max(vocabulary.values(), default=-1) + 1)
    for term, term_id in vocabulary.items():
        terms[term_id] = term
    arrays = columns.arrays() | search_arrays.build(columns, terms) | term_arrays(terms)
    name = f"v{meta['index_version']}-{secrets.token_hex(4)}"
    write_index_files(_path_of(db), name, arrays, facts)
    write_meta(db, {"index_files": name})
    return name


def _delete(db: Database, plan: _Plan) -> None:
    """Remove changed and removed documents (everything on a full rebuild)."""
    if plan.full:
        for table in ("passages", "documents", "terms"):
            db.conn.execute(f"delete from {table}")
        return
    for start in range(0, len(plan.delete_ids), 500):
        chunk = plan.delete_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        db.conn.execute(f"delete from passages where document_id in ({marks})", chunk)
        db.conn.execute(f"delete from documents where id in ({marks})", chunk)


_INSERT_DOCUMENT = (
    "insert into documents (id, path, source_path, title, sha256, size, indexed_at, source, url,"
    " date, author, page, signature) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_PASSAGE = (
    "insert into passages"
    ' (document_id, number, start, "end", text, tokens, kind, context, paragraph)'
    " values (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _write(
    db: Database,
    documents: list[DocumentRecord | None],
    batches: Iterable[tuple[AnalyzedBatch, np.ndarray, np.ndarray]],
    now: str,
    before_document_write: Callable[[int], None] | None,
    progress: Progress | None,
) -> int:
    """Insert the documents and their passages a batch at a time; return the passage count."""
    document_id = db.execute("select coalesce(max(id), 0) from documents").fetchone()[0]
    position = passages_written = 0
    for batch, tokens, context in batches:
        document_rows, passage_rows = [], []
        spans = batch.spans.tolist()
        token_ends = np.cumsum(batch.spans[:, 3]).tolist()
        context_ends = np.cumsum(batch.spans[:, 5]).tolist()
        row = 0
        for count in batch.passage_counts:
            if before_document_write:
                before_document_write(position)
            document = documents[position]
            assert document is not None
            documents[position] = None  # written below: its text may go
            document_id += 1
            first = row
            for number, start, end, length, kind, extent, paragraph in spans[row : row + count]:
                text = batch.texts[row] if row in batch.texts else document.text[start:end]
                blob = tokens[token_ends[row] - length : token_ends[row]].tobytes()
                around = context[context_ends[row] - extent : context_ends[row]].tobytes()
                passage_rows.append(
                    (document_id, number, start, end, text, blob, kind, around, paragraph)
                )
                row += 1
            own = (
                tokens[token_ends[first] - spans[first][3] : token_ends[row - 1]]
                if count
                else tokens[:0]
            )
            document_rows.append(_document_row(document_id, document, now, signature(own)))
            position += 1
        db.conn.executemany(_INSERT_DOCUMENT, document_rows)
        db.conn.executemany(_INSERT_PASSAGE, passage_rows)
        passages_written += len(passage_rows)
        if progress:
            progress("write", position, len(documents))
    return passages_written


def _document_row(document_id: int, document: DocumentRecord, now: str, sketch: bytes) -> tuple:
    """The documents-table row of one document."""
    return (
        document_id,
        document.path,
        document.source_path,
        document.title,
        document.sha256,
        document.size,
        now,
        document.source,
        document.url,
        document.date,
        document.author,
        document.page,
        sketch,
    )


def _day_number(stored: str | None) -> int | None:
    """A stored date's day as a number (None when it is no day)."""
    day = day_of(stored or "")
    return day.toordinal() if day else None


def _assign_stories(db: Database) -> None:
    """Number the stories of documents that are copies of one another (see near_duplicates)."""
    rows = db.execute("select id, signature, date from documents where length(signature) > 0")
    grouped = stories((doc_id, blob, _day_number(day)) for doc_id, blob, day in rows)
    db.conn.execute("update documents set story = 0 where story != 0")
    db.conn.executemany(
        "update documents set story = ? where id = ?", [(s, d) for d, s in grouped.items()]
    )
