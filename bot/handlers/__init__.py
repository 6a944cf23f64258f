"""Register every handler of the bot, in the order they are tried."""

from __future__ import annotations

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.handlers.admin import on_document, on_reindex
from bot.handlers.ask import on_ask_command, on_group_text, on_private_text
from bot.handlers.buttons import on_button
from bot.handlers.documents import on_docs, on_remove
from bot.handlers.errors import on_error
from bot.handlers.gate import limit_every_update
from bot.handlers.info import on_new, on_not_text, on_start, on_stats, on_unknown_command
from bot.handlers.inline import on_inline_query


def register(app: Application) -> None:
    """Add the commands, message, button and error handlers to app."""
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE & new_messages
    groups = filters.ChatType.GROUPS & new_messages
    app.add_handler(TypeHandler(Update, limit_every_update), group=-1)  # before every other
    app.add_handler(CommandHandler(["start", "help"], on_start, filters=new_messages))
    app.add_handler(CommandHandler("ask", on_ask_command, filters=new_messages))
    app.add_handler(CommandHandler("new", on_new, filters=new_messages))
    app.add_handler(CommandHandler("stats", on_stats, filters=new_messages))
    app.add_handler(CommandHandler("reindex", on_reindex, filters=new_messages))
    app.add_handler(CommandHandler("docs", on_docs, filters=new_messages))
    app.add_handler(CommandHandler("remove", on_remove, filters=new_messages))
    app.add_handler(MessageHandler(private & filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(InlineQueryHandler(on_inline_query))
    app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_private_text))
    app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND, on_group_text))
    app.add_handler(MessageHandler(private & filters.COMMAND, on_unknown_command))
    app.add_handler(
        MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_not_text)
    )
    app.add_error_handler(on_error)
