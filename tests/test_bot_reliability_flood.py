"""Flood: one user sends 200 messages while another asks once; Telegram's 429 is waited out.

Run with `-s` to see the measured figures. DALIL_LONG_TESTS=1 spreads the flood over the full
10 seconds; by default the same 200 messages arrive in 2 seconds (a harder case).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web

from bot import texts
from bot.limits import MAX_QUESTIONS
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import running_bot, settings_for, texts_to

FLOODER, OTHER = 5, 6
FLOOD_MESSAGES = 200
FLOOD_SECONDS = 10.0 if os.environ.get("DALIL_LONG_TESTS") == "1" else 2.0
# The other user asks while the flooder's answered questions are still being searched.
OTHER_ASKS_AFTER = MAX_QUESTIONS + 5
LATENCY_PROMISE = 2.0
FLOOD_QUESTION = "داعش"
OTHER_QUESTION = "من هو بلال الشواش؟"


class TimedStandIn(BotApiStandIn):
    """The stand-in, also noting when each call was recorded (event-loop time)."""

    def __init__(self) -> None:
        """Start with no call times."""
        super().__init__()
        self.call_times: list[float] = []

    async def _handle_method(self, request: web.Request) -> web.Response:
        """Record the call as usual, then its time (no await in between keeps them aligned)."""
        response = await super()._handle_method(request)
        self.call_times.append(asyncio.get_running_loop().time())
        return response

    def times_of(self, method: str, chat_id: int) -> list[tuple[float, dict[str, Any]]]:
        """(time, answer) of every call of method to chat_id, failed ones included."""
        return [
            (when, response)
            for (name, params), response, when in zip(
                self.calls, self.responses, self.call_times, strict=True
            )
            if name.lower() == method.lower() and params.get("chat_id") == chat_id
        ]


@pytest_asyncio.fixture
async def timed_standin() -> AsyncIterator[TimedStandIn]:
    """A timed stand-in served on 127.0.0.1 for one test."""
    async with TimedStandIn() as server:
        yield server


async def test_a_flood_neither_delays_another_user_nor_gets_200_replies(
    timed_standin: TimedStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """200 messages in FLOOD_SECONDS: the other user is answered within 2 s, the flooder is told
    once to slow down and gets only the answers the per-minute limit allows."""
    standin = timed_standin
    loop = asyncio.get_running_loop()
    gap = FLOOD_SECONDS / FLOOD_MESSAGES
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        started = loop.time()
        asked_at = 0.0
        for number in range(FLOOD_MESSAGES):
            standin.push_text(FLOOD_QUESTION, user_id=FLOODER)
            if number + 1 == OTHER_ASKS_AFTER:
                standin.push_text(OTHER_QUESTION, user_id=OTHER)
                asked_at = loop.time()
            await asyncio.sleep(max(0.0, started + (number + 1) * gap - loop.time()))
        flood_took = loop.time() - started
        [answer] = await standin.wait_for("sendMessage", lambda p: p["chat_id"] == OTHER)
        await standin.wait_for(
            "sendMessage", lambda p: p["chat_id"] == FLOODER, count=MAX_QUESTIONS + 1, timeout=10
        )
        await asyncio.sleep(0.5)  # anything more for the flooder would have come by now
    [(answered_at, _)] = standin.times_of("sendMessage", OTHER)
    latency = answered_at - asked_at
    flooder = texts_to(standin, FLOODER)
    answers = sum(text.startswith(texts.ANSWER_HEADER) for text in flooder)
    print(
        f"\nflood: {FLOOD_MESSAGES} messages in {flood_took:.2f} s; other user's answer after "
        f"{latency * 1000:.0f} ms; flooder got {flooder.count(texts.SLOW_DOWN)} slow-down "
        f"notice(s), {answers} answers, {len(flooder)} replies in all"
    )
    assert answer["text"].startswith(texts.ANSWER_HEADER)
    assert latency < LATENCY_PROMISE
    assert flooder.count(texts.SLOW_DOWN) == 1
    assert answers == MAX_QUESTIONS
    assert len(flooder) == MAX_QUESTIONS + 1


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize("retry_after", [1, 2])
async def test_a_429_is_honoured_before_the_reply_is_sent_again(
    timed_standin: TimedStandIn, bot_db: Path, corpus_dir: Path, retry_after: int
) -> None:
    """Telegram says «retry after N s»: the bot sends nothing sooner, then delivers the reply."""
    standin = timed_standin
    standin.fail_next("sendMessage", retry_after=retry_after)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(OTHER_QUESTION, user_id=OTHER)
        [reply] = await standin.wait_for("sendMessage", timeout=retry_after + 5)
    [(refused_at, refused), (sent_at, sent)] = standin.times_of("sendMessage", OTHER)
    waited = sent_at - refused_at
    print(f"\n429 with retry_after={retry_after}: the reply was sent again after {waited:.2f} s")
    assert refused["error_code"] == 429 and sent["ok"]
    assert reply["text"].startswith(texts.ANSWER_HEADER)
    assert retry_after <= waited < retry_after + 1.5
