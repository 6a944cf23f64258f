"""The one factory of the Telegram Application: polling, the demo and the tests all use it."""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    LinkPreviewOptions,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults

from bot import texts
from bot.engine import Engine
from bot.handlers import register
from bot.index_watch import start_watching, stop_watching
from bot.journal import QuestionLog
from bot.persistence import ChatStatePersistence, state_path
from bot.poison import SkipUnreadableUpdates
from bot.settings import Settings, Webhook
from bot.shutdown import install_stop_signals
from bot.state import STATE_KEY, BotState

logger = logging.getLogger(__name__)
# How many updates are handled at once: one slow search or reindex must not hold up the rest.
CONCURRENT_UPDATES = 32
# Retries after Telegram answers 429 (the rate limiter waits for the retry_after it gives).
FLOOD_RETRIES = 3
# The updates the handlers use; Telegram sends no others.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]


async def start_up(app: Application) -> None:
    """post_init: stop promptly on signals, watch the index file for other workers' reindexes,
    set up the profile."""
    install_stop_signals(app)
    await start_watching(app)
    await set_up_profile(app)


async def set_up_profile(app: Application) -> None:
    """The Arabic descriptions, the command menu for everyone, and the menu with the admin
    commands in each admin's private chat."""
    bot = app.bot
    await bot.set_my_description(texts.BOT_DESCRIPTION)
    await bot.set_my_short_description(texts.BOT_SHORT_DESCRIPTION)
    everyone = [BotCommand(n, t) for n, t in texts.COMMANDS if n not in texts.ADMIN_COMMANDS]
    await bot.set_my_commands(everyone, scope=BotCommandScopeDefault())
    admins = [BotCommand(name, text) for name, text in texts.COMMANDS]
    for admin_id in sorted(app.bot_data[STATE_KEY].settings.admin_ids):
        try:  # Telegram knows the chat only once the admin has written to the bot
            await bot.set_my_commands(admins, scope=BotCommandScopeChat(admin_id))
        except BadRequest as error:
            logger.info("no admin command menu for an admin yet: %s", error)


def build_application(settings: Settings, engine: Engine) -> Application:
    """Build the bot from settings and a loaded engine, with every handler registered."""
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=FLOOD_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .get_updates_request(SkipUnreadableUpdates())
        .post_init(start_up)
        .post_stop(stop_watching)
        .persistence(ChatStatePersistence(state_path(settings.db_path)))
    )
    if settings.base_url:
        builder = builder.base_url(settings.base_url)
    if settings.base_file_url:
        builder = builder.base_file_url(settings.base_file_url)
    app = builder.build()
    log = QuestionLog.open(settings.db_path, settings.hash_salt, settings.log_questions)
    app.bot_data[STATE_KEY] = BotState(settings, engine, log)
    register(app)
    return app


def webhook_options(webhook: Webhook) -> dict[str, Any]:
    """Arguments of run_webhook/start_webhook: listen on this worker's address and port for the
    URL path, register the public URL with its secret (Telegram then sends the secret in every
    request, and PTB refuses requests without it with 403)."""
    return {
        "listen": webhook.listen,
        "port": webhook.port,
        "url_path": webhook.path,
        "webhook_url": webhook.url,
        "secret_token": webhook.secret,
        "allowed_updates": ALLOWED_UPDATES,
    }
