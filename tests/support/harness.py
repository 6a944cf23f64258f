"""Run the real Application from the factory against the Bot API stand-in."""

from __future__ import annotations

import asyncio
import dataclasses
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from telegram.ext import Application

from bot.app import build_application, webhook_options
from bot.engine import Engine
from bot.settings import Settings
from tests.support.botapi_standin import BotApiStandIn

ADMIN_ID = 777
USER_ID = 1001


def settings_for(standin: BotApiStandIn, db_path: Path, corpus_dir: Path, **changes) -> Settings:
    """Settings that point the bot at the stand-in (token, base URLs) and a test index."""
    settings = Settings(
        token=standin.token,
        admin_ids=frozenset({ADMIN_ID}),
        db_path=db_path,
        corpus_dir=corpus_dir,
        base_url=standin.base_url,
        base_file_url=standin.base_file_url,
        hash_salt="test-salt",
    )
    return dataclasses.replace(settings, **changes)


@asynccontextmanager
async def _serving(
    settings: Settings, engine: Engine | None, receive: Callable[[Application], Awaitable[object]]
) -> AsyncIterator[Application]:
    """Build the bot with the factory, run it as run_polling/run_webhook would (post_init,
    start, receive updates, stop, post_stop) until the block ends."""
    if engine is None:
        engine = Engine(settings.db_path)
        engine.load()
    app = build_application(settings, engine)
    async with app:
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        await receive(app)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)


def running_bot(
    settings: Settings, engine: Engine | None = None
) -> AbstractAsyncContextManager[Application]:
    """The bot polling the stand-in until the block ends."""
    return _serving(
        settings, engine, lambda app: app.updater.start_polling(poll_interval=0, timeout=1)
    )


def serving_webhook(
    settings: Settings, engine: Engine | None = None
) -> AbstractAsyncContextManager[Application]:
    """The bot serving its webhook (settings.webhook) until the block ends."""
    assert settings.webhook is not None
    options = webhook_options(settings.webhook)
    return _serving(settings, engine, lambda app: app.updater.start_webhook(**options))


def bot_message(standin: BotApiStandIn, startswith: str) -> dict:
    """The latest message the bot sent (as the stand-in stores it) whose text starts so."""
    found = [m for m in standin.bot_messages.values() if m.get("text", "").startswith(startswith)]
    assert found, f"the bot sent no message starting with {startswith!r}"
    return found[-1]


def buttons(message: dict) -> list[dict]:
    """All inline buttons under a message (or message params), row by row."""
    markup = message.get("reply_markup") or {}
    return [button for row in markup.get("inline_keyboard", []) for button in row]


def texts_to(standin: BotApiStandIn, chat_id: int) -> list[str]:
    """The texts of every sendMessage to chat_id, in order."""
    return [p["text"] for p in standin.sent("sendMessage") if p["chat_id"] == chat_id]


async def logged_questions(db_path: Path, count: int, timeout: float = 5.0) -> list[dict]:
    """Wait until the query log holds count rows (it is written just after the reply)."""
    import asyncio

    from storage.database import connect

    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        db = connect(db_path)
        try:
            rows = list(db["query_log"].rows)
        finally:
            db.close()
        if len(rows) >= count or asyncio.get_running_loop().time() > deadline:
            return rows
        await asyncio.sleep(0.02)


async def start_bot_process(
    environment: dict[str, str], cwd: Path, own_group: bool = False
) -> asyncio.subprocess.Process:
    """`python -m bot` as its own process with this environment, its two outputs piped (with
    `own_group`, standard output dropped and the process in a group of its own, as systemd and
    a terminal start it)."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=environment,
        stdout=asyncio.subprocess.DEVNULL if own_group else asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=own_group,
    )
