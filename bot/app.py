"""The one factory of the Telegram Application: polling, the demo and the tests all use it."""

from __future__ import annotations

from typing import Any

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, Defaults

from bot import texts
from bot.engine import Engine
from bot.handlers import register
from bot.journal import QuestionLog
from bot.persistence import ChatStatePersistence, state_path
from bot.settings import Settings, Webhook
from bot.state import STATE_KEY, BotState

# How many updates are handled at once: one slow search or reindex must not hold up the rest.
CONCURRENT_UPDATES = 32
# Retries after Telegram answers 429 (the rate limiter waits for the retry_after it gives).
FLOOD_RETRIES = 3
# The updates the handlers use; Telegram sends no others.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]


async def set_commands(app: Application) -> None:
    """Register the command list with its Arabic descriptions (post_init of run_polling)."""
    await app.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])


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
        .post_init(set_commands)
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
