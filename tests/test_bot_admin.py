"""End to end: /reindex, file uploads and /stats, for admins and for everyone else."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import texts
from bot.engine import Engine
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import (
    ADMIN_ID,
    USER_ID,
    bot_message,
    buttons,
    logged_questions,
    running_bot,
    settings_for,
    texts_to,
)
from tests.support.office_files import scanned_pdf, text_pdf, web_page, word_file

ARTICLE = (
    "أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة تضم عشرين ألف كتاب في التاريخ والأدب.\n\n"
    "وقال رئيس البلدية إن المكتبة القيروانية ستفتح أبوابها للطلاب مجانًا طوال أيام الأسبوع.\n"
)


async def test_reindex_is_for_admins_only(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, caplog
) -> None:
    """A non-admin is refused politely and the refusal is logged without the raw user id."""
    caplog.set_level(logging.WARNING, logger="bot")
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("/reindex", user_id=USER_ID)
        [reply] = await standin.wait_for("sendMessage")
    assert reply["text"] == texts.NOT_ADMIN
    [record] = [r for r in caplog.records if "refused /reindex" in r.getMessage()]
    assert str(USER_ID) not in record.getMessage()


async def test_admin_reindex_reports_what_changed(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Added, removed and skipped files (with the reason), totals and seconds are reported."""
    (corpus_dir / "new_article.txt").write_text(ARTICLE, encoding="utf-8")
    (corpus_dir / "broken.txt").write_bytes("نص عربي".encode("cp1256"))
    (corpus_dir / "004_2c5a21b05fd5e448.txt").unlink()
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("/reindex", user_id=ADMIN_ID)
        [started] = await standin.wait_for("sendMessage")
        [report] = await standin.wait_for("editMessageText")
        standin.push_text("مكتبة القيروان")
        [_, answer] = await standin.wait_for("sendMessage", count=2)
    assert started["text"] == texts.REINDEX_STARTED
    text = report["text"]
    assert telegram_html_problem(text) is None
    assert text.startswith("✅")
    assert f"{texts.REINDEX_ADDED}: 1" in text and "<code>new_article.txt</code>" in text
    assert f"{texts.REINDEX_REMOVED}: 1" in text and "<code>004_2c5a21b05fd5e448.txt</code>" in text
    assert f"<code>broken.txt</code>: {texts.skip_reason('not valid UTF-8')}" in text
    assert "المجموع: 5 وثائق" in text and "ثانية" in text
    assert "📄 أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة" in answer["text"]


async def test_second_reindex_is_told_one_is_running_while_answers_go_on(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """While a build runs, /reindex says so and questions are still answered."""
    engine = Engine(bot_db)
    engine.load()
    release, entered = threading.Event(), threading.Event()

    def hold(stage: str, done: int, total: int) -> None:
        entered.set()
        release.wait(10)

    builder = threading.Thread(target=engine.reindex, args=(corpus_dir,), kwargs={"progress": hold})
    builder.start()
    try:
        assert await asyncio.to_thread(entered.wait, 10)
        async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
            standin.push_text("/reindex", user_id=ADMIN_ID)
            standin.push_text("من هو بلال الشواش؟")
            await standin.wait_for("sendMessage", count=2)
            assert texts_to(standin, ADMIN_ID) == [texts.REINDEX_RUNNING]
            assert texts_to(standin, USER_ID)[0].startswith(texts.ANSWER_HEADER)
    finally:
        release.set()
        builder.join(10)


async def test_admin_upload_is_saved_indexed_and_answerable(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """A good .txt from an admin lands in the corpus, is indexed and its passages are counted."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(ARTICLE.encode(), "مكتبة القيروان.txt", user_id=ADMIN_ID)
        [reply] = await standin.wait_for("sendMessage")
        standin.push_text("مكتبة القيروان")
        [_, answer] = await standin.wait_for("sendMessage", count=2)
    assert (corpus_dir / "مكتبة القيروان.txt").read_text(encoding="utf-8") == ARTICLE
    assert reply["text"] == texts.UPLOAD_DONE.format(
        name="<code>مكتبة القيروان.txt</code>", passages=texts.passages_added(2)
    )
    assert "📄 أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة" in answer["text"]


@pytest.mark.parametrize(
    ("name", "make", "question", "cited"),
    [
        ("تقرير.pdf", text_pdf, "مركز أبحاث السكري في الطائف", "📄 تقرير وزارة الصحة — الصفحة 2، "),
        ("عيادات.docx", word_file, "عيادة طب الأسنان في الدمام", "📄 دليل العيادات — "),
        ("متحف.html", web_page, "كم لوحة في متحف الخط العربي", "📄 افتتاح متحف الخط العربي — "),
    ],
)
async def test_uploaded_documents_are_indexed_and_cited_by_page_or_paragraph(
    standin: BotApiStandIn,
    bot_db: Path,
    corpus_dir: Path,
    name: str,
    make: Callable[[], bytes],
    question: str,
    cited: str,
) -> None:
    """A PDF, Word file or web page from an admin is saved, indexed and answers questions."""
    data = make()
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(data, name, user_id=ADMIN_ID, mime_type="application/octet-stream")
        [reply] = await standin.wait_for("sendMessage")
        standin.push_text(question)
        [_, answer] = await standin.wait_for("sendMessage", count=2)
    assert (corpus_dir / name).read_bytes() == data
    assert reply["text"].startswith("✅") and f"<code>{name}</code>" in reply["text"]
    assert telegram_html_problem(answer["text"]) is None
    assert cited + texts.PASSAGE_LABEL in answer["text"]


async def test_bad_uploads_are_rejected_with_the_reason(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    """Traversal names, non-UTF-8 bytes, non-Arabic text and other types are refused."""
    uploads = [
        ("../evil.txt", ARTICLE.encode(), texts.REASON_BAD_NAME),
        ("..\\evil.txt", ARTICLE.encode(), texts.REASON_BAD_NAME),
        ("cp1256.txt", ARTICLE.encode("cp1256"), texts.REASON_NOT_UTF8),
        ("english.md", b"Just an English note, no Arabic at all. " * 5, texts.REASON_NOT_ARABIC),
        ("article.xlsx", ARTICLE.encode(), texts.REASON_EXTENSION),
        ("article.pdf", ARTICLE.encode(), texts.REASON_UNREADABLE),
        ("scan.pdf", scanned_pdf(), texts.REASON_SCANNED),
    ]
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        for name, data, _ in uploads:
            standin.push_document(data, name, user_id=ADMIN_ID)
        replies = await standin.wait_for("sendMessage", count=len(uploads))
    sent = [r["text"] for r in replies]
    for name, _, reason in uploads:
        assert sum(f"<code>{name}</code>" in text and reason in text for text in sent) == 1
    assert not (tmp_path / "evil.txt").exists() and not (corpus_dir.parent / "evil.txt").exists()
    assert sorted(p.name for p in corpus_dir.iterdir()) == sorted(
        p.name for p in (Path(__file__).parent.parent / "seeds").iterdir()
    )
    assert all(telegram_html_problem(r["text"]) is None for r in replies)


async def test_replacing_a_file_needs_confirmation(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """An upload over an existing file asks first; «استبدال الملف» replaces it and reindexes."""
    (corpus_dir / "note.txt").write_text(ARTICLE, encoding="utf-8")
    changed = ARTICLE + "\nوأضافت البلدية قاعة مطالعة للأطفال في المكتبة الجديدة.\n"
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(changed.encode(), "note.txt", user_id=ADMIN_ID)
        [question] = await standin.wait_for("sendMessage")
        assert (corpus_dir / "note.txt").read_text(encoding="utf-8") == ARTICLE
        replace, cancel = buttons(question)
        message_id = bot_message(standin, "يوجد في المصادر")["message_id"]
        standin.push_callback(replace["callback_data"], message_id=message_id, user_id=USER_ID)
        [refused] = await standin.wait_for("answerCallbackQuery")
        standin.push_callback(replace["callback_data"], message_id=message_id, user_id=ADMIN_ID)
        [_, done] = await standin.wait_for("sendMessage", count=2)
        standin.push_callback(cancel["callback_data"], message_id=message_id, user_id=ADMIN_ID)
        await standin.wait_for("answerCallbackQuery", count=3)
    assert refused["text"] == texts.STALE_BUTTON
    assert (corpus_dir / "note.txt").read_text(encoding="utf-8") == changed
    assert done["text"].startswith("✅") and "<code>note.txt</code>" in done["text"]


async def test_uploads_from_non_admins_are_refused(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Anyone else who sends a file is thanked and refused; nothing is saved."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(ARTICLE.encode(), "mine.txt", user_id=USER_ID)
        [reply] = await standin.wait_for("sendMessage")
    assert reply["text"] == texts.UPLOAD_ONLY_ADMINS
    assert not (corpus_dir / "mine.txt").exists()


async def test_stats_for_users_and_admins(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Everyone sees the index; admins also see today's questions and the unanswered ones."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("من هو بلال الشواش؟")
        standin.push_text("ما عاصمة اليابان؟")
        await standin.wait_for("sendMessage", count=2)
        assert len(await logged_questions(bot_db, 2)) == 2
        standin.push_text("/stats", user_id=USER_ID)
        standin.push_text("/stats", user_id=ADMIN_ID)
        await standin.wait_for("sendMessage", count=4)
    [user_stats] = [t for t in texts_to(standin, USER_ID) if t.startswith(texts.STATS_TITLE)]
    [admin_stats] = texts_to(standin, ADMIN_ID)
    for text in (user_stats, admin_stats):
        assert f"{texts.STATS_DOCUMENTS}: 5" in text and f"{texts.STATS_PASSAGES}: 130" in text
        assert texts.STATS_BUILT in text and "UTC" in text
    assert texts.STATS_TODAY not in user_stats and "اليابان" not in user_stats
    assert f"{texts.STATS_TODAY}: 2" in admin_stats
    assert "ما عاصمة اليابان؟" in admin_stats and "بلال" not in admin_stats
