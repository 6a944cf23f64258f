"""Reading a corpus folder: good files indexed, bad files reported by name with a reason."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.engine import prepare_passages
from retrieval.analyzer import ANALYZER_VERSION
from storage.corpus_reader import (
    TITLE_MAX_CHARS,
    UnreadableSource,
    decode_text,
    list_sources,
    read_source,
    title_of,
)
from storage.database import connect
from storage.errors import CorpusNotFound
from storage.index_writer import refresh_index
from tests.helpers import SEEDS, seed_text

LIMIT = 64 * 1024


@pytest.fixture
def mixed_corpus(tmp_path: Path) -> Path:
    """Two good seeds next to a latin-1, an empty, a binary and an over-the-limit file."""
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("000_fb920527ced1f061.txt", "002_476f01dcf6f69fd9.txt"):
        shutil.copy(SEEDS / name, root / name)
    (root / "latin1.txt").write_bytes("Résumé des événements à Idlib".encode("latin-1"))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "huge.txt").write_text(seed_text("003") * 3, encoding="utf-8")
    (root / "notes.xlsx").write_bytes(b"%PDF-1.4 not a corpus file")
    return root


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    """A new database, closed after the test."""
    database = connect(tmp_path / "dalil.db")
    yield database
    database.close()


def test_bad_files_are_reported_by_name_with_their_reason(mixed_corpus: Path, db: Database) -> None:
    assert (mixed_corpus / "huge.txt").stat().st_size > LIMIT
    report = refresh_index(
        db, mixed_corpus, prepare_passages, ANALYZER_VERSION, workers=1, max_bytes=LIMIT
    )
    assert sorted(report.added) == ["000_fb920527ced1f061.txt", "002_476f01dcf6f69fd9.txt"]
    assert report.documents == 2
    reasons = {skipped.path: skipped.reason for skipped in report.skipped}
    assert set(reasons) == {"latin1.txt", "empty.txt", "binary.txt", "huge.txt"}
    assert "UTF-8" in reasons["latin1.txt"] and "0xE9" in reasons["latin1.txt"]
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "larger than" in reasons["huge.txt"] and "0.0625 MB" in reasons["huge.txt"]
    assert "notes.xlsx" not in reasons  # not a corpus file type: silently ignored
    stored = {row[0] for row in db.execute("select path from documents")}
    assert stored == set(report.added)


def test_bad_files_are_reported_again_on_the_next_refresh(mixed_corpus: Path, db: Database) -> None:
    refresh_index(db, mixed_corpus, prepare_passages, ANALYZER_VERSION, workers=1, max_bytes=LIMIT)
    again = refresh_index(
        db, mixed_corpus, prepare_passages, ANALYZER_VERSION, workers=1, max_bytes=LIMIT
    )
    assert again.added == [] and again.unchanged == 2
    assert {s.path for s in again.skipped} == {"latin1.txt", "empty.txt", "binary.txt", "huge.txt"}


def test_a_bad_file_that_is_fixed_is_indexed(mixed_corpus: Path, db: Database) -> None:
    refresh_index(db, mixed_corpus, prepare_passages, ANALYZER_VERSION, workers=1, max_bytes=LIMIT)
    (mixed_corpus / "empty.txt").write_text("بيان الهيئة الشرعية في حلب", encoding="utf-8")
    report = refresh_index(
        db, mixed_corpus, prepare_passages, ANALYZER_VERSION, workers=1, max_bytes=LIMIT
    )
    assert report.added == ["empty.txt"]
    assert "empty.txt" not in {s.path for s in report.skipped}


def test_utf8_with_bom_and_crlf_is_read_as_plain_text(tmp_path: Path) -> None:
    lines = ["الهيئة الشرعية في حلب", "دعت الهيئة إلى الاحتكام لكتاب الله.", "", "فقرة ثانية."]
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    sources, skipped = list_sources(tmp_path)
    assert skipped == []
    [document] = read_source(sources[0]).documents
    assert document.text == "\n".join(lines)
    assert "\r" not in document.text and "\ufeff" not in document.text
    assert document.title == "الهيئة الشرعية في حلب"
    passages = [p.text for p in prepare_passages(document.text)]
    assert passages == [line for line in lines if line]


def test_old_mac_line_ends_are_read_as_lines() -> None:
    assert decode_text("سطر أول\rسطر ثان".encode()) == "سطر أول\nسطر ثان"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\n", "empty"),
        ("café".encode("latin-1"), "UTF-8"),
        (b"\x00\x01\x02abc", "binary"),
        (bytes(range(1, 32)) * 20, "binary"),
    ],
)
def test_unreadable_bytes_raise_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableSource, match=reason):
        decode_text(data)


def test_title_is_the_first_line_when_short() -> None:
    text = seed_text("004")
    first_line = text.splitlines()[0].strip()
    assert len(first_line) <= TITLE_MAX_CHARS
    assert title_of(text) == first_line


def test_long_first_line_is_cut_at_a_word_boundary() -> None:
    line = seed_text("000").strip()
    assert len(line) > TITLE_MAX_CHARS
    title = title_of(line)
    assert len(title) <= TITLE_MAX_CHARS
    assert title.endswith("…")
    kept = title[:-1]
    assert line.startswith(kept)
    # the next character of the line after what was kept ends a word
    rest = line[len(kept) :]
    assert rest[0] in " ،,.:;"
    assert kept.split() == line[: len(kept)].split()
    assert not kept[-1].isspace()


def test_title_ignores_leading_blank_lines() -> None:
    assert title_of("\n\n  عنوان الخبر  \nنص الخبر") == "عنوان الخبر"


def test_missing_corpus_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CorpusNotFound, match="does not exist"):
        list_sources(tmp_path / "nowhere")


def test_hidden_files_and_other_types_are_ignored(tmp_path: Path) -> None:
    (tmp_path / ".hidden.txt").write_text("مخفي", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(b"\x89PNG")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "article.md").write_text("مقال", encoding="utf-8")
    sources, skipped = list_sources(tmp_path)
    assert [s.path for s in sources] == ["sub/article.md"]
    assert skipped == []
