"""Run `make run` against the Bot API stand-in, ask a question, print what the bot sent.

    .venv/bin/python -m tests.support.demo_conversation

The transcript in README.md ("A real conversation") comes from this script: a real bot
process, a real HTTP Bot API (served locally by tests/support/botapi_standin.py), nothing mocked.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

from tests.support.botapi_standin import BotApiStandIn

ROOT = Path(__file__).resolve().parents[2]
USER = 1001
QUESTIONS = ("من هو بلال الشواش؟",)


def show(speaker: str, text: str, buttons: list[str] | None = None) -> None:
    """Print one turn of the conversation as Telegram would display it."""
    print(f"{speaker}:")
    for line in text.splitlines():
        print(f"    {line}")
    if buttons:
        print("    " + "  ".join(f"[{b}]" for b in buttons))
    print()


def buttons_of(message: dict) -> list[str]:
    """The labels of a message's inline buttons."""
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def converse(standin: BotApiStandIn) -> None:
    """Ask, show the answer, then open the first excerpt's full passage."""
    await standin.wait_for("setMyCommands", timeout=120)
    for question in QUESTIONS:
        show("👤 المستخدم", question)
        before = len(standin.sent("sendMessage"))
        standin.push_text(question, user_id=USER, first_name="سارة")
        await standin.wait_for("sendMessage", count=before + 1, timeout=30)
        message = standin.bot_messages[max(standin.bot_messages)]
        show("🤖 دليل", message["text"], buttons_of(message))
    rows = message["reply_markup"]["inline_keyboard"]
    show("👤 المستخدم", f"(يضغط [{rows[0][0]['text']}])")
    standin.push_callback(rows[0][0]["callback_data"], message_id=message["message_id"])
    await standin.wait_for("sendMessage", count=len(QUESTIONS) + 1, timeout=30)
    show("🤖 دليل", standin.bot_messages[max(standin.bot_messages)]["text"])


async def main() -> int:
    """Serve the stand-in, start `make run` pointed at it, converse, stop the bot."""
    async with BotApiStandIn() as standin:
        workdir = Path(tempfile.mkdtemp(prefix="dalil-demo-"))
        environment = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_BASE_URL": standin.base_url,
            "DALIL_ADMIN_IDS": "11111111",
            "DALIL_DB": str(workdir / "dalil.db"),
        }
        print(f"$ TELEGRAM_BASE_URL={standin.base_url} make run   (stand-in token)\n")
        bot = await asyncio.create_subprocess_exec(
            "make",
            "run",
            cwd=ROOT,
            env=environment,
            start_new_session=True,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        try:
            await converse(standin)
        finally:
            os.killpg(bot.pid, signal.SIGINT)
            output, _ = await asyncio.wait_for(bot.communicate(), 30)
            shutil.rmtree(workdir, ignore_errors=True)
        print("--- bot log ---")
        print(output.decode().replace(standin.token, "<TOKEN>").rstrip())
        print(f"--- exit status {bot.returncode}; token in log: {standin.token in output.decode()}")
        return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
