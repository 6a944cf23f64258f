"""Measure the bot when many users send the heaviest question it accepts at the same moment.

Usage: python -m bench.crowd --db /tmp/sn.db [--users 32 --others 20 --at-once N]
(from the repository root, with an index built by `dalil --db /tmp/sn.db index --source
../shared/corpora/saudinewsnet`; it uses the Bot API stand-in of tests/support)

The heavy question is the most frequent words of the collection's titles, joined up to the
1,000 characters a question may have: every one of its terms has long posting lists. Starts
`python -m bot` against the stand-in, pushes the heavy question from --users users and, at the
same moment, a short question from --others other users; prints one JSON line: the bot's
resident memory before and at its peak (VmHWM), the seconds until the last heavy answer, and
the other users' waits (p50, p95, max). --at-once N runs the bot with SEARCHES_AT_ONCE = N
(bot/state.py; 32, the updates handled at once, is what it was before the bound).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sqlite3
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from bench.big_updates import memory_mb
from bot.questions import MAX_QUESTION_CHARS
from tests.support.harness import ADMIN_ID
from tests.support.timed_standin import TimedStandIn

ROOT = Path(__file__).resolve().parent.parent
LIGHT = "من هو وزير الصحة؟"
FIRST_HEAVY, FIRST_OTHER = 700_000, 800_000


def heavy_question(db: Path, words: int = 0) -> str:
    """The most frequent title words (three letters or more), up to the question limit (or
    the first `words` of them)."""
    conn = sqlite3.connect(db)
    counts = Counter(
        word
        for (title,) in conn.execute("select title from documents")
        for word in re.findall(r"[\u0621-\u064a]{3,}", title or "")
    )
    conn.close()
    question = ""
    for word, _ in counts.most_common(words or None):
        if len(question) + len(word) + 1 > MAX_QUESTION_CHARS - 1:
            break
        question = f"{question} {word}".strip()
    return question + "؟"


async def run(args: argparse.Namespace) -> dict:
    """Start the bot, push the crowd, measure."""
    question = heavy_question(args.db, args.words)
    async with TimedStandIn() as standin:
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))},
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_BASE_URL": standin.base_url,
            "DALIL_ADMIN_IDS": str(ADMIN_ID),
            "DALIL_DB": str(args.db),
            "DALIL_CORPUS_DIR": str(ROOT / "seeds"),
            "DALIL_HASH_SALT": "bench-salt",
            "DALIL_LOG_QUESTIONS": "false",
            "PYTHONPATH": str(ROOT),
        }
        command = ["-m", "bot"]
        if args.at_once:
            command = [
                "-c",
                f"import sys, bot.state as s; s.SEARCHES_AT_ONCE = {args.at_once}; "
                "from bot.main import run_bot; sys.exit(run_bot())",
            ]
        bot = await asyncio.create_subprocess_exec(
            sys.executable, *command, cwd=args.db.parent, env=environment,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            standin.push_text(LIGHT, user_id=FIRST_OTHER - 1)  # warm-up: loaded and polling
            await standin.wait_for("sendMessage", timeout=300)
            before = memory_mb(bot.pid, "VmRSS")
            loop = asyncio.get_running_loop()
            pushed = loop.time()
            for user in range(FIRST_HEAVY, FIRST_HEAVY + args.users):
                standin.push_text(question, user_id=user)
            for user in range(FIRST_OTHER, FIRST_OTHER + args.others):
                standin.push_text(LIGHT, user_id=user)
            started = time.perf_counter()
            await standin.wait_for("sendMessage", count=args.users + args.others + 1, timeout=600)
            seconds = time.perf_counter() - started
            peak = memory_mb(bot.pid, "VmHWM")
        finally:
            bot.terminate()
            await bot.wait()

    def waits(first: int, count: int) -> list[float]:
        """Seconds from the push to each answer to users first … first + count - 1."""
        return sorted(
            when - pushed
            for when, _ in standin.times_of(
                "sendMessage", lambda p: first <= p.get("chat_id", 0) < first + count
            )
        )

    heavy, others = waits(FIRST_HEAVY, args.users), waits(FIRST_OTHER, args.others)
    return {
        "users": args.users,
        "at_once": args.at_once or "default",
        "question_chars": len(question),
        "question_words": len(question.split()),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
        "all_answered_s": round(seconds, 2),
        "last_heavy_s": round(heavy[-1], 2),
        "others_p50_s": round(statistics.median(others), 2),
        "others_p95_s": round(others[int(0.95 * (len(others) - 1))], 2),
        "others_max_s": round(others[-1], 2),
    }


def main() -> None:
    """Measure once and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--users", type=int, default=32)
    parser.add_argument("--others", type=int, default=20)
    parser.add_argument("--at-once", type=int, default=0)
    parser.add_argument("--words", type=int, default=0, help="the heavy question's words")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
