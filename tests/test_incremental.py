"""Refreshing an index re-analyzes only changed documents and never re-reads unchanged files."""

from __future__ import annotations

import json
import os
import threading
import zipfile
from pathlib import Path

import numpy as np
import pytest

from bot.engine import Engine, build_index, prepare_passages
from retrieval.analyzer import ANALYZER_VERSION
from storage.database import connect
from storage.index_writer import PreparedPassage, refresh_index
from storage.parallel_analysis import start_method
from storage.snapshot import load_index
from tests.helpers import SEEDS, seed_text


class CountingPrepare:
    """Dalil's passage preparation, remembering every text it was given."""

    def __init__(self) -> None:
        """Start with no texts seen."""
        self.texts: list[str] = []

    def __call__(self, text: str, title: str = "") -> list[PreparedPassage]:
        """Prepare the text and remember it."""
        self.texts.append(text)
        return prepare_passages(text, title)


def _articles(count: int, changed: int | None = None) -> list[dict]:
    """Numbered articles made of seed paragraphs; article `changed` gets one more sentence."""
    paragraphs = [p for n in ("000", "002", "004") for p in seed_text(n).split("\n") if p.strip()]
    articles = []
    for number in range(count):
        content = "\n".join(paragraphs[(number * 3 + i) % len(paragraphs)] for i in range(3))
        if number == changed:
            content += "\nوأعلن المرصد عن مقتل قائد ميداني جديد."
        articles.append({"title": f"خبر {number}", "content": content, "source": "test"})
    return articles


def _write_zip(path: Path, articles: list[dict]) -> None:
    """A zip holding the articles as one JSON array."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("articles.json", json.dumps(articles, ensure_ascii=False))


def _zip_corpus(tmp_path: Path, **counts: int) -> Path:
    """A corpus folder holding, for each name=count, name.zip with that many articles."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, count in counts.items():
        _write_zip(corpus / f"{name}.zip", _articles(count))
    return corpus


def _refresh(db_path: Path, corpus: Path, prepare=prepare_passages, workers: int = 1):
    """Refresh the index of corpus in the database at db_path."""
    db = connect(db_path)
    try:
        return refresh_index(db, corpus, prepare, ANALYZER_VERSION, workers=workers)
    finally:
        db.close()


def _snapshot(db_path: Path) -> tuple[dict, list, dict]:
    """Stored vocabulary, passages per document path in order, and their term strings."""
    db = connect(db_path)
    try:
        stored = load_index(db)
    finally:
        db.close()
    names = {i: t for t, i in stored.vocabulary.items()}
    starts = np.concatenate(([0], np.cumsum(stored.lengths)))
    terms = {}
    for n, (document, number, _, _, text) in enumerate(stored.passages):
        ids = stored.token_ids[starts[n] : starts[n + 1]]
        terms[(stored.documents[document].path, number)] = (text, [names[int(i)] for i in ids])
    order = [(stored.documents[d].path, number) for d, number, *_ in stored.passages]
    return stored.vocabulary, order, terms


def test_only_the_changed_record_of_an_archive_is_analyzed_again(tmp_path: Path) -> None:
    corpus = _zip_corpus(tmp_path, a=6, b=4)
    db_path = tmp_path / "dalil.db"
    _refresh(db_path, corpus)
    vocabulary_before, _, _ = _snapshot(db_path)
    _write_zip(corpus / "a.zip", _articles(6, changed=2))
    counting = CountingPrepare()
    report = _refresh(db_path, corpus, counting)
    assert report.changed == ["a.zip/articles.json#3"]
    assert report.added == report.removed == []
    assert report.unchanged == 9
    assert len(counting.texts) == 1 and counting.texts[0].endswith("قائد ميداني جديد.")
    vocabulary, order, terms = _snapshot(db_path)
    # old terms keep their ids; the new sentence's new terms come after them
    assert {t: vocabulary[t] for t in vocabulary_before} == vocabulary_before
    assert sorted(vocabulary.values()) == list(range(len(vocabulary)))
    # passages still run document by document in number order, and match a fresh build
    fresh = tmp_path / "fresh.db"
    build_index(fresh, corpus, workers=1)
    _, fresh_order, fresh_terms = _snapshot(fresh)
    assert sorted(order) == sorted(fresh_order) and terms == fresh_terms
    documents = [path for path, _ in order]
    assert all(documents.index(p) <= i for i, p in enumerate(documents))
    assert documents.count("a.zip/articles.json#3") == len(
        [key for key in order if key[0] == "a.zip/articles.json#3"]
    )
    for path in set(documents):
        numbers = [number for p, number in order if p == path]
        assert numbers == sorted(numbers)


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "note.txt"
    path.write_text("الهيئة الشرعية في حلب", encoding="utf-8")
    db_path = tmp_path / "dalil.db"
    _refresh(db_path, corpus)
    stat = path.stat()
    # same size, same modification time, different words: a refresh that read it would see
    path.write_text("الهيئة الشرعية في حمص", encoding="utf-8")
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    counting = CountingPrepare()
    report = _refresh(db_path, corpus, counting)
    assert report.unchanged == 1 and report.changed == [] and counting.texts == []
    _, _, terms = _snapshot(db_path)
    assert terms[("note.txt", 1)][0] == "الهيئة الشرعية في حلب"


def test_a_removed_record_leaves_the_index(tmp_path: Path) -> None:
    corpus = _zip_corpus(tmp_path, a=5)
    db_path = tmp_path / "dalil.db"
    _refresh(db_path, corpus)
    _write_zip(corpus / "a.zip", _articles(4))
    counting = CountingPrepare()
    report = _refresh(db_path, corpus, counting)
    assert report.removed == ["a.zip/articles.json#5"] and counting.texts == []
    _, order, _ = _snapshot(db_path)
    assert "a.zip/articles.json#5" not in {path for path, _ in order}


def test_worker_processes_build_the_same_index_as_one_process(tmp_path: Path) -> None:
    corpus = _zip_corpus(tmp_path, many=450)
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    build_index(one, corpus, workers=1)
    report = build_index(many, corpus, workers=2)
    assert report.documents == 450
    assert _snapshot(one) == _snapshot(many)


def test_workers_started_beside_other_threads_are_not_forked_and_build_the_same_index(
    tmp_path: Path,
) -> None:
    corpus = _zip_corpus(tmp_path, many=450)
    one, many = tmp_path / "one.db", tmp_path / "many.db"
    build_index(one, corpus, workers=1)
    seen: list[object] = []

    def reindex() -> None:
        seen.append(start_method())
        seen.append(build_index(many, corpus, workers=2))

    thread = threading.Thread(target=reindex)
    thread.start()
    thread.join(timeout=120)
    assert seen[0] == "forkserver"  # a forked child could hang on a lock the other thread held
    assert seen[1].documents == 450
    assert _snapshot(one) == _snapshot(many)


def test_questions_are_answered_while_a_reindex_runs_in_another_thread(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in SEEDS.glob("*.txt"):
        (corpus / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    _write_zip(corpus / "news.zip", _articles(30))
    engine = Engine(tmp_path / "dalil.db", aliases_path=None)
    engine.reindex(corpus)
    before = engine.ask("من هو بلال الشواش؟").answer
    _write_zip(corpus / "news.zip", _articles(30, changed=7))
    finished = threading.Event()
    reports = []

    def reindex() -> None:
        reports.append(engine.reindex(corpus))
        finished.set()

    thread = threading.Thread(target=reindex)
    thread.start()
    answers = []
    while not finished.is_set() or len(answers) < 3:
        answers.append(engine.ask("من هو بلال الشواش؟").answer)
    thread.join()
    assert reports[0] is not None and reports[0].changed == ["news.zip/articles.json#8"]
    assert {a.index_version for a in answers} <= {before.index_version, reports[0].version}
    assert all(a.hits[0].passage_text == before.hits[0].passage_text for a in answers)
    assert engine.ask("مقتل قائد ميداني جديد").answer.index_version == reports[0].version


def test_passages_load_in_document_order_whatever_their_row_order(tmp_path: Path) -> None:
    corpus = _zip_corpus(tmp_path, a=5)
    db_path = tmp_path / "dalil.db"
    _refresh(db_path, corpus)
    _, order, terms = _snapshot(db_path)
    db = connect(db_path)
    with db.conn:  # move the first document's passages to the end of the table
        db.execute("update passages set id = id + 1000000 where document_id = 1")
    db.close()
    assert _snapshot(db_path)[1:] == (order, terms)


def test_an_index_built_by_another_analyzer_still_answers_and_says_to_rebuild(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(seed_text("000"), encoding="utf-8")
    db_path = tmp_path / "index.db"
    db = connect(db_path)
    refresh_index(db, corpus, prepare_passages, "1-older", workers=1)
    db.close()
    with caplog.at_level("WARNING", logger="bot.engine"):
        answer = Engine(db_path, aliases_path=None).ask("من هو بلال الشواش؟").answer
    assert not answer.abstained
    assert "dalil index" in caplog.text and "1-older" in caplog.text
    build_index(db_path, corpus, workers=1)
    caplog.clear()
    with caplog.at_level("WARNING", logger="bot.engine"):
        Engine(db_path, aliases_path=None).load()
    assert caplog.text == ""
