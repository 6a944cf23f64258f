"""A crowd asking at once: at most SEARCHES_AT_ONCE searches run together (the rest wait their
turn), so 32 heavy questions hold a few searches' working memory, not 32; all are answered."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from bot import texts
from bot.engine import Engine, Timed
from bot.state import SEARCHES_AT_ONCE
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import running_bot, settings_for

CROWD = 32  # the updates the bot handles at once
QUESTION = "من هو بلال الشواش؟"
FIRST_USER = 3000


class CountedEngine(Engine):
    """An engine whose searches take at least 50 ms (a heavy question) and are counted."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self.running = self.most = 0

    def ask(self, *args, **kwargs) -> Timed:
        with self._lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.05)
            return super().ask(*args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1


async def test_a_crowd_of_questions_and_inline_queries_waits_for_a_few_searches_at_a_time(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    engine = CountedEngine(bot_db)
    engine.load()
    async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
        for user in range(FIRST_USER, FIRST_USER + CROWD):
            standin.push_text(QUESTION, user_id=user)
            standin.push_inline_query(QUESTION, user_id=user)
        answers = await standin.wait_for("sendMessage", count=CROWD, timeout=30)
        inline = await standin.wait_for("answerInlineQuery", count=CROWD, timeout=30)
    print(f"\n{2 * CROWD} searches at once: at most {engine.most} ran together")
    assert engine.most == SEARCHES_AT_ONCE
    assert all(a["text"].startswith(texts.ANSWER_HEADER) for a in answers)
    assert all(a["results"] for a in inline)
