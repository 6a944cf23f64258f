"""`dalil chat` in a pseudo-terminal: line editing, history, «المزيد», the bot's checks, the log."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect

from bot import texts

LEFT, UP = "\x1b[D", "\x1b[A"
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # how a terminal brackets pasted text


def logged(db: Path) -> list[tuple[str, str]]:
    """(chat type, question) of every row of the query log."""
    from storage.database import connect

    db_conn = connect(db)
    try:
        return [(r["chat_type"], r["question"]) for r in db_conn["query_log"].rows]
    finally:
        db_conn.close()


def test_chat_edits_lines_recalls_history_pastes_and_pages_more(
    bot_db: Path, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "LC_ALL": "C.UTF-8",
        "TERM": "xterm",
        "DALIL_LOG_QUESTIONS": "true",
        "DALIL_HASH_SALT": "test-salt",
        "DALIL_ENV_FILE": "",  # not the checkout's .env
    }
    child = pexpect.spawn(
        sys.executable,
        ["-m", "bot.cli", "--db", str(bot_db), "chat"],
        cwd=tmp_path,
        env=env,
        encoding="utf-8",
        dimensions=(50, 500),
        timeout=30,
        use_poll=True,  # select() fails once the test process holds over 1,024 descriptors
    )
    try:
        child.expect_exact(texts.CHAT_PROMPT)
        # type «اعش», go back three letters with the arrow key and put «د» in front
        child.send("اعش" + LEFT * 3 + "د\r")
        child.expect_exact(texts.ANSWER_HEADER)
        child.expect_exact(texts.CHAT_PROMPT)
        child.send("المزيد\r")
        child.expect_exact(texts.ANSWER_HEADER_MORE)
        child.expect_exact("4. «")
        child.expect_exact(texts.CHAT_PROMPT)
        child.send("الفقرة 4\r")
        child.expect_exact(texts.FULL_PASSAGE_HEADER)
        child.expect_exact(texts.CHAT_PROMPT)
        child.send(UP * 3 + "\r")  # three lines back in the history: the question itself
        child.expect_exact(texts.ANSWER_HEADER)
        child.expect_exact(texts.CHAT_PROMPT)
        child.send(f"{PASTE_START}من هو\nبلال الشواش؟{PASTE_END}\r")  # two lines, one question
        child.expect_exact("أبو ذر التونسي")
        child.expect_exact(texts.CHAT_PROMPT)
        child.send("hello there\r")
        child.expect_exact("Please ask in Arabic")
        child.expect_exact(texts.CHAT_PROMPT)
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.close()
    assert child.exitstatus == 0
    assert "\x1b[D" not in "".join(q for _, q in logged(bot_db))
    assert logged(bot_db) == [
        ("terminal", "داعش"),
        ("terminal", "داعش"),
        ("terminal", "من هو\nبلال الشواش؟"),
    ]
