"""A zip caught half-copied by a refresh keeps its documents from the last build (reported as not
ready) instead of leaving the index until the next refresh; a whole copy is then read again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from bot import texts
from bot.engine import Engine, build_index
from tests.helpers import seed_text

QUESTION = "من هو بلال الشواش؟"
ANSWER = "أبو ذر التونسي"
NEW_WORD = "القيروان"


def _zip(members: dict[str, str]) -> bytes:
    """A deflated zip of the given text members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _from_zip(engine: Engine, question: str) -> list[str]:
    """The cited documents of the zip's members for a question."""
    hits = engine.ask(question).answer.hits
    return [hit.document.path for hit in hits if hit.document.path.startswith("news.zip/")]


def test_a_half_copied_zip_keeps_its_documents_until_it_can_be_read(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "dalil.db"
    corpus.mkdir()
    (corpus / "other.txt").write_text(seed_text("004"), "utf-8")
    old = _zip({"a.txt": seed_text("000"), "b.txt": seed_text("001")})
    (corpus / "news.zip").write_bytes(old)
    build_index(db, corpus, workers=1)

    new = _zip({"a.txt": seed_text("000"), "c.txt": f"افتتحت في {NEW_WORD} مكتبة عامة جديدة. " * 5})
    (corpus / "news.zip").write_bytes(new[: len(new) // 2])  # the copy is half way
    report = build_index(db, corpus, workers=1)
    engine = Engine(db, aliases_path=None)
    engine.load()

    assert report.removed == [] and report.added == []
    [skipped] = report.skipped
    assert skipped.path == "news.zip" and skipped.reason.startswith("not ready")
    assert "its 2 documents from the last build are kept" in skipped.reason
    assert texts.skip_reason(skipped.reason).startswith("ملف zip لم يكتمل نسخه")
    assert _from_zip(engine, QUESTION)  # its documents still answer

    (corpus / "news.zip").write_bytes(new)  # the copy has ended
    report = build_index(db, corpus, workers=1)
    engine.load()
    assert report.added == ["news.zip/c.txt"] and report.removed == ["news.zip/b.txt"]
    assert report.skipped == []
    assert _from_zip(engine, f"مكتبة {NEW_WORD}") == ["news.zip/c.txt"]


def test_a_new_zip_that_cannot_be_read_is_skipped_as_before(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "dalil.db"
    corpus.mkdir()
    (corpus / "other.txt").write_text(seed_text("004"), "utf-8")
    whole = _zip({"a.txt": seed_text("000")})
    (corpus / "news.zip").write_bytes(whole[: len(whole) // 2])
    report = build_index(db, corpus, workers=1)
    [skipped] = report.skipped
    assert skipped.reason.startswith("not a valid zip file")
    assert report.added == ["other.txt"]
