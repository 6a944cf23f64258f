"""Helpers the handlers share: the bot state, replying in HTML, the typing indicator."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot import texts
from bot.engine import Timed
from bot.state import HEAVY_WORDS, STATE_KEY, BotState

logger = logging.getLogger(__name__)
# «typing…» costs a request of the bot's ~30 a second: only worth it when the answer is slow.
TYPING_AFTER_SECONDS = 1.0
RETRY_AFTER_SECONDS = 1.0
T = TypeVar("T")


def state(context: ContextTypes.DEFAULT_TYPE) -> BotState:
    """The bot state the factory stored in bot_data."""
    return context.bot_data[STATE_KEY]


async def reply(
    message: Message, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message:
    """Reply with Telegram HTML (quoting the question in groups, not in private chats)."""
    return await retried_once(lambda: message.reply_text(text, reply_markup=keyboard))


async def retried_once(send: Callable[[], Awaitable[T]]) -> T:
    """Send; after a network failure that surely lost the message (not a timeout: that one
    may have arrived), wait a moment and send once more."""
    try:
        return await send()
    except (TimedOut, BadRequest):  # BadRequest is a NetworkError in PTB, but final
        raise
    except NetworkError as error:
        logger.warning("sending failed (%s); trying once more", error)
        await asyncio.sleep(RETRY_AFTER_SECONDS)
        return await send()


async def search(
    st: BotState,
    user: int,
    question: str,
    top_k: int,
    offset: int = 0,
    after: str | None = None,
    subject: str = "",
) -> Timed:
    """Engine.ask in a worker thread: one at a time per user, at most SEARCHES_AT_ONCE at a
    time in all (the rest queue); questions of over HEAVY_WORDS words one at a time, beside."""
    lane = st.heavy_searching if len(question.split()) > HEAVY_WORDS else st.searching
    mine = st.user_searches.setdefault(user, asyncio.Lock())  # kept while this call holds it
    async with mine, lane:
        return await asyncio.to_thread(
            st.engine.ask, question, top_k, offset, after, subject=subject
        )


async def show_typing(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    """Show «typing…» in a private chat while the bot works; a failure must not stop the answer."""
    if chat_id < 0:  # groups: the rate limiter counts it against the group's 20 messages a minute
        return
    with contextlib.suppress(TelegramError):
        await context.bot.send_chat_action(chat_id, ChatAction.TYPING)


async def typing_if_slow(context: ContextTypes.DEFAULT_TYPE, chat_id: int, work: Awaitable[T]) -> T:
    """Await work; show «typing…» only if it is not done within TYPING_AFTER_SECONDS."""
    task = asyncio.ensure_future(work)
    done, _ = await asyncio.wait({task}, timeout=TYPING_AFTER_SECONDS)
    if not done:
        await show_typing(context, chat_id)
    return await task


def not_own_message(update: Update) -> str | None:
    """Why a message cannot carry an admin's authority (forwarded, sent as a chat), or None."""
    message = update.message
    if message is None:
        return None
    if message.forward_origin is not None or message.is_automatic_forward:
        return "a forwarded message"
    if message.sender_chat is not None:
        return "a message sent on behalf of a chat"
    return None


def admin_in_person(update: Update, st: BotState) -> bool:
    """Tell whether an admin typed this message themself, in their own name."""
    user = update.effective_user
    return user is not None and st.is_admin(user.id) and not_own_message(update) is None


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, action: str) -> bool:
    """Let admins' own messages through; refuse anything else politely and log it (hashed id)."""
    st = state(context)
    if admin_in_person(update, st):
        return True
    user = update.effective_user
    why = not_own_message(update) or "not an admin"
    logger.warning(
        "refused %s to user %s: %s", action, st.log.user_hash(user.id) if user else "-", why
    )
    if update.effective_message is not None:
        if not_own_message(update):
            refusal = texts.NOT_TYPED_BY_ADMIN
        else:
            refusal = texts.UPLOAD_ONLY_ADMINS if action == "upload" else texts.NOT_ADMIN
        await reply(update.effective_message, refusal)
    return False
