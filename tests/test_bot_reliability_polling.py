"""Promise 13: polling survives what Telegram sends back: 409, unreadable updates, failed sends.

Two instances on one token: the second exits with one line instead of retrying for ever. An
update the library cannot read is skipped and logged once, not fetched again and again. A
reply whose sendMessage failed (502) is sent once more; never the answer and an apology.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path

from bot import poison, texts
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import (
    ADMIN_ID,
    USER_ID,
    running_bot,
    settings_for,
    start_bot_process,
    texts_to,
)

QUESTION = "من هو بلال الشواش؟"
CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"  # noqa: E501


async def test_another_instance_polling_the_token_stops_the_bot_with_one_line(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    standin.fail_next(
        "getUpdates", error_code=409, description=CONFLICT, retry_after=None, times=500
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    environment = {
        **keep,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_BASE_URL": standin.base_url,
        "DALIL_ADMIN_IDS": str(ADMIN_ID),
        "DALIL_DB": str(bot_db),
        "DALIL_CORPUS_DIR": str(corpus_dir),
    }
    process = await start_bot_process(environment, tmp_path)
    started = asyncio.get_running_loop().time()
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    seconds = asyncio.get_running_loop().time() - started
    lines = stderr.decode().splitlines()
    polls = sum(1 for name, _ in standin.calls if name == "getUpdates")
    print(f"\n409: exit {process.returncode} after {seconds:.1f} s, {polls} getUpdates")
    assert process.returncode == 2
    assert lines[-1] == (
        "dalil: another instance is polling with this token (Telegram answered 409 Conflict): "
        "stop it, or give this one its own bot token"
    )
    assert "Traceback" not in stderr.decode() and stdout == b""
    assert polls <= 3


async def test_an_unreadable_update_is_skipped_and_logged_once(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, caplog
) -> None:
    caplog.set_level(logging.WARNING)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        poison = standin.push_raw(
            message={"message_id": 1, "date": "yesterday", "chat": {"id": 5, "type": "private"}}
        )
        standin.push_text(QUESTION, user_id=USER_ID)
        [answer] = await standin.wait_for("sendMessage", timeout=10)
        await asyncio.sleep(1.0)
    polls = sum(1 for name, _ in standin.calls if name == "getUpdates")
    skipped = [r for r in caplog.records if "skipped update" in r.getMessage()]
    print(f"\npoison update: answered after it; {polls} getUpdates; {len(skipped)} log line(s)")
    assert answer["text"].startswith(texts.ANSWER_HEADER)
    assert [r.getMessage().split(":")[0] for r in skipped] == [f"skipped update {poison}"]
    assert polls < 20


async def test_a_failed_send_is_tried_once_more_and_never_followed_by_an_apology(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.fail_next(
            "sendMessage", error_code=502, description="Bad Gateway", retry_after=None
        )
        standin.push_text(QUESTION, user_id=USER_ID)
        await standin.wait_for("sendMessage", timeout=10)
        await asyncio.sleep(0.5)
        once = texts_to(standin, USER_ID)
        standin.fail_next(
            "sendMessage", error_code=502, description="Bad Gateway", retry_after=None, times=2
        )
        standin.push_text(QUESTION, user_id=USER_ID)
        await standin.wait_for("sendMessage", count=2, timeout=10)
        await asyncio.sleep(0.5)
        twice = texts_to(standin, USER_ID)[len(once) :]
    assert len(once) == 1 and once[0].startswith(texts.ANSWER_HEADER)
    # both tries failed: the answer never arrived, so the apology is the one message
    assert twice == [texts.APOLOGY]


async def test_a_getupdates_answer_over_the_cap_is_never_read_whole(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, caplog, monkeypatch
) -> None:
    """An answer over the cap (a 200 MB one peaked at 1.46 GB) is dropped as it streams in,
    fetched again one update at a time, and an update over the cap alone is skipped, once."""
    monkeypatch.setattr(poison, "MAX_ANSWER_BYTES", 64 * 1024)  # 32 MB in the bot
    caplog.set_level(logging.WARNING)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(QUESTION, user_id=USER_ID)
        standin.push_text("ب" * 100_000, user_id=ADMIN_ID)  # 600 KB as JSON escapes
        huge = standin.updates[-1]["update_id"]
        standin.push_text(QUESTION, user_id=USER_ID + 1)
        answers = await standin.wait_for("sendMessage", count=2, timeout=10)
        await asyncio.sleep(0.5)
    skipped = [r.getMessage() for r in caplog.records if "skipped update" in r.getMessage()]
    polls = sum(1 for name, _ in standin.calls if name == "getUpdates")
    print(f"\nan answer over the cap: {polls} getUpdates; skipped: {skipped}")
    assert sorted(a["chat_id"] for a in answers) == [USER_ID, USER_ID + 1]
    assert all(a["text"].startswith(texts.ANSWER_HEADER) for a in answers)
    assert texts_to(standin, ADMIN_ID) == []
    assert len(skipped) == 1 and skipped[0].startswith(f"skipped update {huge}:")
    assert polls < 20


class _SlowFirstSend(BotApiStandIn):
    """The stand-in, whose first sendMessage is delivered but answered only after PTB's read
    timeout (5 s): Telegram got the message, the bot sees TimedOut."""

    def __init__(self) -> None:
        super().__init__()
        self.delayed = False

    async def _handle_method(self, request):
        response = await super()._handle_method(request)
        if request.match_info.get("method") == "sendMessage" and not self.delayed:
            self.delayed = True
            await asyncio.sleep(6.0)
        return response


async def test_a_send_that_timed_out_is_neither_sent_again_nor_followed_by_an_apology(
    bot_db: Path, corpus_dir: Path, caplog
) -> None:
    caplog.set_level(logging.ERROR)
    standin = _SlowFirstSend()
    async with standin, running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text(QUESTION, user_id=USER_ID)
        await standin.wait_for("sendMessage", timeout=10)
        await asyncio.sleep(7.0)  # the timeout, and time for any apology or second send
        sent = texts_to(standin, USER_ID)
    timed_out = [r for r in caplog.records if "caused an error" in r.getMessage()]
    print(f"\na timed-out send: {len(sent)} message(s) to the user, {len(timed_out)} error line")
    assert standin.delayed and len(timed_out) == 1
    assert len(sent) == 1 and sent[0].startswith(texts.ANSWER_HEADER)
