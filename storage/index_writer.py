"""Build or refresh the index in one transaction: readers see the old index until it commits."""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlite_utils import Database

from storage.corpus_reader import (
    DEFAULT_MAX_BYTES,
    DocumentRecord,
    Skipped,
    SourceFile,
    UnreadableSource,
    list_sources,
    read_source,
)
from storage.database import reporting_damage
from storage.errors import ReindexRunning
from storage.metadata import read_meta, write_meta


@dataclass(frozen=True)
class PreparedPassage:
    """A passage cut from a document, with its analyzed terms."""

    number: int
    start: int
    end: int
    text: str
    terms: list[str]


Prepare = Callable[[str], list[PreparedPassage]]
Progress = Callable[[str, int, int], None]


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
    passages: int = 0
    new_passages: int = 0
    seconds: float = 0.0
    version: int = 0


@dataclass
class _Plan:
    """Documents to (re)analyze and document ids to delete, worked out before writing."""

    to_index: list[DocumentRecord] = field(default_factory=list)
    delete_ids: list[int] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    full: bool = False


def _existing_documents(db: Database) -> dict[str, tuple[int, str, str]]:
    """Map each stored document path to (id, sha256, source path)."""
    rows = db.execute("select path, id, sha256, source_path from documents")
    return {path: (doc_id, sha, source) for path, doc_id, sha, source in rows}


def _plan(
    db: Database,
    root: Path,
    analyzer_version: str,
    rebuild: bool,
    max_bytes: int,
    report: IndexReport,
) -> _Plan:
    """Compare the corpus folder with the stored index and decide what to do."""
    meta = read_meta(db)
    plan = _Plan(full=rebuild or meta.get("analyzer_version") != analyzer_version)
    existing = {} if plan.full else _existing_documents(db)
    old_sources = {} if plan.full else {row["path"]: row for row in db["sources"].rows}
    by_source: dict[str, list[str]] = {}
    for path, (_, _, source_path) in existing.items():
        by_source.setdefault(source_path, []).append(path)
    sources, report.skipped = list_sources(root)
    seen: set[str] = set()
    for source in sources:
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
            contents = read_source(source, max_bytes)
        except UnreadableSource as error:
            report.skipped.append(Skipped(source.path, str(error)))
            plan.sources[-1]["skipped"] = str(error)
            continue
        report.skipped_records += contents.skipped_records
        for document in contents.documents:
            seen.add(document.path)
            stored = existing.get(document.path)
            if stored and stored[1] == document.sha256:
                continue
            plan.to_index.append(document)
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
    return plan


def _source_row(source: SourceFile, skipped: str) -> dict:
    """The sources-table row that lets the next refresh skip an unchanged file unread."""
    return {
        "path": source.path,
        "size": source.size,
        "mtime_ns": source.mtime_ns,
        "sha256": "",
        "skipped": skipped,
    }


def _prepare_all(
    prepare: Prepare, documents: Sequence[DocumentRecord], workers: int, progress: Progress | None
) -> list[list[PreparedPassage]]:
    """Cut and analyze documents, in worker processes when there are many."""
    texts = [document.text for document in documents]
    results: list[list[PreparedPassage]] = []
    if workers <= 1 or len(texts) < 200:
        for text in texts:
            results.append(prepare(text))
            if progress and len(results) % 500 == 0:
                progress("analyze", len(results), len(texts))
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(workers) as pool:
            for prepared in pool.imap(prepare, texts, chunksize=64):
                results.append(prepared)
                if progress and len(results) % 500 == 0:
                    progress("analyze", len(results), len(texts))
    if progress:
        progress("analyze", len(texts), len(texts))
    return results


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
    progress: Progress | None = None,
    before_document_write: Callable[[int], None] | None = None,
) -> IndexReport:
    """Bring the index in line with the corpus folder, atomically, and report what changed."""
    started = time.perf_counter()
    report = IndexReport()
    version_before = read_meta(db).get("index_version", "0")
    plan = _plan(db, root, analyzer_version, rebuild, max_bytes, report)
    workers = workers or max(1, multiprocessing.cpu_count())
    prepared = _prepare_all(prepare, plan.to_index, workers, progress)
    vocabulary = _term_ids(db, plan.full)
    first_new_term = len(vocabulary) and max(vocabulary.values()) + 1
    with db.atomic():
        if read_meta(db).get("index_version", "0") != version_before:
            raise ReindexRunning("another reindex finished while this one was running; run again")
        _delete(db, plan)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        for count, (document, passages) in enumerate(zip(plan.to_index, prepared, strict=True)):
            if before_document_write:
                before_document_write(count)
            _insert_document(db, document, passages, vocabulary, now)
            report.new_passages += len(passages)
        new_terms = [(i, t) for t, i in vocabulary.items() if i >= first_new_term]
        db.conn.executemany("insert into terms (id, term) values (?, ?)", new_terms)
        db.conn.execute("delete from sources")
        db["sources"].insert_all(plan.sources, pk="path")
        report.documents = db.execute("select count(*) from documents").fetchone()[0]
        report.passages = db.execute("select count(*) from passages").fetchone()[0]
        report.version = int(version_before) + 1
        report.seconds = round(time.perf_counter() - started, 3)
        write_meta(
            db,
            {
                "index_version": str(report.version),
                "analyzer_version": analyzer_version,
                "built_at": now,
                "documents": str(report.documents),
                "passages": str(report.passages),
                "vocabulary": str(len(vocabulary)),
                "corpus": str(root),
                "build_seconds": str(report.seconds),
            },
        )
    if progress:
        progress("write", 1, 1)
    return report


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


def _insert_document(
    db: Database,
    document: DocumentRecord,
    passages: list[PreparedPassage],
    vocabulary: dict[str, int],
    now: str,
) -> None:
    """Insert one document and its passages, giving new terms the next free ids."""
    cursor = db.conn.execute(
        "insert into documents (path, source_path, title, sha256, size, indexed_at, source, url,"
        " date, author) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
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
        ),
    )
    document_id = cursor.lastrowid
    rows = []
    for passage in passages:
        ids = [vocabulary.setdefault(term, len(vocabulary)) for term in passage.terms]
        rows.append(
            (
                document_id,
                passage.number,
                passage.start,
                passage.end,
                passage.text,
                np.asarray(ids, dtype="<i4").tobytes(),
            )
        )
    db.conn.executemany(
        'insert into passages (document_id, number, start, "end", text, tokens)'
        " values (?, ?, ?, ?, ?, ?)",
        rows,
    )
