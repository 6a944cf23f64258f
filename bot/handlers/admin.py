"""Admin work: /reindex, and files (.txt .md .pdf .docx .html) sent to join the corpus."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from telegram import CallbackQuery, Message, Update
from telegram.ext import ContextTypes

from bot import callbacks, texts
from bot.handlers.common import reply, require_admin, retried_once, state
from bot.memory import chat_memory, save_memory
from bot.state import BotState
from bot.telegram_format import escape, reindex_message, upload_keyboard
from bot.uploads import (
    PendingUpload,
    content_problem,
    name_problem,
    replace_file,
    save_new,
    save_problem,
    size_problem,
)
from storage.errors import BuildCancelled, CorpusUnreadable, DiskFull, MassRemoval, StorageError
from storage.index_writer import IndexReport

logger = logging.getLogger(__name__)


async def reindex(st: BotState) -> IndexReport | str | None:
    """Refresh the index in a worker thread; None if one is running, a reason if it failed."""
    try:
        return await asyncio.to_thread(st.engine.reindex, st.settings.corpus_dir)
    except StorageError as error:
        logger.warning("reindex failed: %s", error)
        return failure_text(error)
    except Exception as error:  # the old index keeps serving; the admin hears why, in one line
        logger.exception("reindex failed")
        return escape(f"{type(error).__name__}: {error}"[:300])


def failure_text(error: StorageError) -> str:
    """Why a reindex failed, as Telegram HTML (Arabic for the refusals an admin can act on)."""
    detail = escape(str(error))
    if isinstance(error, BuildCancelled):
        return texts.REINDEX_STOPPED
    if isinstance(error, CorpusUnreadable):
        return texts.REINDEX_UNREADABLE.format(detail=detail)
    if isinstance(error, DiskFull):
        return texts.REINDEX_DISK_FULL.format(detail=detail)
    if isinstance(error, MassRemoval):
        return texts.REINDEX_MASS_REMOVAL.format(detail=detail)
    return detail


async def on_reindex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/reindex: refresh from the corpus folder while answers go on, then report."""
    if not await require_admin(update, context, "/reindex"):
        return
    st = state(context)
    message = update.effective_message
    if st.engine.building:
        await reply(message, texts.REINDEX_RUNNING)
        return
    progress = await reply(message, texts.REINDEX_STARTED)
    report = await reindex(st)
    if report is None:
        text = texts.REINDEX_RUNNING
    elif isinstance(report, str):
        text = texts.REINDEX_FAILED.format(reason=report)
    else:
        logger.info("reindex: %d documents, %d passages", report.documents, report.passages)
        text = reindex_message(report)
    await retried_once(lambda: progress.edit_text(text))


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file from an admin: check it, save it (asking before replacing), reindex, report."""
    if not await require_admin(update, context, "upload"):
        return
    st = state(context)
    message = update.effective_message
    document = message.document
    name = document.file_name or ""
    if problem := name_problem(name) or size_problem(document.file_size, name):
        await reply(message, rejected(name, problem))
        return
    data = bytes(await (await document.get_file()).download_as_bytearray())
    if problem := content_problem(data, name):
        await reply(message, rejected(name, problem))
        return
    folder = st.settings.corpus_dir
    target = folder / name
    if target.exists() and not target.is_file():
        await reply(message, rejected(name, texts.REASON_NOT_A_FILE))
        return
    if target.exists():
        if target.read_bytes() == data:
            await reply(message, texts.UPLOAD_SAME.format(name=code(name)))
            return
        token = chat_memory(context).uploads.put(
            PendingUpload(name, data, update.effective_user.id)
        )
        await save_memory(context, message.chat_id)
        await reply(message, texts.UPLOAD_EXISTS.format(name=code(name)), upload_keyboard(token))
        return
    if await saved(message, name, lambda: save_new(folder, name, data)):
        logger.info("saved an uploaded file of %d bytes into the corpus", len(data))
        await index_upload(message, st, name, replaced=False)


async def saved(message: Message | None, name: str, save: Callable[[], object]) -> bool:
    """Run save in a thread; if the disk refuses it (full, name too long…), say why (in the
    chat of message, when there is one)."""
    try:
        await asyncio.to_thread(save)
    except OSError as error:
        logger.warning("could not save an upload: %s", error.strerror or type(error).__name__)
        if message is not None:
            reason = escape(save_problem(error))
            await reply(message, texts.UPLOAD_NOT_SAVED.format(name=code(name), reason=reason))
        return False
    return True


async def confirm_upload(
    query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, action: callbacks.Upload
) -> None:
    """Replace the existing file (or keep it) as the admin who sent the upload chose."""
    st = state(context)
    uploads = chat_memory(context).uploads
    pending = uploads.get(action.token)
    if pending is None or query.from_user.id != pending.admin_id:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    uploads.pop(action.token)
    if query.message is not None:
        await save_memory(context, query.message.chat.id)
    await query.answer()
    if not action.replace:
        await query.edit_message_text(texts.UPLOAD_CANCELLED.format(name=code(pending.name)))
        return
    await query.edit_message_reply_markup(None)
    message = query.message if isinstance(query.message, Message) else None
    folder = st.settings.corpus_dir
    if await saved(message, pending.name, lambda: replace_file(folder, pending.name, pending.data)):
        logger.info("replaced a corpus file with an upload of %d bytes", len(pending.data))
        if message is not None:
            await index_upload(message, st, pending.name, replaced=True)


async def index_upload(message: Message, st: BotState, name: str, replaced: bool) -> None:
    """Reindex after an upload and say how many passages the file brought."""
    report = await reindex(st)
    if report is None:
        await reply(message, texts.UPLOAD_SAVED_BUSY.format(name=code(name)))
        return
    if isinstance(report, str):
        await reply(message, texts.REINDEX_FAILED.format(reason=report))
        return
    skipped = next((s for s in report.skipped if s.path == name), None)
    if skipped is not None:
        reason = escape(texts.skip_reason(skipped.reason))
        await reply(message, texts.UPLOAD_NOT_INDEXED.format(name=code(name), reason=reason))
        return
    count = st.engine.passages_from(name)
    done = texts.UPLOAD_REPLACED if replaced else texts.UPLOAD_DONE
    await reply(message, done.format(name=code(name), passages=texts.passages_added(count)))


def code(name: str) -> str:
    """A file name as escaped <code>."""
    return f"<code>{escape(name)}</code>"


def rejected(name: str, reason: str) -> str:
    """Why an uploaded file was refused (the name shown escaped and shortened)."""
    shown = code(name[:100]) if name else "—"
    return texts.UPLOAD_REJECTED.format(name=shown, reason=escape(reason))
