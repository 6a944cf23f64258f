"""Start the bot (polling or a webhook): `dalil run`, `python -m bot` and `make run` end here."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

from telegram import Bot
from telegram.error import Conflict, InvalidToken, NetworkError, TelegramError

from bot import redact
from bot import settings as config
from bot.app import ALLOWED_UPDATES, build_application, webhook_options
from bot.engine import Engine, build_index
from bot.handlers.errors import CONFLICT, CONFLICT_KEY
from bot.settings import Settings, SettingsError, read_environment
from bot.state import STATE_KEY
from storage.errors import IndexMissing, StorageError

logger = logging.getLogger("bot")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(level: int | str = logging.INFO, secrets: Iterable[str] = ()) -> None:
    """Log to stderr at level, never showing the secrets (the token, the hash salt)."""
    logging.basicConfig(format=LOG_FORMAT, level=level)
    # httpx logs every request URL at INFO, and Telegram URLs contain the token; PTB logs its
    # token-bearing base URLs at DEBUG, hence the redacting filter on every handler as well.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("telegram.ext.Updater").addFilter(without_conflict_traceback)
    redact.install(secrets)


def without_conflict_traceback(record: logging.LogRecord) -> bool:
    """Keep PTB's last getUpdates at shutdown from printing a traceback for the known 409."""
    if record.exc_info and isinstance(record.exc_info[1], Conflict):
        record.exc_info, record.exc_text = None, None
    return True


def open_engine(settings: Settings) -> Engine | None:
    """Load the stored index (raising StorageError if the file is unusable); None if none yet."""
    if not settings.db_path.exists():
        return None
    engine = Engine(settings.db_path, aliases_path=settings.aliases_path)
    try:
        engine.load()
    except IndexMissing:
        return None
    return engine


def build_engine(settings: Settings) -> Engine:
    """Build the index from the corpus folder, then load it."""
    logger.info("no index yet: building one from %s", settings.corpus_dir)
    build_index(settings.db_path, settings.corpus_dir)
    engine = Engine(settings.db_path, aliases_path=settings.aliases_path)
    engine.load()
    return engine


async def check_connection(settings: Settings) -> str:
    """Ask the Bot API who the bot is; raise InvalidToken or NetworkError if that fails."""
    bot = Bot(
        settings.token,
        base_url=settings.base_url or "https://api.telegram.org/bot",
        base_file_url=settings.base_file_url or "https://api.telegram.org/file/bot",
    )
    async with bot:
        return bot.username


def connection_problem(settings: Settings) -> str | None:
    """One line saying why the Bot API cannot be used, or None when it answers."""
    try:
        username = asyncio.run(check_connection(settings))
    except InvalidToken:
        return "Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather"
    except NetworkError as error:
        return f"cannot reach the Telegram Bot API ({error})"
    except TelegramError as error:
        return f"the Telegram Bot API answered with an error ({error})"
    logger.info("connected as @%s", username)
    return None


def run_bot(db_path: str | Path | None = None, environ: Mapping[str, str] | None = None) -> int:
    """Read the settings (environ: already read by `dalil`; else the environment and .env), load
    the index, check the token (then build a missing index) and poll."""
    try:
        if environ is None:
            environ = read_environment(env_file=config.env_file())
        settings = Settings.from_env(environ, db_path=db_path)
    except SettingsError as error:
        print(f"dalil: {error}", file=sys.stderr)
        return 2
    secrets = redact.secret_forms(settings.token, settings.hash_salt)
    if settings.webhook is not None:
        secrets += (settings.webhook.secret,)
    configure_logging(settings.log_level, secrets)
    say = redact.RedactSecrets(secrets).redact  # a URL in an error can hold the token

    try:  # a damaged index stops the bot before anything else is said or logged
        engine = open_engine(settings)
    except StorageError as error:
        print(f"dalil: {say(str(error))}", file=sys.stderr)
        return 2
    if problem := connection_problem(settings):
        print(f"dalil: {say(problem)}", file=sys.stderr)
        return 2
    try:
        engine = engine or build_engine(settings)
    except StorageError as error:
        print(f"dalil: {say(str(error))}", file=sys.stderr)
        return 2
    corpus = engine.searcher.corpus
    logger.info(
        "index loaded: %d documents, %d passages (version %d)",
        len(corpus.documents),
        len(corpus.passages),
        corpus.version,
    )
    application = build_application(settings, engine)
    redact.install([application.bot_data[STATE_KEY].log.salt])  # the key file's salt too
    if settings.webhook is None:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    else:
        logger.info("serving the webhook on %s:%d", settings.webhook.listen, settings.webhook.port)
        application.run_webhook(**webhook_options(settings.webhook))
    if application.bot_data.get(CONFLICT_KEY):
        print(f"dalil: {CONFLICT}", file=sys.stderr)
        return 2
    return 0
