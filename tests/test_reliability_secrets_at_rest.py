"""Promise 12: no secret or user id leaks from the files Dalil writes or its start-up errors.

The salt of user hashes lives in a 0600 file beside the database (or in DALIL_HASH_SALT), so a
copy of the database cannot be used to test ids against the hashes (HMAC-SHA256); a salt an
older Dalil kept inside is erased; the database, its WAL files, the salt and uploads are 0600;
a start-up error that quotes a URL never shows the token.
"""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import pytest

from bot.journal import QuestionLog
from bot.uploads import replace_file, save_new
from storage.database import connect
from storage.salt import OLD_SALT_KEY, salt_path
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import logged_questions, running_bot, settings_for, start_bot_process

# Made up, and split so that no secret scanner takes it for a real token.
TOKEN = "6039471852:" + "AAFq9Xk2vPz7LmN4RtY8bWcJ1dH5sG3eQ0u"

# a Telegram-sized id: a short one («1001») turns up by chance in the hashes' hex digits
ASKER_ID = 7_402_918_365


def mode(path: Path) -> int:
    """The permission bits of path."""
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_database_its_wal_files_and_the_salt_are_private(
    standin: BotApiStandIn, corpus_dir: Path, tmp_path: Path
) -> None:
    from bot.engine import build_index

    db = tmp_path / "data" / "dalil.db"
    build_index(db, corpus_dir, workers=1)
    settings = settings_for(standin, db, corpus_dir, hash_salt=None)
    async with running_bot(settings):
        standin.push_text("من هو بلال الشواش؟", user_id=ASKER_ID)
        await standin.wait_for("sendMessage")
        [row] = await logged_questions(db, 1)
        held = connect(db)  # the WAL files exist while a connection is open
        files = {p.name: mode(p) for p in db.parent.iterdir() if p.is_file()}
        arrays = [p for p in Path(f"{db}.arrays").rglob("*")]
        everything = b"".join(Path(f"{db}{end}").read_bytes() for end in ("", "-wal", "-shm"))
        held.close()
    assert {name: mode for name, mode in files.items() if not name.startswith("dalil.state")} == {
        name: 0o600 for name in ("dalil.db", "dalil.db-wal", "dalil.db-shm", "dalil.db.salt")
    }
    assert set(files.values()) == {0o600}  # the chats' state file (and its WAL) too
    # the index files: a private folder of private files
    assert mode(Path(f"{db}.arrays")) == 0o700 and arrays
    assert {mode(p) for p in arrays} == {0o600, 0o700}
    assert all(mode(p) == 0o600 for p in arrays if p.is_file())
    assert mode(db.parent) == 0o700
    salt = salt_path(db).read_text().strip()
    assert salt.encode() not in everything  # a copy of the database holds no salt
    assert str(ASKER_ID).encode() not in everything
    assert row["user_hash"] == QuestionLog(db, salt).user_hash(ASKER_ID)


def test_an_existing_world_readable_database_is_made_private(tmp_path: Path) -> None:
    db = tmp_path / "dalil.db"
    connect(db).close()
    db.chmod(0o644)
    connect(db).close()
    assert mode(db) == 0o600


def test_a_salt_an_older_dalil_kept_in_the_database_is_erased(tmp_path: Path) -> None:
    db_path = tmp_path / "dalil.db"
    old_salt = "0123456789abcdef0123456789abcdef"
    db = connect(db_path)
    with db.atomic():
        db["meta"].upsert({"key": OLD_SALT_KEY, "value": old_salt}, pk="key")
    db.close()
    log = QuestionLog.open(db_path, None, True)
    assert log.salt != old_salt and mode(salt_path(db_path)) == 0o600
    files = [Path(f"{db_path}{suffix}") for suffix in ("", "-wal", "-shm")]
    assert all(old_salt.encode() not in p.read_bytes() for p in files if p.exists())
    db = connect(db_path)
    assert db.execute("select count(*) from meta where key = ?", [OLD_SALT_KEY]).fetchone()[0] == 0
    db.close()
    assert QuestionLog.open(db_path, None, True).salt == log.salt  # kept from then on


def test_uploaded_files_are_private(tmp_path: Path) -> None:
    save_new(tmp_path, "جديد.txt", "نص".encode())
    replace_file(tmp_path, "جديد.txt", "نص آخر".encode())
    save_new(tmp_path, "ثان.txt", "نص".encode())
    assert {p.name: mode(p) for p in tmp_path.iterdir()} == {"جديد.txt": 0o600, "ثان.txt": 0o600}
    with pytest.raises(FileExistsError):
        save_new(tmp_path, "ثان.txt", b"x")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ثان.txt", "جديد.txt"]


@pytest.mark.parametrize(
    ("base_url", "file_url"),
    [
        ("http://127.0.0.1:9", "http://127.0.0.1:9/file/bot"),  # the token lands in the port
        ("http://127.0.0.1:9/", "http://127.0.0.1:9/file/bot"),
        ("http://127.0.0.1:9/bot", ""),
    ],
)
async def test_start_up_errors_never_show_the_token(
    base_url: str, file_url: str, tmp_path: Path, corpus_dir: Path
) -> None:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    environment = {
        **keep,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": base_url,
        "DALIL_ADMIN_IDS": "1",
        "DALIL_DB": str(tmp_path / "dalil.db"),
        "DALIL_CORPUS_DIR": str(corpus_dir),
        "DALIL_LOG_LEVEL": "DEBUG",
    }
    if file_url:
        environment["TELEGRAM_BASE_FILE_URL"] = file_url
    process = await start_bot_process(environment, tmp_path)
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    output = (stdout + stderr).decode()
    assert process.returncode == 2
    assert "dalil: cannot reach the Telegram Bot API" in output
    secret = TOKEN.partition(":")[2]
    assert secret not in output and secret[:12] not in output, output
