"""A crowd asking at once: at most SEARCHES_AT_ONCE searches run together (the rest wait their
turn), so 32 heavy questions hold a few searches' working memory, not 32; all are answered.
Questions of over HEAVY_WORDS words run one at a time beside the others, which do not wait for
them."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from bot import state, texts
from bot.engine import Engine, Timed
from bot.state import HEAVY_WORDS
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import running_bot, settings_for

CROWD = 32  # the updates the bot handles at once
AT_ONCE = 3  # SEARCHES_AT_ONCE for the test: below the threads of asyncio's pool (cores + 4)
QUESTION = "من هو بلال الشواش؟"
FIRST_USER = 3000


LONG_QUESTION = "ما أخبار بلال الشواش وتنظيم داعش في سوريا " * 3  # 24 words


class CountedEngine(Engine):
    """An engine whose searches take at least 50 ms (a long question 300 ms), counted."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()
        self.running = self.most = self.long_running = self.most_long = 0

    def ask(self, question: str, *args, **kwargs) -> Timed:
        long = len(question.split()) > HEAVY_WORDS
        with self._lock:
            self.running += 1
            self.long_running += long
            self.most = max(self.most, self.running)
            self.most_long = max(self.most_long, self.long_running)
        try:
            time.sleep(0.3 if long else 0.05)
            return super().ask(question, *args, **kwargs)
        finally:
            with self._lock:
                self.running -= 1
                self.long_running -= long


async def test_a_crowd_of_questions_and_inline_queries_waits_for_a_few_searches_at_a_time(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state, "SEARCHES_AT_ONCE", AT_ONCE)
    engine = CountedEngine(bot_db)
    engine.load()
    async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
        for user in range(FIRST_USER, FIRST_USER + CROWD):
            standin.push_text(QUESTION, user_id=user)
            standin.push_inline_query(QUESTION, user_id=user)
        answers = await standin.wait_for("sendMessage", count=CROWD, timeout=30)
        inline = await standin.wait_for("answerInlineQuery", count=CROWD, timeout=30)
    print(f"\n{2 * CROWD} searches at once: at most {engine.most} ran together")
    assert engine.most == AT_ONCE
    assert all(a["text"].startswith(texts.ANSWER_HEADER) for a in answers)
    assert all(a["results"] for a in inline)


async def test_long_questions_run_one_at_a_time_and_short_ones_do_not_wait_for_them(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    engine = CountedEngine(bot_db)
    engine.load()
    long_users = range(FIRST_USER, FIRST_USER + 8)
    async with running_bot(settings_for(standin, bot_db, corpus_dir), engine):
        for user in long_users:
            standin.push_text(LONG_QUESTION, user_id=user)
        for user in range(FIRST_USER + 100, FIRST_USER + 108):
            standin.push_text(QUESTION, user_id=user)
        answers = await standin.wait_for("sendMessage", count=16, timeout=30)
    order = ["long" if a["chat_id"] in long_users else "short" for a in answers]
    print(f"\n8 long and 8 short questions at once: answered in the order {order}")
    assert engine.most_long == 1
    assert order[:12].count("short") == 8  # every short one before the fifth long one
