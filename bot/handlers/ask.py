"""Questions: any text in a private chat; /ask, mentions and replies to the bot in groups."""

from __future__ import annotations

from telegram import Message, MessageEntity, Update
from telegram.ext import ContextTypes

from bot import texts
from bot.conversation import Asked
from bot.handlers.common import reply, search, state, typing_if_slow
from bot.memory import chat_memory, save_memory
from bot.questions import question_problem
from bot.small_talk import SMALL_TALK_REPLIES, example_question, small_talk
from bot.telegram_format import answer_message, escape


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Treat any text in a private chat as a question."""
    await answer(update, context, update.effective_message.text or "")


async def on_ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask <question>: the way to ask in a group (works in private chats too)."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1)
    if len(parts) < 2:
        await reply(message, texts.ask_usage(_example(context)))
        return
    await answer(update, context, parts[1])


def _example(context: ContextTypes.DEFAULT_TYPE) -> str:
    """An escaped example question the collection in use answers."""
    return escape(example_question(state(context).engine.searcher.corpus))


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups, answer messages that mention the bot or reply to it; ignore the rest."""
    message = update.effective_message
    question = addressed_question(message, context.bot.id, context.bot.username)
    if question is None:
        return
    if not question.strip():
        await reply(message, texts.ask_usage(_example(context)))
        return
    await answer(update, context, question)


def addressed_question(message: Message, bot_id: int, bot_username: str | None) -> str | None:
    """The question in a group message meant for the bot (mention removed), or None."""
    text = message.text or ""
    mentions = [
        (entity, value)
        for entity, value in message.parse_entities(
            [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
        ).items()
        if (entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id)
        or (bot_username and value.lower() == f"@{bot_username}".lower())
    ]
    replied = message.reply_to_message
    if not mentions and not (replied and replied.from_user and replied.from_user.id == bot_id):
        return None
    for _, value in mentions:
        text = text.replace(value, " ", 1)
    return " ".join(text.split())


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Search for a question and reply with cited excerpts and buttons (or say why not)."""
    st = state(context)
    message = update.effective_message
    user = update.effective_user
    user_id = user.id if user else message.chat_id
    if problem := question_problem(question, _example(context)):
        await reply(message, problem)
        return
    question = question.strip()
    if kind := small_talk(question):
        await reply(message, SMALL_TALK_REPLIES[kind](_example(context)))
        return  # no question: not searched, not logged
    memory = chat_memory(context)
    after, subject = memory.conversations.previous(message.chat_id, user_id)
    searched = search(st, user_id, question, st.settings.top_k, 0, after, subject)
    timed = await typing_if_slow(context, message.chat_id, searched)
    token = ""
    if not timed.answer.abstained:
        token = memory.questions.put(Asked(question, after, subject))
        memory.conversations.remember(
            message.chat_id, user_id, timed.answer.hits[0].document.path, timed.answer.subject
        )
        await save_memory(context, message.chat_id)
    text, keyboard = answer_message(timed.answer, token)
    await reply(message, text, keyboard)
    await st.log.save(user_id, message.chat.type, question, timed)
