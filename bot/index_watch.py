"""Watch the index file: load another worker's reindex, and say so when the file is deleted."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.error import TelegramError
from telegram.ext import Application

from bot import texts
from bot.state import STATE_KEY
from bot.telegram_format import escape
from storage.errors import DatabaseMissing, StorageError

logger = logging.getLogger(__name__)
CHECK_SECONDS = 30.0  # how stale a worker's snapshot may be after another worker's reindex
TASK_KEY = "index_watch"
LOST_KEY = "index_file_lost"  # set while the database file is gone


async def watch_index(app: Application) -> None:
    """Every CHECK_SECONDS, check the index file (check_index)."""
    while True:
        await asyncio.sleep(CHECK_SECONDS)
        await check_index(app)


async def check_index(app: Application) -> None:
    """Load the index again if its file holds a newer version; if the file is gone, keep
    answering from the loaded index and tell the log and the admins, once."""
    st = app.bot_data[STATE_KEY]
    engine = st.engine
    try:
        reloaded = await asyncio.to_thread(engine.reload_if_changed)
    except DatabaseMissing as error:
        if not app.bot_data.get(LOST_KEY):
            app.bot_data[LOST_KEY] = True
            await report_lost_database(app, str(error))
        return
    except StorageError as error:  # keep answering from the snapshot in memory
        logger.warning("could not check the index file: %s", error)
        return
    if app.bot_data.pop(LOST_KEY, False):
        logger.info("the index database is back (version %d)", engine.searcher.version)
        if st.log.restore_salt():
            logger.info("wrote the user-hash salt file again (the same salt)")
    if reloaded:
        logger.info("loaded index version %d, built by another worker", engine.searcher.version)


async def report_lost_database(app: Application, detail: str) -> None:
    """Log that the database file is gone and tell each admin in their private chat."""
    logger.error(
        "the index database %s: answering from the index loaded in memory; questions are not "
        "logged; no empty database is made in its place: restore it, or run /reindex (or "
        "`dalil index`) to build a new one",
        detail,
    )
    st = app.bot_data[STATE_KEY]
    for admin_id in sorted(st.settings.admin_ids):
        try:  # Telegram knows the chat only once the admin has written to the bot
            await app.bot.send_message(admin_id, texts.DATABASE_LOST.format(detail=escape(detail)))
        except TelegramError as error:
            logger.info("could not tell an admin that the database is gone: %s", error)


async def start_watching(app: Application) -> None:
    """Start the watch (post_init)."""
    app.bot_data[TASK_KEY] = asyncio.get_running_loop().create_task(watch_index(app))


async def stop_watching(app: Application) -> None:
    """Stop the watch (post_stop)."""
    task = app.bot_data.pop(TASK_KEY, None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
