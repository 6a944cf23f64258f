"""Settings: read from the environment and .env, checked, and never showing the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, read_environment
from tests.helpers import ROOT

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
GOOD = {"TELEGRAM_BOT_TOKEN": TOKEN, "DALIL_ADMIN_IDS": "11111111, 22222222"}


def test_defaults_and_parsing() -> None:
    """Only the token and the admins are required; the rest has documented defaults."""
    settings = Settings.from_env(GOOD, env_file=None)
    assert settings.token == TOKEN
    assert settings.admin_ids == frozenset({11111111, 22222222})
    assert settings.db_path == ROOT / "data/dalil.db" and settings.corpus_dir == ROOT / "seeds"
    assert settings.aliases_path == ROOT / "aliases.txt"
    assert settings.top_k == 3 and settings.log_questions is True
    assert settings.base_url is None and settings.base_file_url is None
    assert settings.log_level == "INFO"
    assert (
        Settings.from_env({**GOOD, "DALIL_LOG_LEVEL": "debug"}, env_file=None).log_level == "DEBUG"
    )


def test_token_and_salt_never_show_in_repr() -> None:
    """Printing or logging the settings does not leak secrets."""
    settings = Settings.from_env({**GOOD, "DALIL_HASH_SALT": "pepper-secret"}, env_file=None)
    assert TOKEN not in repr(settings) and "pepper-secret" not in repr(settings)
    assert "11111111" in repr(settings)


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "12345:short"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN + " extra"}, "TELEGRAM_BOT_TOKEN is malformed"),
        ({"DALIL_ADMIN_IDS": ""}, "DALIL_ADMIN_IDS is not set"),
        ({"DALIL_ADMIN_IDS": "123,@someone"}, "'@someone'"),
        ({"DALIL_ADMIN_IDS": "123;456"}, "DALIL_ADMIN_IDS must be"),
        ({"DALIL_TOP_K": "0"}, "DALIL_TOP_K"),
        ({"DALIL_TOP_K": "three"}, "DALIL_TOP_K"),
        ({"DALIL_LOG_QUESTIONS": "maybe"}, "DALIL_LOG_QUESTIONS"),
        ({"DALIL_LOG_LEVEL": "LOUD"}, "DALIL_LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR"),
        ({"TELEGRAM_BASE_URL": "127.0.0.1:8081/bot"}, "TELEGRAM_BASE_URL"),
        ({"TELEGRAM_BASE_FILE_URL": "http://x/file/bot"}, "TELEGRAM_BASE_URL is not"),
        ({"TELEGRAM_BASE_URL": "http://127.0.0.1:8081/api"}, "TELEGRAM_BASE_FILE_URL"),
    ],
)
def test_bad_values_stop_with_one_clear_line(changes: dict[str, str], names: str) -> None:
    """Each bad value gives a one-line message naming the setting, never echoing the token."""
    with pytest.raises(SettingsError) as error:
        Settings.from_env({**GOOD, **changes}, env_file=None)
    message = str(error.value)
    assert names in message and "\n" not in message
    assert "AAHdqTcv" not in message and "short" not in message


def test_env_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    """Values come from .env unless the environment sets them."""
    env_file = tmp_path / ".env"
    env_file.write_text(
        f"TELEGRAM_BOT_TOKEN={TOKEN}\nDALIL_ADMIN_IDS=5\nDALIL_TOP_K=5\n"
        "DALIL_LOG_QUESTIONS=false\nTELEGRAM_BASE_URL=http://127.0.0.1:8081/bot\n",
        encoding="utf-8",
    )
    settings = Settings.from_env({"DALIL_TOP_K": "7"}, env_file=env_file, db_path="x.db")
    assert settings.token == TOKEN and settings.admin_ids == frozenset({5})
    assert settings.top_k == 7 and settings.log_questions is False
    assert settings.db_path == Path("x.db")
    assert settings.base_url == "http://127.0.0.1:8081/bot"
    assert settings.base_file_url == "http://127.0.0.1:8081/file/bot"


@pytest.mark.parametrize(
    "line", [f"export TELEGRAM_BOT_TOKEN={TOKEN}", f"TELEGRAM_BOT_TOKEN = {TOKEN}"]
)
def test_both_env_file_spellings_give_the_token(tmp_path: Path, line: str) -> None:
    """`export NAME=value` and `NAME = value` are both read (python-dotenv's syntax)."""
    env_file = tmp_path / ".env"
    env_file.write_text(f"{line}\nDALIL_ADMIN_IDS=5\n", encoding="utf-8")
    settings = Settings.from_env(read_environment({}, env_file))
    assert settings.token == TOKEN and settings.admin_ids == frozenset({5})


def test_relative_paths_are_resolved_against_the_project(tmp_path: Path) -> None:
    """DALIL_DB, DALIL_CORPUS_DIR and DALIL_ALIASES name the same files from any folder."""
    relative = {"DALIL_DB": "x/d.db", "DALIL_CORPUS_DIR": "docs", "DALIL_ALIASES": "a/names.txt"}
    settings = Settings.from_env({**GOOD, **relative})
    assert settings.db_path == ROOT / "x/d.db" and settings.corpus_dir == ROOT / "docs"
    assert settings.aliases_path == ROOT / "a/names.txt"
    absolute = Settings.from_env({**GOOD, "DALIL_ALIASES": str(tmp_path / "n.txt")})
    assert absolute.aliases_path == tmp_path / "n.txt"


def test_webhook_settings_choose_webhook_mode() -> None:
    """Without DALIL_WEBHOOK_URL the bot polls; with it, it serves the URL's path on a port."""
    assert Settings.from_env(GOOD).webhook is None
    secret = "x" * 32
    settings = Settings.from_env(
        {
            **GOOD,
            "DALIL_WEBHOOK_URL": "https://bot.example.org/dalil/updates",
            "DALIL_WEBHOOK_SECRET": secret,
            "DALIL_WEBHOOK_PORT": "8081",
        }
    )
    webhook = settings.webhook
    assert webhook is not None and webhook.path == "dalil/updates"
    assert (webhook.listen, webhook.port, webhook.secret) == ("127.0.0.1", 8081, secret)
    assert secret not in repr(settings)


@pytest.mark.parametrize(
    ("changes", "names"),
    [
        ({"DALIL_WEBHOOK_URL": "https://x.org/d"}, "DALIL_WEBHOOK_SECRET must be"),
        ({"DALIL_WEBHOOK_URL": "https://x.org/d", "DALIL_WEBHOOK_SECRET": "short"}, "16 to 256"),
        ({"DALIL_WEBHOOK_URL": "bot.example.org"}, "DALIL_WEBHOOK_URL must be"),
        ({"DALIL_WEBHOOK_SECRET": "y" * 20}, "DALIL_WEBHOOK_URL is not"),
        (
            {
                "DALIL_WEBHOOK_URL": "https://x.org/d",
                "DALIL_WEBHOOK_SECRET": "y" * 20,
                "DALIL_WEBHOOK_PORT": "99999",
            },
            "DALIL_WEBHOOK_PORT",
        ),
    ],
)
def test_bad_webhook_settings_stop_with_one_line(changes: dict[str, str], names: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({**GOOD, **changes})
    assert names in str(error.value) and "\n" not in str(error.value)
    assert "y" * 20 not in str(error.value)
