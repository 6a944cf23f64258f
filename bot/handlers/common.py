"""Helpers the handlers share: the bot state, replying in HTML, the typing indicator."""

from __future__ import annotations

import contextlib
import logging

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import texts
from bot.state import STATE_KEY, BotState

logger = logging.getLogger(__name__)


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The bot state the factory stored in bot_data."""
    return context.bot_data[STATE_KEY]


async def reply(
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message:
    """Reply with Telegram HTML (quoting the question in groups, not in private chats)."""
    return await message.reply_text(text, reply_markup=keyboard)


async def show_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show «typing…» while the bot works; a failure here must not stop the answer."""
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> bool:
    """Let admins through; refuse anyone else politely and log it (with a hashed user id)."""
    st = state(context)
    user = update.effective_user
    if user is not None and st.is_admin(user.id):
        return True
    logger.warning(
        "refused %s to non-admin user %s", action, st.log.user_hash(user.id) if user else "-"
    )
    if update.effective_message is not None:
        refusal = texts.UPLOAD_ONLY_ADMINS if action == "upload" else texts.NOT_ADMIN
        await reply(update.effective_message, refusal)
    return False
