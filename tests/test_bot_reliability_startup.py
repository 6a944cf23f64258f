"""A damaged, foreign or newer database stops the bot at start-up with one line saying what to
run, before Telegram is contacted; never a traceback, never a restart loop.

`python -m bot` and `dalil run` are each checked once in a subprocess (DALIL_LONG_TESTS=1: every
kind of damage through both); every kind of damage is checked in-process through run_bot.
"""

from __future__ import annotations

import asyncio
import os
import random
import shutil
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main as dalil
from bot.engine import Engine
from bot.main import run_bot
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID

ADVICE = "dalil index --rebuild"
# Nothing listens here: a bot that got as far as contacting Telegram would say so instead.
CLOSED_PORT_URL = "http://127.0.0.1:9/bot"
TOKEN = "123456789:TEST_token_for_the_stand_in_only"
LONG = os.environ.get("DALIL_LONG_TESTS") == "1"


def good_bytes(seed_db: Path, folder: Path) -> bytes:
    """The bytes of a complete seed index in one file (its write-ahead log folded in)."""
    copy = folder / "good.db"
    for suffix in ("", "-wal"):
        if Path(f"{seed_db}{suffix}").exists():
            shutil.copy(f"{seed_db}{suffix}", f"{copy}{suffix}")
    connection = sqlite3.connect(copy)
    connection.execute("pragma wal_checkpoint(truncate)")
    connection.execute("pragma journal_mode=delete")
    connection.close()
    return copy.read_bytes()


def garbage(data: bytes) -> bytes:
    """Random bytes of the same length."""
    return random.Random(7).randbytes(len(data))


def text_file(data: bytes) -> bytes:
    """A text file where the database should be."""
    return "ليست قاعدة بيانات\n".encode() * 200


def first_100_bytes(data: bytes) -> bytes:
    """A copy cut off inside the header."""
    return data[:100]


def first_half(data: bytes) -> bytes:
    """A copy cut off half way (a disk that filled up, an interrupted copy)."""
    return data[: len(data) // 2]


def pages_overwritten(data: bytes) -> bytes:
    """Every page after the first two overwritten with noise (header and schema intact)."""
    page = int.from_bytes(data[16:18], "big")
    noise = random.Random(11).randbytes(len(data) - 2 * page)
    return data[: 2 * page] + noise


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "garbage": garbage,
    "text file": text_file,
    "truncated to 100 bytes": first_100_bytes,
    "truncated to half": first_half,
    "damaged pages": pages_overwritten,
}
KINDS = [*DAMAGE, "newer schema"]


def damaged_db(seed_db: Path, folder: Path, kind: str) -> Path:
    """A database file damaged in the named way."""
    data = good_bytes(seed_db, folder)
    path = folder / "dalil.db"
    if kind == "newer schema":
        path.write_bytes(data)
        connection = sqlite3.connect(path)
        connection.execute("insert into _migrations values (99, 'from the future', '2031-01-01')")
        connection.commit()
        connection.close()
    else:
        path.write_bytes(DAMAGE[kind](data))
    return path


def assert_one_line_with_advice(stderr: str) -> None:
    """Exactly one line, prefixed `dalil:`, naming the command to run; no traceback."""
    assert stderr.endswith("\n") and stderr.count("\n") == 1, stderr
    assert stderr.startswith("dalil: ") and ADVICE in stderr, stderr
    assert "Traceback" not in stderr


def bot_environment(db: Path, base_url: str, corpus: Path) -> dict[str, str]:
    """The environment of a bot start (nothing inherited that names another bot or index)."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    return {
        **keep,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": base_url,
        "DALIL_ADMIN_IDS": str(ADMIN_ID),
        "DALIL_DB": str(db),
        "DALIL_CORPUS_DIR": str(corpus),
        "DALIL_ENV_FILE": "",  # not the checkout's .env
    }


@pytest.mark.parametrize("kind", KINDS)
def test_run_bot_stops_with_one_line_and_the_advice_works(
    kind: str,
    seed_db: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit status 2 and one line naming `dalil index --rebuild`; running that repairs it."""
    db = damaged_db(seed_db, tmp_path, kind)
    monkeypatch.chdir(tmp_path)
    for name, value in bot_environment(db, CLOSED_PORT_URL, tmp_path / "corpus").items():
        monkeypatch.setenv(name, value)
    assert run_bot(db) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_line_with_advice(captured.err)

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    assert dalil(["--db", str(db), "index", "--rebuild", "--source", str(seeds), "--quiet"]) == 0
    capsys.readouterr()
    assert len(Engine(db).load().corpus.documents) == 5


ENTRY_POINTS = {
    "python -m bot": [sys.executable, "-m", "bot"],
    "dalil run": [str(Path(sys.executable).with_name("dalil")), "run"],
}
SUBPROCESS_CASES = (
    [(entry, kind) for entry in ENTRY_POINTS for kind in KINDS]
    if LONG
    else [("python -m bot", "truncated to half"), ("dalil run", "newer schema")]
)


@pytest.mark.parametrize(("entry", "kind"), SUBPROCESS_CASES)
async def test_the_commands_stop_with_one_line_before_telegram_is_contacted(
    entry: str, kind: str, seed_db: Path, tmp_path: Path, standin: BotApiStandIn
) -> None:
    """The real start-up commands: one line on stderr, nothing on stdout, no Bot API call."""
    db = damaged_db(seed_db, tmp_path, kind)
    environment = bot_environment(db, standin.base_url, tmp_path / "corpus")
    environment["TELEGRAM_BOT_TOKEN"] = standin.token
    process = await asyncio.create_subprocess_exec(
        *ENTRY_POINTS[entry],
        cwd=tmp_path,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 2
    assert stdout == b""
    assert_one_line_with_advice(stderr.decode())
    assert standin.calls == []


async def test_a_missing_database_and_corpus_folder_stop_with_one_line(
    tmp_path: Path, standin: BotApiStandIn
) -> None:
    """No index and nothing to build one from: one line naming the folder, after the token
    check (the index would otherwise be built)."""
    environment = bot_environment(tmp_path / "dalil.db", standin.base_url, tmp_path / "nowhere")
    environment["TELEGRAM_BOT_TOKEN"] = standin.token
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=environment, stderr=asyncio.subprocess.PIPE
    )
    _, stderr = await asyncio.wait_for(process.communicate(), 30)
    errors = [line for line in stderr.decode().splitlines() if " INFO " not in line]
    assert process.returncode == 2
    assert errors == [
        f"dalil: corpus folder {tmp_path / 'nowhere'} does not exist or is not a folder"
    ]
