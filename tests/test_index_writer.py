"""Building and refreshing the index: counts, incremental refresh, atomicity, migrations."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.engine import corpus_from, prepare_passages
from retrieval.analyzer import ANALYZER_VERSION
from retrieval.chunking import split_passages
from retrieval.search import Searcher
from storage.corpus_reader import title_of
from storage.database import check, connect
from storage.errors import (
    BuildCancelled,
    BuildFailed,
    DatabaseUnusable,
    IndexMissing,
    NewerSchema,
)
from storage.index_writer import refresh_index
from storage.metadata import read_meta
from storage.migrations import LATEST_VERSION, MIGRATIONS_TABLE, migrate, schema_version
from storage.parallel_analysis import WORKER_DIED, WorkerDied
from storage.snapshot import load_index
from tests.helpers import ROOT, SEED_NAMES, SEEDS

QUESTION = "من هو بلال الشواش؟"
SEED_000 = "000_fb920527ced1f061.txt"


class Interrupted(Exception):
    """Raised by the test hook to stop a build half way."""


@pytest.fixture
def corpus(corpus_dir: Path) -> Path:
    """A private copy of the seeds that a test may change (conftest's corpus_dir)."""
    return corpus_dir


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new database, closed after the test."""
    database = connect(tmp_path / "dalil.db")
    yield database
    database.close()


def _refresh(db: Database, corpus: Path, **options: object):
    """Refresh the index of corpus in db with Dalil's analyzer, in this process."""
    return refresh_index(db, corpus, prepare_passages, ANALYZER_VERSION, workers=1, **options)


def _answer(db: Database) -> list[tuple[str, int, str]]:
    """Load the stored index and answer the test question: (document, passage, text) per hit."""
    answer = Searcher(corpus_from(load_index(db))).search(QUESTION, top_k=3)
    assert not answer.abstained
    return [(h.document.path, h.passage_number, h.passage_text) for h in answer.hits]


def test_index_of_the_seeds_has_every_document_and_passage(db: Database, corpus: Path) -> None:
    report = _refresh(db, corpus)
    texts = [(SEEDS / name).read_text(encoding="utf-8") for name in SEED_NAMES]
    units = [prepare_passages(text, title_of(text)) for text in texts]
    expected_passages = sum(unit.kind == 0 for document in units for unit in document)
    assert sorted(report.added) == SEED_NAMES
    assert report.changed == report.removed == report.skipped == []
    assert report.documents == len(SEED_NAMES) == 5
    assert report.new_passages == sum(len(split_passages(text)) for text in texts)
    assert report.passages == expected_passages < report.new_passages
    assert report.version == 1
    meta = read_meta(db)
    assert meta["documents"] == "5"
    assert meta["passages"] == str(expected_passages)
    assert meta["analyzer_version"] == ANALYZER_VERSION
    stored = load_index(db)
    assert len(stored.documents) == 5 and len(stored.passages) == expected_passages
    assert int(stored.lengths.sum()) == len(stored.token_ids)


def test_stored_passages_are_exact_slices_of_the_files(db: Database, corpus: Path) -> None:
    _refresh(db, corpus)
    stored = load_index(db)
    texts = {d.path: (corpus / d.path).read_text(encoding="utf-8") for d in stored.documents}
    for document, _number, start, end, text in stored.passages:
        assert texts[stored.documents[document].path][start:end] == text


def test_refresh_without_changes_adds_nothing_and_keeps_the_version(
    db: Database, corpus: Path
) -> None:
    first = _refresh(db, corpus)
    before = _answer(db)
    second = _refresh(db, corpus)
    assert second.added == second.changed == second.removed == []
    assert second.unchanged == 5
    assert second.new_passages == 0
    assert second.passages == first.passages
    assert second.version == first.version
    assert read_meta(db)["index_version"] == str(first.version)
    assert _answer(db) == before


def test_a_changed_file_is_reindexed_alone(db: Database, corpus: Path) -> None:
    _refresh(db, corpus)
    path = corpus / SEED_000
    path.write_text(
        path.read_text(encoding="utf-8") + "\nوأعلن المرصد عن مقتل قائد ميداني جديد.",
        encoding="utf-8",
    )
    report = _refresh(db, corpus)
    assert report.changed == [SEED_000]
    assert report.added == report.removed == []
    assert report.unchanged == 4
    assert report.new_passages == len(split_passages(path.read_text(encoding="utf-8")))
    answer = Searcher(corpus_from(load_index(db))).search("مقتل قائد ميداني جديد", top_k=1)
    assert answer.hits[0].document.path == SEED_000
    assert "قائد ميداني جديد" in answer.hits[0].passage_text


def test_a_removed_file_leaves_the_index(db: Database, corpus: Path) -> None:
    _refresh(db, corpus)
    (corpus / SEED_000).unlink()
    report = _refresh(db, corpus)
    assert report.removed == [SEED_000]
    assert report.added == report.changed == []
    assert report.documents == 4
    paths = {row[0] for row in db.execute("select path from documents")}
    assert SEED_000 not in paths
    orphans = db.execute(
        "select count(*) from passages where document_id not in (select id from documents)"
    ).fetchone()[0]
    assert orphans == 0
    answer = Searcher(corpus_from(load_index(db))).search(QUESTION, top_k=3)
    assert all(hit.document.path != SEED_000 for hit in answer.hits)


@pytest.mark.parametrize("rebuild", [True, False])
def test_a_reindex_that_fails_half_way_leaves_the_old_index(
    db: Database, corpus: Path, rebuild: bool
) -> None:
    _refresh(db, corpus)
    before = _answer(db)
    version = read_meta(db)["index_version"]
    for name in SEED_NAMES:  # every file changed: the refresh rewrites all five
        path = corpus / name
        path.write_text(path.read_text(encoding="utf-8") + "\nسطر جديد.", encoding="utf-8")

    def fail_after_three(count: int) -> None:
        if count == 3:
            raise Interrupted

    with pytest.raises(BuildFailed, match="the previous index is kept") as failed:
        _refresh(db, corpus, rebuild=rebuild, before_document_write=fail_after_three)
    assert isinstance(failed.value.__cause__, Interrupted)
    assert not db.conn.in_transaction
    assert read_meta(db)["index_version"] == version
    assert _answer(db) == before
    report = _refresh(db, corpus, rebuild=rebuild)
    assert report.documents == 5
    assert report.version == int(version) + 1
    assert sorted(report.changed if not rebuild else report.added) == SEED_NAMES
    assert _answer(db)[0][0] == SEED_000


@pytest.mark.parametrize("flag_after", [0.0, 0.3])
def test_a_dead_worker_during_a_shutdown_is_a_cancelled_build_not_a_failure(
    db: Database, corpus: Path, flag_after: float
) -> None:
    """A signal to the process group kills the workers' forkserver as the build starts them,
    and the build may see that before the signal handler sets the stop flag (0.3 s later
    here): the dead worker is the shutdown's, said as a stop, not a traceback and a failure."""
    _refresh(db, corpus)
    version = read_meta(db)["index_version"]
    (corpus / SEED_000).write_text("نص جديد عن مدينة القيروان.", encoding="utf-8")
    stopping = threading.Event()

    def signal_arrives(count: int) -> None:
        threading.Timer(flag_after, stopping.set).start()
        raise WorkerDied(WORKER_DIED)

    with pytest.raises(BuildCancelled, match="the program is shutting down"):
        _refresh(db, corpus, before_document_write=signal_arrives, should_stop=stopping.is_set)
    assert read_meta(db)["index_version"] == version


_CRASHING_REINDEX = """
import os, sys
from pathlib import Path
from bot.engine import prepare_passages
from retrieval.analyzer import ANALYZER_VERSION
from storage.corpus_reader import title_of
from storage.database import check, connect
from storage.index_writer import refresh_index

def crash(count):
    if count == 2:
        os._exit(17)

db = connect(sys.argv[1])
refresh_index(db, Path(sys.argv[2]), prepare_passages, ANALYZER_VERSION, rebuild=True,
              workers=1, before_document_write=crash)
"""


def test_a_crashed_reindex_leaves_a_sound_database(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "dalil.db"
    db = connect(path)
    _refresh(db, corpus)
    before = _answer(db)
    db.close()
    crashed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(_CRASHING_REINDEX), str(path), str(corpus)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert crashed.returncode == 17, crashed.stderr
    db = connect(path)
    try:
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert read_meta(db)["index_version"] == "1"
        assert _answer(db) == before
        report = _refresh(db, corpus, rebuild=True)
        assert report.version == 2 and report.documents == 5
        assert db.execute("pragma integrity_check").fetchone()[0] == "ok"
    finally:
        db.close()


def test_an_empty_database_has_no_index(db: Database) -> None:
    with pytest.raises(IndexMissing, match="dalil index"):
        load_index(db)


def test_a_new_analyzer_version_reanalyzes_everything(db: Database, corpus: Path) -> None:
    _refresh(db, corpus)
    report = refresh_index(db, corpus, prepare_passages, "other-analyzer", workers=1)
    assert sorted(report.added) == SEED_NAMES
    assert report.documents == 5
    assert read_meta(db)["analyzer_version"] == "other-analyzer"


def test_a_fresh_database_has_the_latest_schema(db: Database) -> None:
    assert schema_version(db) == LATEST_VERSION
    assert {"documents", "passages", "terms", "sources", "meta", "query_log"} <= set(
        db.table_names()
    )
    versions = [row[0] for row in db.execute(f"select version from {MIGRATIONS_TABLE}")]
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_migrating_twice_is_a_no_op(tmp_path: Path) -> None:
    path = tmp_path / "dalil.db"
    connect(path).close()
    db = connect(path)
    try:
        tables = db.table_names()
        assert migrate(db) == []
        assert db.table_names() == tables
        count = db.execute(f"select count(*) from {MIGRATIONS_TABLE}").fetchone()[0]
        assert count == LATEST_VERSION
    finally:
        db.close()


def test_a_database_from_a_newer_dalil_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dalil.db"
    db = connect(path)
    db[MIGRATIONS_TABLE].insert(
        {"version": LATEST_VERSION + 1, "name": "future", "applied_at": "2099-01-01"}
    )
    db.close()
    with pytest.raises(NewerSchema, match=str(LATEST_VERSION + 1)):
        connect(path)


def test_a_garbage_file_is_not_a_usable_database(tmp_path: Path) -> None:
    path = tmp_path / "dalil.db"
    path.write_bytes(b"this is not sqlite at all " * 400)
    with pytest.raises(DatabaseUnusable, match="dalil index --rebuild"):
        connect(path)
    assert path.read_bytes().startswith(b"this is not sqlite")


def _damage_a_passage_page(path: Path) -> None:
    """Overwrite the start of the database page that stores seed 000's first passage."""
    data = bytearray(path.read_bytes())
    at = data.find("بلال الشواش".encode())
    assert at > 4096, "the passage text should not be on the schema page"
    page = at // 4096 * 4096
    data[page : page + 100] = b"\xff" * 100
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged_db(tmp_path: Path, corpus: Path) -> Path:
    """An indexed database whose header is sound but one data page is damaged."""
    path = tmp_path / "damaged.db"
    db = connect(path)
    _refresh(db, corpus)
    db.conn.execute("pragma wal_checkpoint(truncate)")
    db.close()
    _damage_a_passage_page(path)
    return path


def test_a_damaged_page_is_reported_as_an_unusable_database(damaged_db: Path) -> None:
    db = connect(damaged_db)  # the header and the schema are intact
    try:
        with pytest.raises(DatabaseUnusable, match="dalil index --rebuild"):
            load_index(db)
        assert not db.conn.in_transaction
        with pytest.raises(DatabaseUnusable, match="dalil index --rebuild"):
            check(db)
    finally:
        db.close()


def test_a_rebuild_over_a_damaged_page_is_reported_as_unusable(
    damaged_db: Path, corpus: Path
) -> None:
    db = connect(damaged_db)
    try:
        with pytest.raises(DatabaseUnusable, match="dalil index --rebuild"):
            _refresh(db, corpus, rebuild=True)
    finally:
        db.close()


def test_a_sound_database_passes_the_check(db: Database, corpus: Path) -> None:
    _refresh(db, corpus)
    check(db)


def test_a_truncated_database_is_not_usable(tmp_path: Path, corpus: Path) -> None:
    path = tmp_path / "dalil.db"
    db = connect(path)
    _refresh(db, corpus)
    db.conn.execute("pragma wal_checkpoint(truncate)")
    db.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatabaseUnusable, match="dalil index --rebuild"):
        load_index(connect(path))
