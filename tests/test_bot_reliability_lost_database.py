"""The database deleted under the running bot: it keeps answering from the loaded index, says
so once (log and admins), never makes an empty database or a new salt in place of the lost ones,
and /reindex builds a new index with the same salt."""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from bot import texts
from bot.engine import Engine
from bot.index_watch import check_index
from bot.journal import QuestionLog
from storage.salt import salt_path
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID, USER_ID, running_bot, settings_for, texts_to

QUESTION = "من هو بلال الشواش؟"
ANSWER = "أبو ذر التونسي"


def _delete_database(db: Path) -> None:
    """Delete the database, its WAL files and its salt file, as `rm data/dalil.db*` would."""
    for suffix in ("", "-wal", "-shm", ".salt"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


async def test_a_deleted_database_is_not_made_again_and_the_loaded_index_keeps_answering(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, caplog
) -> None:
    caplog.set_level(logging.INFO)
    settings = dataclasses.replace(settings_for(standin, bot_db, corpus_dir), hash_salt=None)
    async with running_bot(settings) as app:
        standin.push_text(QUESTION, user_id=ADMIN_ID)
        await standin.wait_for("sendMessage")
        salt = salt_path(bot_db).read_text("ascii").strip()

        _delete_database(bot_db)
        standin.push_text(QUESTION, user_id=USER_ID)
        [answer] = await standin.wait_for("sendMessage", lambda m: m["chat_id"] == USER_ID)
        assert ANSWER in answer["text"]
        await check_index(app)
        await check_index(app)  # told once, not at every check
        [told] = await standin.wait_for("sendMessage", lambda m: "⚠️" in m["text"])
        standin.push_text("/stats", user_id=ADMIN_ID)
        await standin.wait_for("sendMessage", lambda m: m["text"].startswith("📊"))
        assert not bot_db.exists() and not salt_path(bot_db).exists()

        standin.push_text("/reindex", user_id=ADMIN_ID)
        [report] = await standin.wait_for("editMessageText")
        await check_index(app)
        standin.push_text(QUESTION, user_id=USER_ID)
        await standin.wait_for("sendMessage", lambda m: m["chat_id"] == USER_ID, count=2)

    assert told["chat_id"] == ADMIN_ID and told["text"].startswith(texts.DATABASE_LOST[:30])
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and "is gone" in errors[0] and "no empty database" in errors[0]
    assert texts.APOLOGY not in texts_to(standin, ADMIN_ID) + texts_to(standin, USER_ID)
    assert report["text"].startswith("✅")
    assert salt_path(bot_db).read_text("ascii").strip() == salt  # the same salt, not a new one
    assert [r.getMessage() for r in caplog.records if "database is back" in r.getMessage()]


def test_a_lost_salt_file_beside_logged_hashes_is_made_anew_with_a_warning(
    bot_db: Path, caplog
) -> None:
    """With the bot stopped nobody holds the old salt: a new one is made, and the log says the
    hashes already logged no longer match new ones."""
    caplog.set_level(logging.WARNING)
    first = QuestionLog.open(bot_db, None, enabled=True)
    first.record(USER_ID, "private", QUESTION, Engine(bot_db, aliases_path=None).ask(QUESTION))
    salt_path(bot_db).unlink()
    second = QuestionLog.open(bot_db, None, enabled=True)
    [warning] = [r.getMessage() for r in caplog.records if "salt file" in r.getMessage()]
    assert "is missing: a new salt is made" in warning and second.salt != first.salt
    assert salt_path(bot_db).read_text("ascii").strip() == second.salt
