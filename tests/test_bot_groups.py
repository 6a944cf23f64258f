"""End to end: in groups the bot answers /ask, mentions and replies to itself, nothing else."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot import texts
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import running_bot, settings_for, texts_to

GROUP = -500
BOT_NAME = "@dalil_test_bot"


def mention(name: str) -> list[dict]:
    """A mention entity at the start of a message."""
    return [{"type": "mention", "offset": 0, "length": len(name)}]


async def test_group_rules(standin: BotApiStandIn, bot_db: Path, corpus_dir: Path) -> None:
    """/ask, @mention and a reply to the bot are answered (quoting); other chatter is ignored."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("من هو بلال الشواش؟", chat_id=GROUP, chat_type="group")
        standin.push_text(
            "@other_bot من هو بلال الشواش؟",
            chat_id=GROUP,
            chat_type="group",
            entities=mention("@other_bot"),
        )
        asked = standin.push_text(
            "/ask@dalil_test_bot من هو بلال الشواش؟", chat_id=GROUP, chat_type="group"
        )
        [by_command] = await standin.wait_for("sendMessage")
        standin.push_text(
            f"{BOT_NAME} هيئة تحرير الشام وداعش",
            chat_id=GROUP,
            chat_type="group",
            entities=mention(BOT_NAME),
        )
        [_, by_mention] = await standin.wait_for("sendMessage", count=2)
        answer_id = max(standin.bot_messages)
        standin.push_text(
            "وماذا عن سجن إدلب؟",
            chat_id=GROUP,
            chat_type="group",
            reply_to_bot_message_id=answer_id,
        )
        [*_, by_reply] = await standin.wait_for("sendMessage", count=3)
        standin.push_text(BOT_NAME, chat_id=GROUP, chat_type="group", entities=mention(BOT_NAME))
        await standin.wait_for("sendMessage", count=4)
        await asyncio.sleep(0.2)  # time enough for a wrong answer to the ignored messages
    assert by_command["reply_parameters"]["message_id"] == asked["message_id"]
    assert "<b>بلال</b>" in by_command["text"]
    assert by_mention["text"].startswith(texts.ANSWER_HEADER)
    assert "<b>هيئة</b>" in by_mention["text"]
    assert by_reply["text"].startswith(texts.ANSWER_HEADER) and "<b>إدلب</b>" in by_reply["text"]
    sent = texts_to(standin, GROUP)
    assert sent[-1] == texts.ask_usage("ما آخر أخبار داعش؟")  # a bare mention: how to ask
    assert len(sent) == 4


async def test_private_chat_needs_no_command(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """In a private chat plain text is a question, and /ask works too."""
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("من هو بلال الشواش؟", user_id=9)
        standin.push_text("/ask من هو بلال الشواش؟", user_id=9)
        replies = await standin.wait_for("sendMessage", count=2)
    assert all(r["text"].startswith(texts.ANSWER_HEADER) for r in replies)
    assert all("reply_parameters" not in r for r in replies)
