"""Start-up: `python -m bot` polls a self-hosted Bot API, registers commands, keeps the token
out of its logs; bad settings stop it with one line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from bot import texts
from bot.main import run_bot
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID


def bot_environment(standin: BotApiStandIn, db: Path, corpus: Path) -> dict[str, str]:
    """The environment `make run` would give the bot, pointed at the stand-in."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    return {
        **keep,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_BASE_URL": standin.base_url,
        "DALIL_ADMIN_IDS": str(ADMIN_ID),
        "DALIL_DB": str(db),
        "DALIL_CORPUS_DIR": str(corpus),
        "DALIL_ENV_FILE": "",  # not the checkout's .env
    }


async def test_python_m_bot_polls_a_self_hosted_bot_api(
    standin: BotApiStandIn, tmp_path: Path, corpus_dir: Path
) -> None:
    """With no index yet it builds one, registers the Arabic commands and answers."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=tmp_path,
        env=bot_environment(standin, tmp_path / "fresh.db", corpus_dir),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        [commands] = await standin.wait_for("setMyCommands", timeout=30)
        standin.push_text("من هو بلال الشواش؟")
        [reply] = await standin.wait_for("sendMessage", timeout=10)
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, stderr.decode()
    everyone = [name for name, _ in texts.COMMANDS if name not in texts.ADMIN_COMMANDS]
    assert [c["command"] for c in commands["commands"]] == everyone
    assert commands["commands"][0]["description"] == texts.COMMANDS[0][1]
    assert reply["text"].startswith(texts.ANSWER_HEADER)
    logs = stdout.decode() + stderr.decode()
    assert "index loaded: 5 documents" in logs
    assert standin.token not in logs and standin.token.split(":")[1] not in logs


def test_missing_token_stops_start_up_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No token: exit status 2 and a single line saying what to do."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.setenv("DALIL_ADMIN_IDS", "1")
    assert run_bot(tmp_path / "x.db") == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert error.startswith("dalil: TELEGRAM_BOT_TOKEN is not set")
    assert not (tmp_path / "x.db").exists()


async def test_a_token_telegram_refuses_stops_start_up_with_one_line(
    standin: BotApiStandIn, tmp_path: Path, corpus_dir: Path
) -> None:
    """A well-formed but wrong token: exit status 2, one line, no traceback, no token."""
    environment = bot_environment(standin, tmp_path / "x.db", corpus_dir)
    wrong = "123456789:WRONG_token_refused_by_standin"
    environment["TELEGRAM_BOT_TOKEN"] = wrong
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=environment, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    lines = stderr.decode().splitlines()
    assert process.returncode == 2
    assert lines == ["dalil: Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather"]
    assert wrong in standin.requested_tokens
