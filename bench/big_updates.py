"""Measure the bot's peak memory when the Bot API sends a huge getUpdates answer.

Usage: python -m bench.big_updates [--mb 200] [--parts 1] [--no-cap]
(from the repository root: it uses the Bot API stand-in of tests/support)

Indexes the seeds into a temporary database, starts `python -m bot` against the stand-in, queues
updates whose texts add up to --mb megabytes (in --parts messages), then one ordinary question,
and waits for its answer. Prints one JSON line: the seconds until the question was answered, the
bot's peak resident memory (VmHWM) and, for comparison, its resident memory before the huge
updates were queued, the getUpdates calls and what the bot logged about them. --no-cap runs the
bot with the answer cap of bot/poison.py lifted (what happened before it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from bot.engine import build_index
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "من هو بلال الشواش؟"
ASKER, SENDER = 900_001, 900_002
NO_CAP = "import sys, bot.poison as p; p.MAX_ANSWER_BYTES = 1 << 40; from bot.main import run_bot; "
NO_CAP += "sys.exit(run_bot())"


def memory_mb(pid: int, field: str) -> float:
    """A memory figure of a process from /proc (VmRSS, VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run(args: argparse.Namespace, db: Path) -> dict:
    """Start the bot, queue the huge updates and the question, measure."""
    async with BotApiStandIn() as standin:
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))},
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_BASE_URL": standin.base_url,
            "DALIL_ADMIN_IDS": str(ADMIN_ID),
            "DALIL_DB": str(db),
            "DALIL_CORPUS_DIR": str(ROOT / "seeds"),
            "DALIL_HASH_SALT": "bench-salt",
            "PYTHONPATH": str(ROOT),
        }
        command = ["-c", NO_CAP] if args.no_cap else ["-m", "bot"]
        log = db.parent / "bot.log"
        with log.open("wb") as errors:
            bot = await asyncio.create_subprocess_exec(
                sys.executable, *command, cwd=db.parent, env=environment,
                stdout=asyncio.subprocess.DEVNULL, stderr=errors,
            )  # fmt: skip
        try:
            standin.push_text(QUESTION, user_id=ASKER - 1)  # warm-up: the bot is polling
            await standin.wait_for("sendMessage", timeout=120)
            before = memory_mb(bot.pid, "VmRSS")
            polls_before = sum(1 for name, _ in standin.calls if name == "getUpdates")
            size = args.mb * 1024 * 1024 // args.parts
            for _ in range(args.parts):
                standin.push_text("a" * size, user_id=SENDER)
            standin.push_text(QUESTION, user_id=ASKER)
            started = time.perf_counter()
            await standin.wait_for("sendMessage", lambda m: m["chat_id"] == ASKER, timeout=600)
            seconds = time.perf_counter() - started
            peak = memory_mb(bot.pid, "VmHWM")
        finally:
            bot.terminate()
            await bot.wait()
        polls = sum(1 for name, _ in standin.calls if name == "getUpdates") - polls_before
        logged = [
            line.split(": ", 1)[-1][:120]
            for line in log.read_text("utf-8", "replace").splitlines()
            if "WARNING" in line or "ERROR" in line
        ]
        return {
            "mb": args.mb,
            "parts": args.parts,
            "cap": not args.no_cap,
            "answered_after_s": round(seconds, 2),
            "rss_before_mb": round(before, 1),
            "peak_rss_mb": round(peak, 1),
            "get_updates": polls,
            "replies_to_sender": sum(1 for m in standin.sent() if m["chat_id"] == SENDER),
            "logged": logged[:6],
        }


def main() -> None:
    """Index the seeds, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--parts", type=int, default=1)
    parser.add_argument("--no-cap", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        db = Path(temporary) / "dalil.db"
        build_index(db, ROOT / "seeds", workers=1)
        print(json.dumps(asyncio.run(run(args, db)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
