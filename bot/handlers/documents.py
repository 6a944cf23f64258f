"""Admin document commands: /docs (per source, newest, by name) and /remove with confirmation."""

from __future__ import annotations

import asyncio
import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from bot import callbacks, texts
from bot.handlers.admin import code, reindex
from bot.handlers.common import reply, require_admin, state
from bot.library import TRASH_FOLDER, files, matching_files, move_to_trash, newest, source_counts
from bot.render import short_title
from bot.telegram_format import confirm_keyboard, escape
from bot.uploads import PendingRemoval
from retrieval.corpus import Corpus, DocumentInfo
from retrieval.filters import day_of, spoken_day

logger = logging.getLogger(__name__)
SHOWN_SOURCES = 20
SHOWN_NEWEST = 5
SHOWN_FILES = 15


def _argument(message: Message) -> str:
    """The text after the command."""
    parts = (message.text or "").split(maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


def _document_line(document: DocumentInfo) -> str:
    """A document in a list: its source and day when known, and its short title."""
    day = day_of(document.date)
    origin = " · ".join(x for x in (document.publisher, spoken_day(day) if day else "") if x)
    title = escape(short_title(document.title))
    return f"• {escape(origin)} — {title}" if origin else f"• {title}"


def per_source_lines(corpus: Corpus, limit: int = SHOWN_SOURCES) -> list[str]:
    """«• عكاظ: 2,846» lines, most documents first."""
    counts = source_counts(corpus, texts.FILES_LABEL)
    lines = [f"• {escape(name)}: {count:,}" for name, count in counts[:limit]]
    if len(counts) > limit:
        lines.append(texts.REINDEX_MORE_FILES.format(count=len(counts) - limit))
    return lines


def docs_message(corpus: Corpus, query: str) -> str:
    """/docs: documents per source and the newest; /docs TEXT: the files whose name holds it."""
    if query:
        found = matching_files(corpus, query, SHOWN_FILES)
        if not found:
            return texts.DOCS_NONE_FOUND.format(query=escape(query))
        lines = [texts.DOCS_FOUND.format(query=escape(query))]
        lines += [
            f"• {code(f.path)} — {texts.documents_count(f.documents)} — "
            f"{escape(short_title(f.title))}"
            for f in found
        ]
        return "\n".join(lines)
    lines = [texts.DOCS_TITLE.format(documents=texts.documents_count(len(corpus.documents)))]
    lines += [texts.DOCS_PER_SOURCE, *per_source_lines(corpus)]
    lines += [texts.DOCS_NEWEST, *(_document_line(d) for d in newest(corpus, SHOWN_NEWEST))]
    lines.append(texts.DOCS_HINT)
    return "\n".join(lines)


async def on_docs(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/docs [name]: what the index holds, for admins."""
    if not await require_admin(update, context, "/docs"):
        return
    corpus = state(context).engine.searcher.corpus
    message = update.effective_message
    await reply(message, docs_message(corpus, _argument(message)[:100]))


def _removal_keyboard(token: str) -> InlineKeyboardMarkup:
    """«delete» / «cancel» under the question about removing a file."""
    return confirm_keyboard(
        texts.REMOVE_BUTTON, callbacks.Remove(token, True), callbacks.Remove(token, False)
    )


async def on_remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/remove NAME: ask the admin to confirm moving an indexed file to the trash folder."""
    if not await require_admin(update, context, "/remove"):
        return
    st = state(context)
    message = update.effective_message
    name = _argument(message)
    if not name:
        await reply(message, texts.REMOVE_USAGE)
        return
    indexed = files(st.engine.searcher.corpus).get(name)
    folder = st.settings.corpus_dir
    # only a file the index names, by a path without «..» or a leading «/», inside the folder
    unsafe = any(part in ("", "..") or part.startswith(".") for part in name.split("/"))
    if indexed is None or unsafe or not (folder / name).is_file():
        await reply(message, texts.REMOVE_UNKNOWN.format(name=code(name[:100])))
        return
    token = st.removals.put(PendingRemoval(name, update.effective_user.id))
    question = texts.REMOVE_CONFIRM.format(
        name=code(name), documents=texts.documents_count(indexed.documents)
    )
    await reply(message, question, _removal_keyboard(token))


async def confirm_removal(
    query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, action: callbacks.Remove
) -> None:
    """Move the file to the trash and reindex (or keep it), as the admin who asked chose."""
    st = state(context)
    pending = st.removals.get(action.token)
    if pending is None or query.from_user.id != pending.admin_id:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    st.removals.pop(action.token)
    await query.answer()
    name = code(pending.name)
    if not action.remove:
        await query.edit_message_text(texts.REMOVE_CANCELLED.format(name=name))
        return
    await query.edit_message_reply_markup(None)
    folder = st.settings.corpus_dir
    try:
        await asyncio.to_thread(move_to_trash, folder, pending.name)
    except FileNotFoundError:
        await query.edit_message_text(texts.REMOVE_GONE.format(name=name))
        return
    logger.info("moved a corpus file to the trash folder")
    report = await reindex(st)
    if report is None:
        text = texts.REINDEX_RUNNING
    elif isinstance(report, str):
        text = texts.REINDEX_FAILED.format(reason=escape(report))
    else:
        removed = sum(1 for path in report.removed if path.split("#")[0] == pending.name)
        text = texts.REMOVE_DONE.format(
            name=name,
            trash=escape(f"{TRASH_FOLDER}/"),
            documents=f"{texts.REINDEX_REMOVED} {texts.documents_count(removed)}",
        )
    await query.edit_message_text(text)
