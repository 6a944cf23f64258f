"""State that survives a restart of the Application: «المزيد», follow-ups, pending uploads."""

from __future__ import annotations

import pickle
import time
from pathlib import Path

from bot import texts
from bot.persistence import ChatStatePersistence, state_path
from storage.chat_state import ChatStateStore
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID, bot_message, buttons, running_bot, settings_for
from tests.test_bot_follow_up import FOLLOW_UP, VISIT, VISIT_TITLE, first_citation


def more_button(message: dict) -> dict:
    """The «المزيد» button under a message."""
    [more] = [b for b in buttons(message) if b["text"] == texts.MORE_BUTTON]
    return more


async def test_more_works_before_and_after_a_restart(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Press «المزيد», restart the bot, press the next «المزيد»: both send the next page."""
    settings = settings_for(standin, bot_db, corpus_dir)
    async with running_bot(settings):
        standin.push_text("داعش")
        [first] = await standin.wait_for("sendMessage")
        first_id = bot_message(standin, texts.ANSWER_HEADER)["message_id"]
        standin.push_callback(more_button(first)["callback_data"], message_id=first_id)
        [_, second] = await standin.wait_for("sendMessage", count=2)
    second_id = bot_message(standin, texts.ANSWER_HEADER_MORE)["message_id"]
    async with running_bot(settings):  # a new Application: nothing is left in memory
        standin.push_callback(more_button(second)["callback_data"], message_id=second_id)
        [_, _, third] = await standin.wait_for("sendMessage", count=3)
        answers = await standin.wait_for("answerCallbackQuery", count=2)
    assert second["text"].startswith(texts.ANSWER_HEADER_MORE) and "4. «" in second["text"]
    assert third["text"].startswith(texts.ANSWER_HEADER_MORE) and "7. «" in third["text"]
    assert all("text" not in a for a in answers), "no «stale button» notice"


async def test_a_follow_up_after_a_restart_leans_on_the_answer_before(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    settings = settings_for(standin, bot_db, corpus_dir)
    async with running_bot(settings):
        standin.push_text(VISIT, user_id=11)
        await standin.wait_for("sendMessage")
    async with running_bot(settings):
        standin.push_text(FOLLOW_UP, user_id=11)
        [_, follow_up] = await standin.wait_for("sendMessage", count=2)
    assert follow_up["text"].startswith(texts.FOLLOWED_UP_ON.format(subject=VISIT))
    assert VISIT_TITLE in first_citation(follow_up["text"])


async def test_a_pending_upload_survives_a_restart(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """«استبدال الملف» pressed after a restart still replaces the file."""
    original = "نص أول عن مكتبة القيروان الجديدة التي افتتحت في وسط المدينة القديمة هذا الشهر.\n"
    changed = original + "وأضافت البلدية قاعة مطالعة للأطفال في المكتبة الجديدة.\n"
    (corpus_dir / "note.txt").write_text(original, encoding="utf-8")
    settings = settings_for(standin, bot_db, corpus_dir)
    async with running_bot(settings):
        standin.push_document(changed.encode(), "note.txt", user_id=ADMIN_ID)
        [question] = await standin.wait_for("sendMessage")
    replace, _ = buttons(question)
    message_id = bot_message(standin, "يوجد في المصادر")["message_id"]
    async with running_bot(settings):
        standin.push_callback(replace["callback_data"], message_id=message_id, user_id=ADMIN_ID)
        [_, done] = await standin.wait_for("sendMessage", count=2)
    assert done["text"].startswith("✅")
    assert (corpus_dir / "note.txt").read_text(encoding="utf-8") == changed


async def test_an_unreadable_stored_chat_is_forgotten_not_fatal(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """A damaged row (or one an older Dalil wrote) starts that chat afresh; the bot answers."""
    store = ChatStateStore(state_path(bot_db))
    store.write(1001, b"not a pickle")
    store.write(1002, pickle.dumps(["a list, not chat data"]))
    store.close()
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("داعش", user_id=1001)
        [reply] = await standin.wait_for("sendMessage")
    assert reply["text"].startswith(texts.ANSWER_HEADER)


async def test_chats_quiet_for_a_month_are_forgotten_at_start(tmp_path: Path) -> None:
    """The state file does not grow forever: a chat last written 31 days ago is dropped."""
    path = tmp_path / "dalil.state.db"
    store = ChatStateStore(path)
    blob = pickle.dumps({"memory": "kept"})
    store.write(1, blob, now=time.time() - 31 * 24 * 3600)
    store.write(2, blob, now=time.time() - 29 * 24 * 3600)
    store.close()
    persistence = ChatStatePersistence(path)
    try:
        assert await persistence.get_chat_data() == {2: {"memory": "kept"}}
    finally:
        await persistence.flush()
    assert [chat_id for chat_id, _, _ in ChatStateStore(path).read_all()] == [2]
