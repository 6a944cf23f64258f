"""`dalil chat` answers small talk as the bot does: a polite reply, no search, nothing logged."""

from __future__ import annotations

from pathlib import Path

from bot.engine import Engine
from bot.terminal import TerminalChat


class CountingEngine(Engine):
    """An engine that counts the questions it is asked."""

    asked: int = 0

    def ask(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        """Count, then answer as the engine does."""
        self.asked += 1
        return super().ask(*args, **kwargs)


def test_a_greeting_in_the_terminal_chat_gets_the_bots_reply_and_no_search(seed_db: Path) -> None:
    engine = CountingEngine(seed_db)
    chat = TerminalChat(engine, top_k=3)
    reply = chat.reply("مرحبا")
    assert reply.startswith("أهلًا وسهلًا")
    assert "لم أجد" not in reply
    assert engine.asked == 0
    assert chat.question is None  # «المزيد» has nothing to page
    assert "إليك ما وجدته" in chat.reply("من زار بلدة الهبيط؟")
    assert engine.asked == 1
