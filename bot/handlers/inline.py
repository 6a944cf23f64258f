"""Inline mode: `@bot سؤال` in any chat offers the top cited excerpts as results to send."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import InlineQueryLimit
from telegram.ext import ContextTypes
from telegram.helpers import create_deep_linked_url

from bot import callbacks, texts
from bot.handlers.common import search, state
from bot.questions import question_problem
from bot.render import TELEGRAM_LIMIT, hit_block, truncate
from bot.telegram_format import escape
from retrieval.search import Answer, Hit

INLINE_RESULTS = 5
TITLE_CHARS = 100
DESCRIPTION_CHARS = 200
CACHE_SECONDS = 60  # Telegram may reuse an answer this long; a reindex shows after it
START_PAYLOAD = "inline"  # the /start payload of the button above empty results


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query with up to five excerpts, each linking to the bot's chat."""
    query = update.inline_query
    st = state(context)
    question = query.query.strip()
    ask_in_chat = InlineQueryResultsButton(
        text=texts.INLINE_ASK_IN_CHAT, start_parameter=START_PAYLOAD
    )
    if question_problem(question):
        await query.answer([], button=ask_in_chat, cache_time=CACHE_SECONDS)
        return
    top_k = min(INLINE_RESULTS, InlineQueryLimit.RESULTS)
    timed = await search(st, query.from_user.id, question, top_k)
    answer = timed.answer
    results = [inline_result(answer, hit, question, context.bot.username) for hit in answer.hits]
    await query.answer(results, button=ask_in_chat, cache_time=CACHE_SECONDS)


def inline_result(
    answer: Answer, hit: Hit, question: str, bot_username: str
) -> InlineQueryResultArticle:
    """One excerpt as an inline result: the question and the cited excerpt, and a deep link
    that opens the whole passage in the bot's chat."""
    payload = callbacks.shared_passage_payload(hit.passage_index, answer.index_version)
    link = create_deep_linked_url(bot_username, payload)
    text = f"{texts.INLINE_QUESTION.format(question=escape(question))}\n\n{hit_block(hit, True)}"
    return InlineQueryResultArticle(
        id=f"{answer.index_version}:{hit.passage_index}",
        title=hit.document.title[:TITLE_CHARS],
        description=hit.excerpt.text[:DESCRIPTION_CHARS],
        input_message_content=InputTextMessageContent(truncate(text, True, TELEGRAM_LIMIT)),
        reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(texts.OPEN_IN_CHAT, url=link)]]),
    )
