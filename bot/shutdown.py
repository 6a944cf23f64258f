"""Stop promptly on SIGINT, SIGTERM or SIGABRT, even in the middle of a reindex."""

from __future__ import annotations

import asyncio
import logging
import signal

from telegram.ext import Application

from bot.state import STATE_KEY

logger = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)


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

    for number in STOP_SIGNALS:
        loop.add_signal_handler(number, stop, number)
