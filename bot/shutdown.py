"""Stop promptly on SIGINT, SIGTERM or SIGABRT, even in the middle of a reindex."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading

from telegram.ext import Application

from bot.state import STATE_KEY

logger = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)
# PTB can sleep up to 30 s between failed getUpdates before it looks at a stop request; a
# stop that has not ended the process by then ends it at once (SQLite rolls back what was open).
STOP_DEADLINE_SECONDS = 3.5


def exit_now() -> None:
    """The deadline passed: flush the logs and end the process."""
    logger.warning("still stopping after %.1f s: exiting now", STOP_DEADLINE_SECONDS)
    logging.shutdown()
    os._exit(0)


def install_stop_signals(app: Application) -> None:
    """Replace PTB's signal handlers (call from post_init): abandon the build, then stop.

    PTB's own handlers only stop polling, and then wait for every handler to finish: a
    reindex would hold the process for as long as it runs.
    """
    loop = asyncio.get_running_loop()

    def stop(number: int) -> None:
        logger.info("received %s: stopping", signal.Signals(number).name)
        state = app.bot_data.get(STATE_KEY)
        if state is not None:
            state.engine.stop_building()
        app.stop_running()
        deadline = threading.Timer(STOP_DEADLINE_SECONDS, exit_now)
        deadline.daemon = True
        deadline.start()

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop, number)
