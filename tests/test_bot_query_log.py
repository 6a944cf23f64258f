"""The query log the bot writes: salted user hashes, never raw ids; off when asked."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.journal import QuestionLog
from storage.database import connect
from storage.query_log import hash_user
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import logged_questions, running_bot, settings_for

USER = 4242


async def test_each_question_is_logged_with_a_salted_hash(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Time, hashed user, chat type, question, top document, score, abstention and latency."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("من هو بلال الشواش؟", user_id=USER)
        standin.push_text("ما عاصمة اليابان؟", user_id=USER, chat_id=-77, chat_type="group")
        standin.push_text("/ask ما عاصمة اليابان؟", user_id=USER, chat_id=-77, chat_type="group")
        await standin.wait_for("sendMessage", count=2)
        rows = await logged_questions(bot_db, 2)
    answered, unanswered = sorted(rows, key=lambda r: r["abstained"])
    assert answered["user_hash"] == hash_user(USER, "test-salt") == unanswered["user_hash"]
    assert answered["chat_type"] == "private" and unanswered["chat_type"] == "group"
    assert answered["question"] == "من هو بلال الشواش؟"
    assert answered["top_document"] == "000_fb920527ced1f061.txt"
    assert answered["top_score"] > 0 and answered["latency_ms"] > 0 and answered["asked_at"]
    assert unanswered["abstained"] == 1 and unanswered["top_document"] == ""
    assert all(value not in (USER, str(USER)) for row in rows for value in row.values())


async def test_logging_can_be_turned_off(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """DALIL_LOG_QUESTIONS=false: questions are answered and nothing is written."""
    settings = settings_for(standin, bot_db, corpus_dir, log_questions=False)
    async with running_bot(settings):
        standin.push_text("من هو بلال الشواش؟", user_id=USER)
        await standin.wait_for("sendMessage")
        await asyncio.sleep(0.2)
    db = connect(bot_db)
    try:
        assert db["query_log"].count == 0
    finally:
        db.close()


def test_without_a_configured_salt_one_is_created_and_kept(bot_db: Path) -> None:
    """The salt is generated once, kept in a file beside the index (not in it), and reused."""
    first = QuestionLog.open(bot_db, None, True)
    second = QuestionLog.open(bot_db, None, True)
    assert len(first.salt) == 32 and first.salt == second.salt
    assert first.user_hash(USER) == second.user_hash(USER) != hash_user(USER, "")
