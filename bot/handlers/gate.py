"""The per-user limit on every update the bot would answer: questions, commands, buttons, media."""

from __future__ import annotations

import contextlib

from telegram import InlineQueryResultsButton, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from bot.handlers.ask import addressed_question
from bot.handlers.common import reply, state
from bot.handlers.inline import START_PAYLOAD
from bot.limits import Verdict


def answered_by_the_bot(update: Update, bot_id: int, bot_username: str | None) -> bool:
    """Tell whether the bot would reply to this update (in groups: commands to it, mentions)."""
    if update.callback_query is not None or update.inline_query is not None:
        return True
    message = update.message
    if message is None:
        return False
    if message.chat.type == ChatType.PRIVATE:
        return True
    commands = message.parse_entities([MessageEntity.BOT_COMMAND]).values()
    for command in commands:
        to = command.partition("@")[2]
        if not to or (bot_username and to.lower() == bot_username.lower()):
            return True
    return addressed_question(message, bot_id, bot_username) is not None


def slow_down_button() -> InlineQueryResultsButton:
    """The button above no results that tells an inline user to slow down (opens the chat)."""
    return InlineQueryResultsButton(text=texts.INLINE_SLOW_DOWN, start_parameter=START_PAYLOAD)


async def limit_every_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Let an update through while its sender is under the limit; else stop it here (telling
    them once a minute), so no flood of any kind takes the bot's sending rate from others.
    Inline queries have their own, larger budget (one is sent at each pause in typing)."""
    if not isinstance(update, Update) or not answered_by_the_bot(
        update, context.bot.id, context.bot.username
    ):
        return
    user = update.effective_user
    chat = update.effective_chat
    sender = user.id if user else chat.id if chat else None
    if sender is None:
        return
    st = state(context)
    limiter = st.inline_limiter if update.inline_query is not None else st.limiter
    verdict = limiter.hit(sender)
    if verdict is Verdict.OK:
        return
    if verdict is Verdict.NOTIFY:
        with contextlib.suppress(TelegramError):
            if update.inline_query is not None:
                await update.inline_query.answer([], button=slow_down_button(), cache_time=0)
            elif update.callback_query is not None:
                await update.callback_query.answer(texts.SLOW_DOWN, show_alert=True)
            elif update.effective_message is not None:
                await reply(update.effective_message, texts.SLOW_DOWN)
    raise ApplicationHandlerStop
