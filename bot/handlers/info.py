"""/start, /help, /stats, and the replies to what the bot cannot answer."""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import callbacks, texts
from bot.handlers.common import admin_in_person, reply, state
from bot.handlers.documents import per_source_lines
from bot.memory import chat_memory, save_memory
from bot.small_talk import example_question
from bot.telegram_format import escape, passage_view, stats_message
from storage.errors import StorageError

logger = logging.getLogger(__name__)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Say what the bot does, how to ask, what the sources are and which commands exist; or,
    for a link shared from inline mode (/start p_…), show that passage."""
    shared = callbacks.parse_shared_passage(context.args[0]) if context.args else None
    if shared is not None:
        await show_shared_passage(update, context, shared)
        return
    corpus = state(context).engine.searcher.corpus
    example = escape(example_question(corpus))
    await reply(
        update.effective_message,
        texts.welcome(len(corpus.documents), len(corpus.passages), example),
    )


async def show_shared_passage(
    update: Update, context: ContextTypes.DEFAULT_TYPE, shared: callbacks.Passage
) -> None:
    """The whole passage a deep link names, if the index still has it."""
    searcher = state(context).engine.searcher
    if shared.version != searcher.version or shared.passage >= len(searcher.corpus.passages):
        await reply(update.effective_message, texts.SHARED_PASSAGE_GONE)
        return
    await reply(update.effective_message, passage_view(searcher, shared.passage))


async def on_new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/new: forget the follow-up context, so the next question is read as a new one."""
    message = update.effective_message
    user = update.effective_user
    chat_memory(context).conversations.forget(message.chat_id, user.id if user else message.chat_id)
    await save_memory(context, message.chat_id)
    await reply(message, texts.NEW_DONE)


async def on_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Documents, passages and last build; for admins also today's and unanswered questions."""
    st = state(context)
    corpus = st.engine.searcher.corpus
    # Other users' questions are shown only to an admin in person, and only in a private chat.
    chat = update.effective_chat
    admin = admin_in_person(update, st) and chat is not None and chat.type == ChatType.PRIVATE
    summary = None
    if admin and st.log.enabled:
        try:
            summary = await asyncio.to_thread(st.log.summary)
        except StorageError as error:  # the database deleted under the bot: the rest still shows
            logger.warning("could not read the query log for /stats: %s", error)
    text = stats_message(
        len(corpus.documents),
        len(corpus.passages),
        corpus.built_at,
        summary,
        log_off=admin and not st.log.enabled,
        per_source=per_source_lines(corpus),
    )
    await reply(update.effective_message, text)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Point to /help after a command the bot does not have."""
    await reply(update.effective_message, texts.UNKNOWN_COMMAND)


async def on_not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain that only written questions are understood (stickers, photos, voice…)."""
    await reply(update.effective_message, texts.NOT_TEXT)
