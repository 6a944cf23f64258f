"""The error handler: log the update and the traceback, then apologise briefly."""

from __future__ import annotations

import json
import logging

from telegram import Update
from telegram.ext import ContextTypes

from bot import texts

logger = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log first, then tell the user something short; never raise."""
    described = (
        json.dumps(update.to_dict(), ensure_ascii=False)
        if isinstance(update, Update)
        else repr(update)
    )
    logger.error("update %s caused an error", described[:4000], exc_info=context.error)
    if not isinstance(update, Update):
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
