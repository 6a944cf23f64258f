"""The inline buttons: «المزيد», the full passage of an excerpt, and upload confirmations."""

from __future__ import annotations

import contextlib
import logging

from telegram import CallbackQuery, Message, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot import callbacks, texts
from bot.handlers.admin import confirm_upload
from bot.handlers.common import retried_once, search, state, typing_if_slow
from bot.handlers.documents import confirm_removal
from bot.memory import chat_memory, save_memory
from bot.telegram_format import answer_message, passage_view, without_more

logger = logging.getLogger(__name__)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Dispatch a button press; a malformed, forged or stale one gets a polite notice."""
    query = update.callback_query
    action = callbacks.parse(query.data)
    if isinstance(action, callbacks.More) and query.message is not None:
        await show_more(query, context, action)
    elif isinstance(action, callbacks.Passage) and query.message is not None:
        await show_passage(query, context, action)
    elif isinstance(action, callbacks.Upload):
        await confirm_upload(query, context, action)
    elif isinstance(action, callbacks.Remove):
        await confirm_removal(query, context, action)
    elif isinstance(action, callbacks.NewQuestion) and query.message is not None:
        chat_memory(context).conversations.forget(query.message.chat.id, query.from_user.id)
        await save_memory(context, query.message.chat.id)
        await query.answer(texts.NEW_DONE)
    else:
        await stale(query)


async def stale(query: CallbackQuery) -> None:
    """Tell the user the button no longer works."""
    logger.info("stale or malformed button %r", (query.data or "")[: callbacks.MAX_DATA_BYTES])
    await query.answer(texts.STALE_BUTTON, show_alert=True)


async def show_more(
    query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, action: callbacks.More
) -> None:
    """Send the next results of the question, and drop «المزيد» from the older message."""
    st = state(context)
    asked = chat_memory(context).questions.get(action.token)
    if asked is None:
        await stale(query)
        return
    chat_id = query.message.chat.id
    user = query.from_user.id
    searched = search(
        st, user, asked.text, st.settings.top_k, action.offset, asked.after, asked.subject
    )
    timed = await typing_if_slow(context, chat_id, searched)
    if timed.answer.abstained or not timed.answer.hits:
        await query.answer(texts.NO_MORE, show_alert=True)
        return
    await query.answer()
    text, keyboard = answer_message(timed.answer, action.token)
    await retried_once(lambda: context.bot.send_message(chat_id, text, reply_markup=keyboard))
    if isinstance(query.message, Message):
        with contextlib.suppress(BadRequest):
            await query.edit_message_reply_markup(without_more(query.message.reply_markup))


async def show_passage(
    query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, action: callbacks.Passage
) -> None:
    """Send the whole passage of an excerpt with its neighbours, if the index is the same."""
    st = state(context)
    searcher = st.engine.searcher
    if action.version != searcher.version or action.passage >= len(searcher.corpus.passages):
        await stale(query)
        return
    asked = chat_memory(context).questions.get(action.token) if action.token else None
    text = passage_view(searcher, action.passage, asked.text if asked else None)
    await query.answer()
    chat_id = query.message.chat.id
    await retried_once(lambda: context.bot.send_message(chat_id, text))
