"""Admin document commands: /docs lists what is indexed, /remove moves a file to the trash."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot import texts
from bot.engine import build_index
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import (
    ADMIN_ID,
    USER_ID,
    bot_message,
    buttons,
    running_bot,
    settings_for,
)
from tests.support.news_archive import syndicated_archive
from tests.test_bot_follow_up import VISIT_TITLE

REMOVED = "001_fc843bc12e8cb1da.txt"
VISIT = "من زار بلدة الهبيط؟"  # answered from 001_… only


async def test_docs_counts_per_source_shows_the_newest_and_finds_files_by_name(
    standin: BotApiStandIn, tmp_path: Path
) -> None:
    corpus = syndicated_archive(tmp_path / "news")
    build_index(tmp_path / "dalil.db", corpus, workers=1)
    async with running_bot(settings_for(standin, tmp_path / "dalil.db", corpus)):
        standin.push_text("/docs", user_id=ADMIN_ID)
        standin.push_text("/docs 2015-08", user_id=ADMIN_ID)
        standin.push_text("/docs xlsx", user_id=ADMIN_ID)
        standin.push_text("/stats", user_id=USER_ID)
        standin.push_text("/docs", user_id=USER_ID)
        replies = await standin.wait_for("sendMessage", count=5)
    overview, found, none, stats, refused = (r["text"] for r in replies)
    for text in (overview, found, none, stats):
        assert telegram_html_problem(text) is None
    assert overview.startswith("🗂 <b>الوثائق المفهرسة</b>: 30 وثيقة")
    assert "• عكاظ: 3" in overview and "• المدينة: 1" in overview
    newest = overview.split(texts.DOCS_NEWEST)[1].splitlines()[1]
    assert newest.startswith("• ") and "2 أغسطس 2015" in newest
    assert "<code>2015-08-01.zip</code>" in found and "<code>2015-08-02.zip</code>" in found
    assert "2015-07-30.zip" not in found
    assert none == texts.DOCS_NONE_FOUND.format(query="xlsx")
    assert f"{texts.STATS_PER_SOURCE}:" in stats and "• عكاظ: 3" in stats
    assert refused == texts.NOT_ADMIN


async def test_remove_asks_then_moves_the_file_to_the_trash_and_reindexes(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(f"/remove {REMOVED}", user_id=ADMIN_ID)
        [question] = await standin.wait_for("sendMessage")
        assert (corpus_dir / REMOVED).exists()
        remove, _ = buttons(question)
        message_id = bot_message(standin, "هل تريد حذف")["message_id"]
        standin.push_callback(remove["callback_data"], message_id=message_id, user_id=USER_ID)
        [refused] = await standin.wait_for("answerCallbackQuery")
        standin.push_callback(remove["callback_data"], message_id=message_id, user_id=ADMIN_ID)
        await standin.wait_for("editMessageText", lambda p: p["text"].startswith("🗑"), timeout=15)
        standin.push_text(VISIT)
        await standin.wait_for("sendMessage", count=2)
    assert refused["text"] == texts.STALE_BUTTON
    assert not (corpus_dir / REMOVED).exists()
    assert (corpus_dir / ".trash" / REMOVED).exists()
    [done] = [p for name, p in standin.calls if name == "editMessageText" and "🗑" in p["text"]]
    assert telegram_html_problem(done["text"]) is None
    assert f"<code>{REMOVED}</code>" in done["text"] and "وثيقة واحدة" in done["text"]
    answer = [p for name, p in standin.calls if name == "sendMessage"][-1]["text"]
    assert VISIT_TITLE not in answer  # the removed article is no longer cited


async def test_remove_can_be_cancelled_and_refuses_unknown_or_unsafe_names(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside.txt"
    shutil.copy(corpus_dir / REMOVED, outside)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(f"/remove {REMOVED}", user_id=ADMIN_ID)
        [question] = await standin.wait_for("sendMessage")
        _, cancel = buttons(question)
        message_id = bot_message(standin, "هل تريد حذف")["message_id"]
        standin.push_callback(cancel["callback_data"], message_id=message_id, user_id=ADMIN_ID)
        await standin.wait_for("editMessageText")
        for name in ("nothing.txt", "../outside.txt", "/etc/passwd", ""):
            standin.push_text(f"/remove {name}".strip(), user_id=ADMIN_ID)
        replies = await standin.wait_for("sendMessage", count=5)
        standin.push_text(f"/remove {REMOVED}", user_id=USER_ID)
        await standin.wait_for("sendMessage", count=6)
    assert (corpus_dir / REMOVED).exists() and outside.exists()
    [cancelled] = [p for name, p in standin.calls if name == "editMessageText"]
    assert cancelled["text"] == texts.REMOVE_CANCELLED.format(name=f"<code>{REMOVED}</code>")
    unknown = [r["text"] for r in replies[1:4]]
    assert all(t.startswith("لا يوجد في المصادر ملف بالاسم") for t in unknown)
    assert replies[4]["text"] == texts.REMOVE_USAGE
    assert [p for name, p in standin.calls if name == "sendMessage"][-1]["text"] == texts.NOT_ADMIN
