"""The bot's settings: read once from the environment and `.env`, checked, frozen."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from storage.database import DEFAULT_DB_PATH

# The checkout `make` installs from: relative paths in settings are resolved against it, so the
# answers do not depend on the folder a command is started from.
PROJECT_DIR = Path(__file__).resolve().parent.parent
ENV_FILE = PROJECT_DIR / ".env"
DEFAULT_CORPUS_DIR = Path("seeds")
DEFAULT_ALIASES = Path("aliases.txt")
DEFAULT_TOP_K = 3
MAX_TOP_K = 10
# A bot token is the bot's numeric id, a colon, then a secret of letters, digits, - and _.
_TOKEN = re.compile(r"\d{3,20}:[A-Za-z0-9_-]{20,100}")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


_SECRET = re.compile(r"[A-Za-z0-9_-]{16,256}")  # Telegram allows 1-256 of these; we ask 16+
DEFAULT_WEBHOOK_LISTEN = "127.0.0.1"
DEFAULT_WEBHOOK_PORT = 8080


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates (behind a TLS proxy) and where this worker listens."""

    url: str  # the public https URL Telegram calls
    secret: str = field(repr=False)  # sent back in X-Telegram-Bot-Api-Secret-Token
    listen: str = DEFAULT_WEBHOOK_LISTEN
    port: int = DEFAULT_WEBHOOK_PORT

    @property
    def path(self) -> str:
        """The URL path this worker serves (the proxy passes the public path through)."""
        return urlsplit(self.url).path.strip("/")


class SettingsError(Exception):
    """A missing or malformed setting; the message is one line and never holds the token."""


@dataclass(frozen=True)
class Settings:
    """Everything the bot needs to start; the token and the salt are left out of repr."""

    token: str = field(repr=False)
    admin_ids: frozenset[int]
    db_path: Path = PROJECT_DIR / DEFAULT_DB_PATH
    corpus_dir: Path = PROJECT_DIR / DEFAULT_CORPUS_DIR
    aliases_path: Path = PROJECT_DIR / DEFAULT_ALIASES
    top_k: int = DEFAULT_TOP_K
    base_url: str | None = None
    base_file_url: str | None = None
    log_questions: bool = True
    hash_salt: str | None = field(default=None, repr=False)
    log_level: str = "INFO"
    webhook: Webhook | None = field(default=None, repr=False)  # None: long polling

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str],
        env_file: Path | None = None,
        db_path: str | Path | None = None,
    ) -> Settings:
        """Read settings from environ (see read_environment), falling back to env_file if given;
        raise SettingsError if bad."""
        values = read_environment(environ, env_file)

        def get(name: str) -> str:
            return (values.get(name) or "").strip()

        base_url, base_file_url = _base_urls(
            get("TELEGRAM_BASE_URL"), get("TELEGRAM_BASE_FILE_URL")
        )
        return cls(
            token=_token(get("TELEGRAM_BOT_TOKEN")),
            admin_ids=_admin_ids(get("DALIL_ADMIN_IDS")),
            db_path=Path(db_path) if db_path else db_setting(values),
            corpus_dir=project_path(get("DALIL_CORPUS_DIR") or DEFAULT_CORPUS_DIR),
            aliases_path=aliases_setting(values),
            top_k=parse_top_k(get("DALIL_TOP_K")),
            base_url=base_url,
            base_file_url=base_file_url,
            log_questions=parse_flag("DALIL_LOG_QUESTIONS", get("DALIL_LOG_QUESTIONS"), True),
            hash_salt=get("DALIL_HASH_SALT") or None,
            log_level=_log_level(get("DALIL_LOG_LEVEL")),
            webhook=_webhook(
                get("DALIL_WEBHOOK_URL"),
                get("DALIL_WEBHOOK_SECRET"),
                get("DALIL_WEBHOOK_LISTEN"),
                get("DALIL_WEBHOOK_PORT"),
            ),
        )


def read_environment(
    environ: Mapping[str, str] | None = None, env_file: Path | None = ENV_FILE
) -> dict[str, str]:
    """The settings' one source: env_file read by python-dotenv (any spelling it accepts, such
    as `export NAME=value` or `NAME = value`), overridden by environ (default os.environ)."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        from dotenv import dotenv_values

        values = {k: v for k, v in dotenv_values(env_file).items() if v is not None}
    values.update({k: v for k, v in (os.environ if environ is None else environ).items()})
    return values


def env_file() -> Path | None:
    """The .env file to read: DALIL_ENV_FILE if set (empty: none at all), else the project's."""
    chosen = os.environ.get("DALIL_ENV_FILE")
    if chosen is None:
        return ENV_FILE
    return project_path(chosen) if chosen.strip() else None


def project_path(value: str | Path) -> Path:
    """A path from a setting: absolute as given, relative to the project folder otherwise."""
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_DIR / path


def db_setting(values: Mapping[str, str]) -> Path:
    """The index file DALIL_DB names (default data/dalil.db in the project)."""
    return project_path((values.get("DALIL_DB") or "").strip() or DEFAULT_DB_PATH)


def aliases_setting(values: Mapping[str, str]) -> Path:
    """The aliases file DALIL_ALIASES names (default aliases.txt in the project)."""
    return project_path((values.get("DALIL_ALIASES") or "").strip() or DEFAULT_ALIASES)


def _token(value: str) -> str:
    """Check the bot token's shape without ever echoing it."""
    if not value:
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and put its token in .env"
        )
    if not _TOKEN.fullmatch(value):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN is malformed: it should look like 123456789:AAH... "
            "(the bot id, a colon, then the secret BotFather gave you)"
        )
    return value


def _admin_ids(value: str) -> frozenset[int]:
    """Parse comma-separated Telegram user ids."""
    if not value:
        raise SettingsError(
            "DALIL_ADMIN_IDS is not set: put the Telegram user ids of the admins in .env, "
            "comma-separated (e.g. DALIL_ADMIN_IDS=11111111,22222222)"
        )
    parts = [part.strip() for part in value.split(",")]
    bad = [part for part in parts if not part.isdigit() or not 0 < int(part) < 2**53]
    if bad:
        raise SettingsError(
            f"DALIL_ADMIN_IDS must be comma-separated Telegram user ids (positive numbers), "
            f"not {bad[0]!r}"
        )
    return frozenset(int(part) for part in parts)


def parse_top_k(value: str) -> int:
    """Parse DALIL_TOP_K (1 to 10, default 3)."""
    if not value:
        return DEFAULT_TOP_K
    if not value.isdigit() or not 1 <= int(value) <= MAX_TOP_K:
        raise SettingsError(
            f"DALIL_TOP_K must be a whole number from 1 to {MAX_TOP_K}, not {value!r}"
        )
    return int(value)


def _log_level(value: str) -> str:
    """Parse DALIL_LOG_LEVEL (DEBUG, INFO, WARNING or ERROR; default INFO)."""
    if not value:
        return "INFO"
    if value.upper() not in LOG_LEVELS:
        raise SettingsError(
            f"DALIL_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {value!r}"
        )
    return value.upper()


def parse_flag(name: str, value: str, default: bool) -> bool:
    """Parse a true/false setting."""
    if not value:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingsError(f"{name} must be true or false, not {value!r}")


def _base_urls(base_url: str, base_file_url: str) -> tuple[str | None, str | None]:
    """Check the self-hosted Bot API URLs; derive the file URL from one ending in /bot."""
    for name, value in (("TELEGRAM_BASE_URL", base_url), ("TELEGRAM_BASE_FILE_URL", base_file_url)):
        if value and not re.match(r"https?://[^\s/]+", value):
            raise SettingsError(f"{name} must be an http:// or https:// URL, not {value!r}")
    if base_file_url and not base_url:
        raise SettingsError("TELEGRAM_BASE_FILE_URL is set but TELEGRAM_BASE_URL is not")
    if base_url and not base_file_url:
        if not base_url.endswith("/bot"):
            raise SettingsError(
                "set TELEGRAM_BASE_FILE_URL too (e.g. http://127.0.0.1:8081/file/bot): it cannot "
                "be derived from a TELEGRAM_BASE_URL that does not end in /bot"
            )
        base_file_url = base_url[: -len("bot")] + "file/bot"
    return base_url or None, base_file_url or None


def _webhook(url: str, secret: str, listen: str, port: str) -> Webhook | None:
    """Parse the webhook settings; None (long polling) when DALIL_WEBHOOK_URL is empty."""
    if not url:
        if secret or port:
            raise SettingsError("DALIL_WEBHOOK_SECRET or _PORT is set but DALIL_WEBHOOK_URL is not")
        return None
    if not re.match(r"https?://[^\s/]+(/\S*)?$", url):
        raise SettingsError(f"DALIL_WEBHOOK_URL must be an https:// URL, not {url!r}")
    if not _SECRET.fullmatch(secret):
        raise SettingsError(
            "DALIL_WEBHOOK_SECRET must be 16 to 256 letters, digits, _ or - "
            "(e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
        )
    if port and (not port.isdigit() or not 0 < int(port) < 65536):
        raise SettingsError(f"DALIL_WEBHOOK_PORT must be a port number, not {port!r}")
    return Webhook(
        url, secret, listen or DEFAULT_WEBHOOK_LISTEN, int(port) if port else DEFAULT_WEBHOOK_PORT
    )
