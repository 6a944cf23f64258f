"""Article archives: JSON arrays, JSON lines and zip files of them, each record a document."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import build_index, corpus_from
from retrieval.search import Searcher
from storage.database import connect
from storage.snapshot import load_index
from tests.helpers import seed_text

QUESTION = "من هو بلال الشواش؟"
URL = "https://example.com/news/123?lang=ar"


def _records() -> list:
    """Two articles with text (one as content, one as text), three records without any."""
    return [
        {
            "title": "مقتل قيادي في ريف حلب",
            "content": seed_text("000"),
            "url": URL,
            "date_extracted": "2015-07-21 02:51:32",
            "source": "aawsat",
            "author": "حلب: مراسلنا",
        },
        {"title": "خبر ثان", "text": seed_text("004"), "date": "2015-07-22"},
        {"title": "عنوان بلا نص", "url": "https://example.com/empty"},
        {"title": "نص فارغ", "content": "  \n "},
        "ليس سجلا",
    ]


def _jsonl(records: list) -> str:
    """Records as JSON lines, with a blank line in between."""
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n"


def _stored(db_path: Path) -> dict:
    """Stored documents by path: title, source, url, date, author."""
    db = connect(db_path)
    try:
        rows = db.execute("select path, title, source, url, date, author from documents")
        return {path: rest for path, *rest in rows}
    finally:
        db.close()


def test_a_json_array_makes_one_document_per_record_and_counts_the_rest(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.json").write_text(json.dumps(_records(), ensure_ascii=False), "utf-8")
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert sorted(report.added) == ["news.json#1", "news.json#2"]
    assert report.skipped_records == 3 and report.skipped == []
    stored = _stored(tmp_path / "dalil.db")
    assert stored["news.json#1"] == [
        "مقتل قيادي في ريف حلب",
        "aawsat",
        URL,
        "2015-07-21",
        "حلب: مراسلنا",
    ]
    assert stored["news.json#2"][0] == "خبر ثان" and stored["news.json#2"][3] == "2015-07-22"


def test_json_lines_and_an_articles_object_are_read_too(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "feed.jsonl").write_text(_jsonl(_records()), "utf-8")
    articles = {"articles": [{"content": "الهيئة الشرعية في حلب تدعو إلى الاحتكام."}]}
    (corpus / "wrapped.json").write_text(json.dumps(articles, ensure_ascii=False), "utf-8")
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert sorted(report.added) == ["feed.jsonl#1", "feed.jsonl#2", "wrapped.json#1"]
    assert report.skipped_records == 3
    # a record without a title is titled by its first line
    assert _stored(tmp_path / "dalil.db")["wrapped.json#1"][0] == articles["articles"][0]["content"]


def test_a_zip_of_archives_and_text_files_is_read_as_it_is(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with zipfile.ZipFile(corpus / "2015-07-21.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("day/2015-07-21.json", json.dumps(_records(), ensure_ascii=False))
        archive.writestr("day/extra.jsonl", _jsonl(_records()[1:3]))
        archive.writestr("notes.txt", seed_text("002"))
        archive.writestr("broken.json", "[{not json")
        archive.writestr("image.png", b"\x89PNG")
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert sorted(report.added) == [
        "2015-07-21.zip/day/2015-07-21.json#1",
        "2015-07-21.zip/day/2015-07-21.json#2",
        "2015-07-21.zip/day/extra.jsonl#1",
        "2015-07-21.zip/notes.txt",
    ]
    # three records without text in the array and one in the lines; the broken member is named
    assert report.skipped_records == 4
    assert [(s.path, "JSON" in s.reason) for s in report.skipped] == [
        ("2015-07-21.zip/broken.json", True)
    ]
    stored = _stored(tmp_path / "dalil.db")
    assert stored["2015-07-21.zip/day/2015-07-21.json#1"][1:3] == ["aawsat", URL]


def test_an_archive_that_is_not_json_is_skipped_with_its_reason(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad.json").write_text('[{"content": "نص"', "utf-8")
    (corpus / "good.jsonl").write_text(_jsonl(_records()[:1]), "utf-8")
    report = build_index(tmp_path / "dalil.db", corpus, workers=1)
    assert report.added == ["good.jsonl#1"]
    assert [(s.path, "JSON" in s.reason) for s in report.skipped] == [("bad.json", True)]


def test_an_answer_from_an_archive_cites_title_source_date_and_url(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with zipfile.ZipFile(corpus / "news.zip", "w") as archive:
        archive.writestr("news.json", json.dumps(_records(), ensure_ascii=False))
    db_path = tmp_path / "dalil.db"
    build_index(db_path, corpus, workers=1)
    db = connect(db_path)
    answer = Searcher(corpus_from(load_index(db))).search(QUESTION, top_k=1)
    db.close()
    [hit] = answer.hits
    assert (hit.document.title, hit.document.source, hit.document.url) == (
        "مقتل قيادي في ريف حلب",
        "aawsat",
        URL,
    )
    assert hit.document.date == "2015-07-21"  # the day, not the scraping time


def test_dalil_ask_prints_the_archive_citation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "news.json").write_text(json.dumps(_records(), ensure_ascii=False), "utf-8")
    db = str(tmp_path / "dalil.db")
    assert main(["--db", db, "index", "--source", str(corpus), "--quiet"]) == 0
    assert "skipped 3 archive records without text" in capsys.readouterr().out
    assert main(["--db", db, "ask", QUESTION, "--top-k", "1"]) == 0
    out = capsys.readouterr().out
    for shown in ("مقتل قيادي في ريف حلب", "الشرق الأوسط", "21 يوليو 2015", URL):
        assert shown in out
    assert "02:51" not in out and "news.json" not in out
