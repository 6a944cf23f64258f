"""Webhook mode: two workers behind one URL share the index and every chat's state."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from contextlib import AsyncExitStack
from pathlib import Path

import pytest

from bot import index_watch, texts
from bot.settings import Webhook
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import (
    ADMIN_ID,
    bot_message,
    buttons,
    serving_webhook,
    settings_for,
)
from tests.test_bot_admin import ARTICLE

SECRET = "s3cret-for-the-test_only"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_webhook(port: int) -> Webhook:
    """The webhook settings of one worker (its own port, the shared secret and path)."""
    return Webhook(f"http://127.0.0.1:{port}/dalil", SECRET, "127.0.0.1", port)


async def test_two_workers_answer_a_question_and_its_button(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """The question reaches one worker and «المزيد» the other: the second finds the button's
    question in the shared state file and sends the next page."""
    ports = [free_port(), free_port()]
    async with AsyncExitStack() as stack:
        for port in ports:
            settings = settings_for(standin, bot_db, corpus_dir, webhook=worker_webhook(port))
            await stack.enter_async_context(serving_webhook(settings))
        assert standin.webhook is not None
        assert standin.webhook["secret_token"] == SECRET
        assert standin.webhook["url"].endswith("/dalil")
        standin.deliver_to = [f"http://127.0.0.1:{port}/dalil" for port in ports]
        standin.push_text("داعش")
        [first] = await standin.wait_for("sendMessage")
        first_id = bot_message(standin, texts.ANSWER_HEADER)["message_id"]
        [more] = [b for b in buttons(first) if b["text"] == texts.MORE_BUTTON]
        standin.push_callback(more["callback_data"], message_id=first_id)
        [_, second] = await standin.wait_for("sendMessage", count=2)
        answers = await standin.wait_for("answerCallbackQuery")
    assert [url for url, _ in standin.deliveries] == standin.deliver_to
    assert [status for _, status in standin.deliveries] == [200, 200]
    assert second["text"].startswith(texts.ANSWER_HEADER_MORE) and "4. «" in second["text"]
    assert all("text" not in a for a in answers), "no «stale button» notice"


async def test_a_request_without_the_secret_is_refused(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    """Only Telegram knows the secret: anyone else posting to the URL gets 403, no answer."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/dalil"
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 1001, "type": "private"},
            "from": {"id": 1001, "is_bot": False, "first_name": "x"},
            "text": "داعش",
        },
    }
    settings = settings_for(standin, bot_db, corpus_dir, webhook=worker_webhook(port))
    async with serving_webhook(settings):
        refused = [
            await standin.post_update(url, update, None),
            await standin.post_update(url, update, "not-the-secret-at-all"),
        ]
        accepted = await standin.post_update(url, update, SECRET)
        await standin.wait_for("sendMessage")
    assert refused == [403, 403] and accepted == 200
    assert len(standin.sent("sendMessage")) == 1


async def test_a_reindex_on_one_worker_reaches_the_other(
    standin: BotApiStandIn,
    bot_db: Path,
    corpus_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """/reindex reaches one worker; the other notices the new index in the file and answers
    from it too."""
    monkeypatch.setattr(index_watch, "CHECK_SECONDS", 0.05)
    (corpus_dir / "library.txt").write_text(ARTICLE, encoding="utf-8")
    ports = [free_port(), free_port()]
    async with AsyncExitStack() as stack:
        workers = [
            await stack.enter_async_context(
                serving_webhook(
                    settings_for(standin, bot_db, corpus_dir, webhook=worker_webhook(port))
                )
            )
            for port in ports
        ]
        engines = [worker.bot_data["dalil"].engine for worker in workers]
        before = engines[1].searcher.version
        standin.deliver_to = [f"http://127.0.0.1:{port}/dalil" for port in ports]
        standin.push_text("/reindex", user_id=ADMIN_ID)  # to the first worker
        await standin.wait_for("editMessageText", timeout=60)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 60  # a loaded machine may take long; the promise is "reaches"
        while engines[1].searcher.version == before and loop.time() < deadline:
            await asyncio.sleep(0.05)
        standin.push_text("مكتبة القيروان")  # to the second worker
        [_, answer] = await standin.wait_for("sendMessage", count=2, timeout=30)
    assert [url for url, _ in standin.deliveries] == standin.deliver_to
    assert engines[1].searcher.version == engines[0].searcher.version > before
    assert "📄 أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة" in answer["text"]


async def test_dalil_run_serves_the_webhook_from_a_dotenv_file(
    standin: BotApiStandIn, tmp_path: Path, corpus_dir: Path
) -> None:
    """The real start-up: settings only in a .env written with `export` and with spaces around
    `=`; `dalil run` registers the webhook and answers an update Telegram posts to it."""
    port = free_port()
    env_file = tmp_path / "bot.env"
    env_file.write_text(
        f"export TELEGRAM_BOT_TOKEN={standin.token}\n"
        f"TELEGRAM_BASE_URL = {standin.base_url}\n"
        f"DALIL_ADMIN_IDS = {ADMIN_ID}\n"
        f"export DALIL_DB={tmp_path / 'dalil.db'}\n"
        f"DALIL_CORPUS_DIR={corpus_dir}\n"
        f"DALIL_WEBHOOK_URL = http://127.0.0.1:{port}/dalil\n"
        f"export DALIL_WEBHOOK_SECRET={SECRET}\n"
        f"DALIL_WEBHOOK_PORT={port}\n",
        encoding="utf-8",
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).with_name("dalil")),
        "run",
        cwd=tmp_path,
        env={**keep, "DALIL_ENV_FILE": str(env_file)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        [registered] = await standin.wait_for("setWebhook", timeout=60)
        standin.deliver_to = [f"http://127.0.0.1:{port}/dalil"]
        for _ in range(100):  # setWebhook comes just before the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        standin.push_text("من هو بلال الشواش؟")
        [reply] = await standin.wait_for("sendMessage", timeout=20)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0, stderr.decode()
    assert registered["secret_token"] == SECRET
    assert registered["url"] == f"http://127.0.0.1:{port}/dalil"
    assert standin.deliveries == [(f"http://127.0.0.1:{port}/dalil", 200)]
    assert reply["text"].startswith(texts.ANSWER_HEADER)
    assert SECRET not in stderr.decode() and standin.token not in stderr.decode()
