"""Secrets: with every logger at DEBUG, a conversation, errors, an upload and a reindex leave no
trace of the token (or the hash salt) in the logs; the query log holds salted hashes only."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot import texts
from bot.engine import Engine, Timed
from bot.main import configure_logging
from bot.redact import REDACTED, RedactSecrets, install, secret_forms
from storage.database import connect
from storage.query_log import hash_user
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import (
    ADMIN_ID,
    bot_message,
    buttons,
    logged_questions,
    running_bot,
    settings_for,
    start_bot_process,
)

BOT_ID = 6039471852
SECRET = "AAFq9Xk2vPz7LmN4RtY8bWcJ1dH5sG3eQ0u"
TOKEN = f"{BOT_ID}:{SECRET}"
SALT = "zqx-salt-7Hd92kLq"
USERS = (48151623, 42424242)
GROUP_ID = -(10**12 + 9090)
ARTICLE = (
    "أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة تضم عشرين ألف كتاب في التاريخ والأدب.\n\n"
    "وقال رئيس البلدية إن المكتبة القيروانية ستفتح أبوابها للطلاب مجانًا طوال أيام الأسبوع.\n"
)
# The forms a token could take in a log line: whole, URL-encoded, or its secret half alone.
FORBIDDEN = (TOKEN, TOKEN.replace(":", "%3A"), SECRET, SECRET[:16], SALT)


class Collect(logging.Handler):
    """Keep every record, rendered as a log file would show it (traceback included)."""

    def __init__(self) -> None:
        """Start empty; accept every level."""
        super().__init__(logging.DEBUG)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.records: list[logging.LogRecord] = []
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Render the record now (its message, arguments, exception and stack)."""
        self.records.append(record)
        self.lines.append(f"{self.format(record)} {record.msg!r} {record.args!r}")


@pytest.fixture
def debug_logs() -> Iterator[Collect]:
    """The bot's own logging set-up at DEBUG, with every record of every logger collected."""
    root = logging.getLogger()
    quiet = [logging.getLogger(name) for name in ("httpx", "httpcore")]
    saved = root.level, [logger.level for logger in quiet]
    handler = Collect()
    root.addHandler(handler)
    configure_logging(logging.DEBUG, secret_forms(TOKEN, SALT))
    root.setLevel(logging.DEBUG)  # basicConfig leaves the level alone when pytest has handlers
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        for each in root.handlers:
            for redactor in [f for f in each.filters if isinstance(f, RedactSecrets)]:
                each.removeFilter(redactor)
        root.setLevel(saved[0])
        for logger, level in zip(quiet, saved[1], strict=True):
            logger.setLevel(level)


@pytest_asyncio.fixture
async def secret_standin() -> AsyncIterator[BotApiStandIn]:
    """A stand-in whose token looks like a real one (so a leak of either half is noticed)."""
    async with BotApiStandIn(token=TOKEN, bot_id=BOT_ID) as server:
        yield server


class FailingEngine(Engine):
    """An engine that breaks on one question, as a bug would."""

    def ask(
        self,
        question: str,
        top_k: int = 3,
        offset: int = 0,
        after: str | None = None,
        subject: str = "",
    ) -> Timed:
        """Raise for «انهيار», answer anything else."""
        if "انهيار" in question:
            raise RuntimeError("simulated failure inside the handler")
        return super().ask(question, top_k, offset, after, subject=subject)


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_no_log_line_holds_the_token_and_the_log_holds_no_user_id(
    secret_standin: BotApiStandIn,
    debug_logs: Collect,
    bot_db: Path,
    corpus_dir: Path,
) -> None:
    """Questions, buttons, groups, a crash, Telegram errors, an upload and a reindex."""
    standin = secret_standin
    engine = FailingEngine(bot_db)
    engine.load()
    settings = settings_for(standin, bot_db, corpus_dir, hash_salt=SALT)
    first, second = USERS
    async with running_bot(settings, engine):
        standin.push_text("/start", user_id=first)
        standin.push_text("داعش", user_id=first)
        await standin.wait_for("sendMessage", count=2)
        answer = bot_message(standin, texts.ANSWER_HEADER)
        more = [b for b in buttons(answer) if b["text"] == texts.MORE_BUTTON]
        for button in buttons(answer)[:1] + more:  # a passage, then «المزيد»
            standin.push_callback(button["callback_data"], message_id=answer["message_id"])
        await standin.wait_for("sendMessage", count=4)
        standin.push_text("/ask من هو بلال الشواش؟", user_id=second, chat_id=GROUP_ID)
        standin.push_text("انهيار النظام", user_id=second)  # a bug in a handler
        await standin.wait_for("sendMessage", count=6)
        standin.fail_next(
            "sendMessage",
            error_code=400,
            description="Bad Request: chat not found",
            retry_after=None,
        )
        standin.push_text("من هو بلال الشواش؟", user_id=second)  # Telegram refuses the answer
        await standin.wait_for("sendMessage", count=7)
        standin.fail_next("sendMessage", retry_after=1)  # Telegram's flood limit
        standin.push_text("/stats", user_id=first)
        await standin.wait_for("sendMessage", count=8, timeout=6)
        standin.push_document(ARTICLE.encode(), "مكتبة.txt", user_id=ADMIN_ID)
        await standin.wait_for("sendMessage", count=9, timeout=15)
        standin.push_text("/reindex", user_id=ADMIN_ID)
        await standin.wait_for("editMessageText", timeout=15)
        standin.push_text("/stats", user_id=ADMIN_ID)
        await standin.wait_for("sendMessage", count=11)
        rows = await logged_questions(bot_db, 2)

    lines = debug_logs.lines
    leaks = [line for line in lines if any(secret in line for secret in FORBIDDEN)]
    print(f"\nsecrets: {len(leaks)} of {len(lines)} log records hold the token, its secret or salt")
    assert leaks == []
    # The test saw what it meant to: DEBUG output, the crash's traceback, the refusals, a reindex.
    assert sum(r.levelno == logging.DEBUG for r in debug_logs.records) > 50
    assert any(
        r.exc_info and "simulated failure" in line
        for r, line in zip(debug_logs.records, lines, strict=True)
    )
    assert any("BadRequest: Chat not found" in line for line in lines)
    assert any("reindex: " in line for line in lines)
    assert standin.rejected("sendMessage") and standin.sent("editMessageText")

    assert {row["user_hash"] for row in rows} == {hash_user(user, SALT) for user in USERS}
    db = connect(bot_db)
    try:
        stored = [str(value) for row in db["query_log"].rows for value in row.values()]
    finally:
        db.close()
    assert not [value for value in stored for user in USERS if str(user) in value]


@pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")
async def test_python_m_bot_at_debug_prints_no_secret(
    secret_standin: BotApiStandIn, tmp_path: Path, corpus_dir: Path
) -> None:
    """The real start-up with DALIL_LOG_LEVEL=DEBUG: a question, Telegram refusing a reply and
    limiting the rate, and a reindex; stdout and stderr never hold the token or the salt."""
    standin = secret_standin
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    environment = {
        **keep,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BASE_URL": standin.base_url,
        "DALIL_ADMIN_IDS": str(ADMIN_ID),
        "DALIL_DB": str(tmp_path / "dalil.db"),
        "DALIL_CORPUS_DIR": str(corpus_dir),
        "DALIL_HASH_SALT": SALT,
        "DALIL_LOG_LEVEL": "DEBUG",
        "DALIL_ENV_FILE": "",  # not the checkout's .env
    }
    process = await start_bot_process(environment, tmp_path)
    try:
        await standin.wait_for("setMyCommands", timeout=30)
        standin.push_text("من هو بلال الشواش؟", user_id=USERS[0])
        await standin.wait_for("sendMessage")
        standin.fail_next(
            "sendMessage",
            error_code=400,
            description="Bad Request: chat not found",
            retry_after=None,
        )
        standin.push_text("داعش", user_id=USERS[1])
        await standin.wait_for("sendMessage", count=2)  # the apology
        standin.fail_next("sendMessage", retry_after=1)
        standin.push_text("/reindex", user_id=ADMIN_ID)
        await standin.wait_for("editMessageText", timeout=15)
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = await asyncio.wait_for(process.communicate(), 20)
    output = stdout.decode() + stderr.decode()
    lines = output.splitlines()
    leaks = [line for line in lines if any(secret in line for secret in FORBIDDEN)]
    print(f"\npython -m bot at DEBUG: {len(leaks)} of {len(lines)} output lines hold a secret")
    assert process.returncode == 0, stderr.decode()[-2000:]
    assert leaks == []
    assert sum(" DEBUG " in line for line in lines) > 50
    assert "BadRequest: Chat not found" in output and "Rate limit hit" in output
    assert "reindex: " in output and REDACTED in output  # PTB's own URL lines, redacted


def test_a_token_inside_an_exception_or_its_arguments_is_redacted() -> None:
    """Whatever carries the token (arguments, an exception's message, a stack), it is replaced."""
    logger = logging.getLogger("tests.redaction")
    handler = Collect()
    logger.addHandler(handler)
    logger.propagate = False
    install(secret_forms(TOKEN, SALT), logger)
    try:
        logger.warning("calling %s", f"http://127.0.0.1/bot{TOKEN}/getMe")
        try:
            raise ConnectionError(f"no route to https://api.telegram.org/bot{TOKEN}/getUpdates")
        except ConnectionError:
            logger.exception("polling failed with salt %s", SALT, stack_info=True)
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    assert len(handler.lines) == 2
    assert not [line for line in handler.lines if any(s in line for s in FORBIDDEN)]
    assert handler.lines[0].startswith(
        f"WARNING tests.redaction: calling http://127.0.0.1/bot{REDACTED}"
    )
    assert (
        f"ConnectionError: no route to https://api.telegram.org/bot{REDACTED}" in handler.lines[1]
    )
