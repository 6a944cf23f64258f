"""The index files beside the database: opened mapped, checked at open, swapped with the index."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import numpy as np
import pytest

from bot.engine import Engine, build_index, corpus_from
from retrieval.analyzer import analyze
from retrieval.search import Searcher
from storage.database import connect
from storage.index_files import MANIFEST, arrays_folder
from storage.metadata import read_meta
from storage.snapshot import load_index

QUESTIONS = ["من هو بلال الشواش؟", "ما عاصمة العراق؟", "«الدولة الإسلامية»"]


def _hits(searcher: Searcher) -> list[list[tuple[str, int, float, str]]]:
    """Each question's hits: document, passage number, score, text."""
    return [
        [
            (h.document.path, h.passage_number, h.score, h.passage_text)
            for h in searcher.search(q, top_k=3).hits
        ]
        for q in QUESTIONS
    ]


def _files(db_path: Path) -> Path:
    """The folder of index files the database's meta names."""
    db = connect(db_path)
    try:
        return arrays_folder(db_path) / read_meta(db)["index_files"]
    finally:
        db.close()


def _in_memory(db_path: Path) -> Searcher:
    """A searcher built in memory from every stored row (texts included), as before files."""
    db = connect(db_path)
    try:
        return Searcher(corpus_from(load_index(db)))
    finally:
        db.close()


@pytest.fixture
def built(tmp_path: Path, corpus_dir: Path) -> Path:
    """A database indexed from a copy of the seeds."""
    path = tmp_path / "dalil.db"
    build_index(path, corpus_dir, workers=1)
    return path


def test_the_served_index_opens_its_files_and_answers_as_one_built_in_memory(built: Path) -> None:
    engine = Engine(built, aliases_path=None)
    searcher = engine.load()
    assert _files(built).is_dir()
    assert _hits(searcher) == _hits(_in_memory(built))
    assert len(searcher.corpus.passages) == len(_in_memory(built).corpus.passages)
    # every document row (path, title, source, url, date, file, page, story) is read from the
    # files as SQLite holds it (test_filters and test_near_duplicates use sources and dates)
    served = [dataclasses.replace(d, publisher="") for d in searcher.corpus.documents]
    stored = [dataclasses.replace(d, publisher="") for d in _in_memory(built).corpus.documents]
    assert served == stored
    # a passage's stored terms, named back from the vocabulary, are those of its text
    in_memory = _in_memory(built).corpus
    for number in range(len(searcher.corpus.passages)):
        text = searcher.corpus.passages[number].text
        assert searcher.corpus.distinct_terms(number) == set(analyze(text))
        assert in_memory.distinct_terms(number) == set(analyze(text))
    # the titles' terms were analyzed when the index was built, as a searcher analyzes them
    titles, analyzed = searcher.collection.titles, _in_memory(built).collection.titles
    assert np.array_equal(titles.ids, analyzed.ids)
    assert np.array_equal(titles.offsets, analyzed.offsets)


def test_passages_read_at_once_are_the_passages_read_one_by_one(built: Path) -> None:
    one_by_one = Engine(built, aliases_path=None).load().corpus.passages
    at_once = Engine(built, aliases_path=None).load().corpus.passages
    at_once.prefetch([7, 3, 0, 3])
    stored = _in_memory(built).corpus.passages
    assert [at_once[i] for i in range(8)] == [one_by_one[i] for i in range(8)] == stored[:8]


@pytest.mark.parametrize("damage", ["delete", "truncate", "other index", "older layout"])
def test_unusable_files_are_reported_answers_stay_right_and_index_writes_them_again(
    built: Path, corpus_dir: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    expected = _hits(Engine(built, aliases_path=None).load())
    folder = _files(built)
    if damage == "delete":
        (folder / "passage_tfs.npy").unlink()
    elif damage == "truncate":
        path = folder / "passage_postings.npy"
        path.write_bytes(path.read_bytes()[:-8])
    else:  # another index's files, or files of this one from before the title terms
        manifest = json.loads((folder / MANIFEST).read_text())
        if damage == "other index":
            manifest["passages"] = "1"
        else:
            manifest["search_layout"] = "3"
            (folder / "title_ids.npy").unlink()
            del manifest["files"]["title_ids.npy"]
        (folder / MANIFEST).write_text(json.dumps(manifest))
    with caplog.at_level(logging.WARNING):
        assert _hits(Engine(built, aliases_path=None).load()) == expected
    assert "index files unusable" in caplog.text
    report = build_index(built, corpus_dir, workers=1)
    assert report.version == 1  # nothing changed: same index, files written again
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert _hits(Engine(built, aliases_path=None).load()) == expected
    assert "index files unusable" not in caplog.text


class Interrupted(Exception):
    """Raised by the test hook to stop a build half way."""


def test_a_failed_build_leaves_the_old_files_serving(built: Path, corpus_dir: Path) -> None:
    from bot.engine import prepare_passages, search_arrays
    from retrieval.analyzer import ANALYZER_VERSION
    from storage.errors import BuildFailed
    from storage.index_writer import refresh_index

    expected, before = _hits(Engine(built, aliases_path=None).load()), _files(built)
    (corpus_dir / "new.txt").write_text("الدولة الإسلامية في العراق.\n\nفقرة أخرى.", "utf-8")

    def stop(position: int) -> None:
        raise Interrupted

    db = connect(built)
    with pytest.raises(BuildFailed):  # an unexpected error, reported as a failed build
        refresh_index(
            db,
            corpus_dir,
            prepare_passages,
            ANALYZER_VERSION,
            workers=1,
            before_document_write=stop,
            search_arrays=search_arrays(),
        )
    db.close()
    assert _files(built) == before and before.is_dir()
    assert _hits(Engine(built, aliases_path=None).load()) == expected


def test_a_searcher_keeps_its_snapshot_while_a_build_commits_and_files_are_pruned(
    built: Path, corpus_dir: Path
) -> None:
    engine = Engine(built, aliases_path=None)
    old = engine.load()
    expected = _hits(old)
    first = _files(built)
    for path in sorted(corpus_dir.iterdir()):
        path.write_text("نص جديد تماما عن موضوع آخر.\n\nفقرة ثانية.", "utf-8")
    build_index(built, corpus_dir, workers=1)
    build_index(built, corpus_dir, rebuild=True, workers=1)
    assert not first.exists()  # two builds later, the first folder is gone
    assert _hits(old) == expected  # still mapped, texts from its own read transaction
    fresh = Engine(built, aliases_path=None).load()
    assert fresh.version == 3 and _hits(fresh) != expected
    assert len(list(arrays_folder(built).iterdir())) == 2  # this index's and the one before
