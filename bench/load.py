"""Measure the bot under a crowd: many users asking at once on a real archive.

Usage: python -m bench.load --corpus ../shared/corpora/saudinewsnet [--users 50 --questions 5]
(from the repository root: it uses the Bot API stand-in of tests/support)

Indexes the corpus into a temporary database, starts `python -m bot` against the Bot API
stand-in on 127.0.0.1, then runs two rounds: `burst` (every user sends all their questions at
once) and `steady` (each user sends the next question when the previous answer arrives).
Questions are the first 3-6 words of random document titles (fixed seed). Telegram allows a
bot about 30 messages a second, which the bot's rate limiter keeps to, so `burst` cannot end
before questions / 30 s: `bound_s`. Prints one JSON line per round: answers, seconds to the
last answer, waits (p50, p95, max, mean; from the push of a question to the stand-in
recording its answer), the slowest user's mean wait over the mean, requests that were not
answers (chat actions and others) and the bot's CPU seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiohttp import web

from bot.engine import build_index
from tests.support.harness import ADMIN_ID
from tests.support.timed_standin import TimedStandIn

ROOT = Path(__file__).resolve().parent.parent
TELEGRAM_RATE = 30  # messages a second to different chats, Telegram's limit per bot
FIRST_USER = 500_000


def pick_questions(db: Path, count: int, seed: int) -> list[str]:
    """The first 3-6 words of `count` random document titles."""
    conn = sqlite3.connect(db)
    titles = [row[0] for row in conn.execute("select title from documents order by id")]
    conn.close()
    rng = random.Random(seed)
    return [" ".join(rng.choice(titles).split()[: rng.randint(3, 6)]) for _ in range(count)]


def bot_cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class AnswerClock(TimedStandIn):
    """The stand-in, keeping when each sendMessage to each chat was recorded (kept up as calls
    come, so that 50 waiting users cost the stand-in's process nothing)."""

    def __init__(self) -> None:
        """No answers yet."""
        super().__init__()
        self.answered: dict[int, list[float]] = {}
        self.changed = asyncio.Event()

    async def _handle_method(self, request: web.Request) -> web.Response:
        """Record the call, then note an answer's time."""
        response = await super()._handle_method(request)
        name, params = self.calls[-1]
        if name == "sendMessage" and self.responses[-1]["ok"]:
            self.answered.setdefault(params["chat_id"], []).append(self.call_times[-1])
            self.changed.set()
            self.changed = asyncio.Event()
        return response


def answer_times(standin: AnswerClock, user: int) -> list[float]:
    """When each sendMessage to a user's chat was recorded."""
    return standin.answered.get(user, [])


async def wait_answers(standin: AnswerClock, users: list[int], each: int, timeout: float) -> None:
    """Wait until every user has `each` answers."""
    deadline = time.monotonic() + timeout
    while any(len(answer_times(standin, u)) < each for u in users):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("not every question was answered")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(standin.changed.wait(), remaining)


def summary(name: str, waits: dict[int, list[float]], last: float, first: float) -> dict:
    """The figures of one round."""
    every = sorted(w for user_waits in waits.values() for w in user_waits)
    mean = statistics.fmean(every)
    per_user = [statistics.fmean(w) for w in waits.values()]
    return {
        "round": name,
        "answers": len(every),
        "seconds": round(last - first, 2),
        "bound_s": round(len(every) / TELEGRAM_RATE, 2),
        "wait_p50_s": round(every[len(every) // 2], 2),
        "wait_p95_s": round(every[int(len(every) * 0.95)], 2),
        "wait_max_s": round(every[-1], 2),
        "wait_mean_s": round(mean, 2),
        "over_2s": sum(w > 2 for w in every),
        "slowest_user_over_mean": round(max(per_user) / mean, 2),
    }


async def burst(standin: AnswerClock, users: list[int], questions: list[list[str]]) -> dict:
    """Every user sends all their questions at once (round-robin order)."""
    loop = asyncio.get_running_loop()
    already = {u: len(answer_times(standin, u)) for u in users}
    started = loop.time()
    for round_number in range(len(questions[0])):
        for user, asked in zip(users, questions, strict=True):
            standin.push_text(asked[round_number], user_id=user)
    await wait_answers(standin, users, len(questions[0]) + max(already.values()), 120)
    waits = {u: [t - started for t in answer_times(standin, u)[already[u] :]] for u in users}
    last = max(max(answer_times(standin, u)) for u in users)
    return summary("burst", waits, last, started)


async def steady(standin: AnswerClock, users: list[int], questions: list[list[str]]) -> dict:
    """Each user sends the next question when the previous answer has arrived."""
    loop = asyncio.get_running_loop()
    waits: dict[int, list[float]] = {u: [] for u in users}

    async def one_user(user: int, asked: list[str]) -> None:
        for question in asked:
            before = len(answer_times(standin, user))
            pushed = loop.time()
            standin.push_text(question, user_id=user)
            while len(answer_times(standin, user)) == before:
                await standin.changed.wait()
            waits[user].append(answer_times(standin, user)[before] - pushed)

    started = loop.time()
    await asyncio.wait_for(
        asyncio.gather(*(one_user(u, q) for u, q in zip(users, questions, strict=True))), 300
    )
    return summary("steady", waits, loop.time(), started)


async def run(args: argparse.Namespace, db: Path) -> None:
    """Start the bot against the stand-in and run both rounds."""
    total = args.users * args.questions
    flat = pick_questions(db, total * 2, args.seed)
    users = [FIRST_USER + n for n in range(args.users)]
    async with AnswerClock() as standin:
        environment = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))},
            "TELEGRAM_BOT_TOKEN": standin.token,
            "TELEGRAM_BASE_URL": standin.base_url,
            "DALIL_ADMIN_IDS": str(ADMIN_ID),
            "DALIL_DB": str(db),
            "DALIL_CORPUS_DIR": str(args.corpus),
            "DALIL_HASH_SALT": "bench-salt",
        }
        bot = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=db.parent, env=environment,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        try:
            standin.push_text("من هو بلال الشواش؟", user_id=FIRST_USER - 1)  # warm-up
            await standin.wait_for("sendMessage", timeout=120)
            for name, round_ in (("burst", burst), ("steady", steady)):
                offset = 0 if name == "burst" else total
                questions = [
                    flat[offset + n * args.questions : offset + (n + 1) * args.questions]
                    for n in range(args.users)
                ]
                actions_before = len(standin.sent("sendChatAction"))
                calls_before = len(standin.calls)
                cpu_before = bot_cpu_seconds(bot.pid)
                figures = await round_(standin, users, questions)
                requests = [name for name, _ in standin.calls[calls_before:]]
                figures["chat_actions"] = len(standin.sent("sendChatAction")) - actions_before
                figures["other_requests"] = sum(
                    1 for r in requests if r not in ("sendMessage", "getUpdates")
                )
                figures["bot_cpu_s"] = round(bot_cpu_seconds(bot.pid) - cpu_before, 2)
                print(json.dumps(figures), flush=True)
                if name == "burst":
                    await asyncio.sleep(61)  # a fresh per-user minute for the next round
        finally:
            bot.terminate()
            await bot.wait()


def main() -> None:
    """Index the corpus, then measure."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--db", type=Path, help="keep the index here (reused when it exists)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        db = args.db or Path(temporary) / "dalil.db"
        if not db.exists():
            started = time.perf_counter()
            report = build_index(db, args.corpus)
            seconds = round(time.perf_counter() - started, 1)
            print(json.dumps({"documents": report.documents, "index_s": seconds}), flush=True)
        asyncio.run(run(args, db))


if __name__ == "__main__":
    main()
