"""The error handler: log the update and the traceback, then apologise briefly."""

from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.error import BadRequest, Conflict, NetworkError, TimedOut
from telegram.ext import ContextTypes

from bot import texts
from bot.scrub import scrubbed
from bot.state import STATE_KEY

logger = logging.getLogger(__name__)
# Set in bot_data when Telegram answers 409: run_bot then exits with one line.
CONFLICT_KEY = "another_instance"
CONFLICT = (
    "another instance is polling with this token (Telegram answered 409 Conflict): "
    "stop it, or give this one its own bot token"
)


def polling_failed(error: object, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Handle an error of getUpdates itself (no update): stop on 409, else one line; say if so."""
    if isinstance(error, Conflict):
        if not context.bot_data.get(CONFLICT_KEY):
            context.bot_data[CONFLICT_KEY] = True
            logger.error("%s; stopping", CONFLICT)
            context.application.stop_running()
        return True
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):  # PTB retries
        logger.warning("getting updates failed (%s); retrying", error)
        return True
    return False


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first (people's ids hashed, their names left out, their text only while the query
    log is on), then tell the user something short; never raise."""
    if update is None and polling_failed(context.error, context):
        return
    bot_state = context.bot_data.get(STATE_KEY)
    if isinstance(update, Update) and bot_state is not None:
        log = bot_state.log
        described = json.dumps(
            scrubbed(update.to_dict(), log.user_hash, keep_text=log.enabled), ensure_ascii=False
        )
    elif isinstance(update, Update):
        described = f"update {update.update_id}"
    else:
        described = repr(update)
    logger.error("update %s caused an error", described[:4000], exc_info=context.error)
    if not isinstance(update, Update):
        return
    if isinstance(context.error, TimedOut):  # the reply may have arrived: no apology after it
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.APOLOGY, show_alert=True)
            return
        except Exception:
            logger.info("could not answer the button press; apologising in the chat instead")
    if update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, texts.APOLOGY)
        except Exception:
            logger.exception("could not send the apology")
