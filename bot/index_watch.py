"""Workers sharing one index file: each notices a reindex another one ran and loads it too."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from telegram.ext import Application

from bot.state import STATE_KEY
from storage.errors import StorageError

logger = logging.getLogger(__name__)
CHECK_SECONDS = 30.0  # how stale a worker's snapshot may be after another worker's reindex
TASK_KEY = "index_watch"


async def watch_index(app: Application) -> None:
    """Every CHECK_SECONDS, load the index again if its file holds a newer version."""
    engine = app.bot_data[STATE_KEY].engine
    while True:
        await asyncio.sleep(CHECK_SECONDS)
        try:
            if await asyncio.to_thread(engine.reload_if_changed):
                logger.info(
                    "loaded index version %d, built by another worker", engine.searcher.version
                )
        except StorageError as error:  # keep answering from the snapshot in memory
            logger.warning("could not check the index file: %s", error)


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
