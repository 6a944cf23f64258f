"""Inline mode, links that open a shared passage, the admins' menu and the Arabic profile."""

from __future__ import annotations

import json
from pathlib import Path

from bot import texts
from bot.handlers.inline import START_PAYLOAD
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import ADMIN_ID, USER_ID, running_bot, settings_for

BILAL = "من هو بلال الشواش؟"
BILAL_FILE = "000_fb920527ced1f061.txt"


async def test_an_inline_query_offers_cited_excerpts_that_link_to_the_chat(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """`@bot سؤال`: each result is the question and a cited excerpt, with «افتح في المحادثة»,
    whose /start link shows the whole passage in the bot's chat."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)) as app:
        standin.push_inline_query(BILAL)
        [answered] = await standin.wait_for("answerInlineQuery")
        [first, *_] = answered["results"]
        [[button]] = first["reply_markup"]["inline_keyboard"]
        payload = button["url"].split("?start=", 1)[1]
        standin.push_text(f"/start {payload}")
        [shown] = await standin.wait_for("sendMessage")
        searcher = app.bot_data["dalil"].engine.searcher
    message = first["input_message_content"]["message_text"]
    assert message.startswith(texts.INLINE_QUESTION.format(question=BILAL))
    assert "أبو ذر التونسي" in message and BILAL_FILE not in message  # no internal path
    assert "📄 كشفت مصادر إعلامية في المعارضة السورية" in message
    assert telegram_html_problem(message) is None
    assert button["text"] == texts.OPEN_IN_CHAT
    assert button["url"].startswith(f"https://t.me/{standin.bot_user['username']}?start=p_")
    assert shown["text"].startswith(f"📖 <b>{texts.FULL_PASSAGE_HEADER}</b>")
    passage = searcher.corpus.passages[int(payload.split("_")[1])]
    assert "أبو ذر التونسي" in passage.text and passage.text.split()[0] in shown["text"]


async def test_unusable_inline_queries_and_old_links_are_answered_politely(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_inline_query("hello there")
        [answered] = await standin.wait_for("answerInlineQuery")
        standin.push_text("/start p_0_999")  # a link from an index version long gone
        standin.push_text(f"/start {START_PAYLOAD}")
        [gone, welcome] = await standin.wait_for("sendMessage", count=2)
    assert answered["results"] == []
    assert answered["button"]["start_parameter"] == START_PAYLOAD
    assert gone["text"] == texts.SHARED_PASSAGE_GONE
    assert "/ask" in welcome["text"] and "5 وثائق" in welcome["text"]


async def test_admins_alone_see_reindex_and_the_profile_is_arabic(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The menu everyone sees lacks /reindex; each admin's own chat shows it; an admin Telegram
    does not know yet does not stop the start."""
    standin.chats[ADMIN_ID] = {"id": ADMIN_ID, "type": "private", "first_name": "مشرف"}
    settings = settings_for(standin, bot_db, corpus_dir, admin_ids=frozenset({ADMIN_ID, 778}))
    async with running_bot(settings):
        standin.push_text(BILAL, user_id=USER_ID)
        await standin.wait_for("sendMessage")
    admin_scope = json.dumps({"chat_id": ADMIN_ID, "type": "chat"}, sort_keys=True)
    everyone = [c["command"] for c in standin.commands]
    admins = [c["command"] for c in standin.scoped_commands[admin_scope]]
    assert "reindex" not in everyone and "ask" in everyone
    assert admins == [name for name, _ in texts.COMMANDS]
    assert standin.descriptions == {
        "description": texts.BOT_DESCRIPTION,
        "short_description": texts.BOT_SHORT_DESCRIPTION,
    }
    assert len(texts.BOT_DESCRIPTION) <= 512 and len(texts.BOT_SHORT_DESCRIPTION) <= 120
