"""Promise 11: the bot always stops promptly, and a dead analysis worker fails the build.

SIGINT or SIGTERM sent to the bot's process group (as a terminal's Ctrl-C and systemd do) in
the middle of a /reindex ends every process of the group within 5 s; the previous index is
kept and the restarted bot answers. An analysis worker killed mid-build (as the OOM killer
does) fails the build in one line instead of hanging it, and the next build runs.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest

from bot.engine import Engine, build_index
from storage.database import connect
from storage.errors import BuildFailed
from storage.metadata import read_meta
from tests.helpers import SEEDS
from tests.support.botapi_standin import BotApiStandIn
from tests.support.generated_corpus import write_corpus
from tests.support.harness import ADMIN_ID, start_bot_process

LONG = os.environ.get("DALIL_LONG_TESTS") == "1"
QUESTION = "من هو بلال الشواش؟"
ANSWER = "أبو ذر التونسي"


def _children() -> dict[int, list[int]]:
    """Every live process's children, from /proc (zombies are dead: left out)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state, parent = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:2]
            except (OSError, ValueError):
                continue
            if state != "Z":
                tree.setdefault(int(parent), []).append(int(entry.name))
    return tree


def analysis_workers() -> list[int]:
    """This process's descendants that are pool workers: not the forkserver that starts them
    (a child of ours), nor multiprocessing's resource tracker."""
    tree, found = _children(), []
    todo = [(pid, True) for pid in tree.get(os.getpid(), [])]
    while todo:
        pid, child = todo.pop()
        todo += [(grandchild, False) for grandchild in tree.get(pid, [])]
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" in command or (child and b"forkserver" in command):
            continue
        found.append(pid)
    return found


def index_version(db: Path) -> str:
    """The version of the index stored in db."""
    conn = connect(db)
    try:
        return read_meta(conn)["index_version"]
    finally:
        conn.close()


def test_a_killed_analysis_worker_fails_the_build_and_the_next_one_runs(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "dalil.db"
    shutil.copytree(SEEDS, corpus)
    build_index(db, corpus, workers=1)
    write_corpus(corpus / "generated", 900, seed=11)
    engine = Engine(db, aliases_path=None)
    engine.load()
    killed: list[int] = []

    def kill_a_worker(stage: str, done: int, total: int) -> None:
        if stage == "read" and done == 600 and not killed:
            workers = analysis_workers()
            assert workers, "no analysis worker to kill: the test would mean nothing"
            os.kill(workers[0], signal.SIGKILL)
            killed.append(workers[0])

    outcome: list[BaseException | object] = []

    def build() -> None:
        try:
            outcome.append(engine.reindex(corpus, progress=kill_a_worker, workers=2))
        except BaseException as error:
            outcome.append(error)

    started = time.perf_counter()
    builder = threading.Thread(target=build)
    builder.start()
    builder.join(60)
    assert not builder.is_alive(), "the build hangs after its worker was killed"
    seconds = time.perf_counter() - started
    [error] = outcome
    assert killed and isinstance(error, BuildFailed), error
    assert str(error) == (
        "an analysis worker process died (killed, or out of memory?); the previous index is kept"
    )
    assert not engine.building and index_version(db) == "1"
    assert analysis_workers() == []
    report = engine.reindex(corpus, workers=2)
    assert report is not None and report.documents == 905
    print(f"\nkilled worker: the build failed after {seconds:.1f} s; the next build ran")


def bot_environment(db: Path, corpus: Path, standin: BotApiStandIn) -> dict[str, str]:
    """The environment of a bot start against the stand-in."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DALIL_"))}
    return {
        **keep,
        "TELEGRAM_BOT_TOKEN": standin.token,
        "TELEGRAM_BASE_URL": standin.base_url,
        "DALIL_ADMIN_IDS": str(ADMIN_ID),
        "DALIL_DB": str(db),
        "DALIL_CORPUS_DIR": str(corpus),
        "DALIL_HASH_SALT": "test-salt",
    }


async def start_bot(environment: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    """`python -m bot` in a process group of its own (as systemd and a terminal start it)."""
    return await start_bot_process(environment, cwd, own_group=True)


def group_alive(pgid: int) -> bool:
    """Tell whether any process of the group is left."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


SIGNALS = [("SIGTERM", "group")] + (
    [("SIGINT", "group"), ("SIGTERM", "process"), ("SIGINT", "process")] if LONG else []
)


@pytest.mark.parametrize(("name", "target"), SIGNALS)
async def test_a_signal_during_reindex_stops_the_bot_within_5_s_and_keeps_the_index(
    name: str, target: str, tmp_path: Path, standin: BotApiStandIn
) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "dalil.db"
    shutil.copytree(SEEDS, corpus)
    build_index(db, corpus, workers=1)
    write_corpus(corpus / "generated", 4000, seed=13)  # a reindex of several seconds
    environment = bot_environment(db, corpus, standin)
    bot = await start_bot(environment, tmp_path)
    try:
        standin.push_text(QUESTION)
        [first] = await standin.wait_for("sendMessage", timeout=60)
        assert ANSWER in first["text"]
        standin.push_text("/reindex", user_id=ADMIN_ID)
        await standin.wait_for("sendMessage", count=2, timeout=30)
        await asyncio.sleep(1.0)  # inside the build
        assert not any(m["text"].startswith("✅") for m in standin.sent("editMessageText"))
        sent_at = time.perf_counter()
        if target == "group":
            os.killpg(bot.pid, getattr(signal, name))
        else:
            os.kill(bot.pid, getattr(signal, name))
        _, stderr = await asyncio.wait_for(bot.communicate(), 30)
        seconds = time.perf_counter() - sent_at
        for _ in range(50):  # the workers may take a moment after the main process
            if not group_alive(bot.pid):
                break
            await asyncio.sleep(0.1)
        left = group_alive(bot.pid)
    finally:
        if bot.returncode is None:
            bot.kill()
        with_group_gone = not group_alive(bot.pid) or os.killpg(bot.pid, signal.SIGKILL)
    assert seconds <= 5, f"the bot took {seconds:.1f} s to stop"
    assert not left and with_group_gone is not False
    assert "Traceback" not in stderr.decode(), stderr.decode()
    assert index_version(db) == "1"

    bot = await start_bot(environment, tmp_path)
    try:
        standin.push_text(QUESTION)
        answers = await standin.wait_for("sendMessage", count=3, timeout=60)
        assert ANSWER in answers[-1]["text"]
    finally:
        bot.send_signal(signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), 30)
    print(f"\n{name} to the {target} during /reindex: stopped after {seconds:.2f} s")


async def test_a_signal_while_polling_backs_off_stops_the_bot_within_5_s(
    tmp_path: Path, standin: BotApiStandIn
) -> None:
    """Telegram asked the bot to wait 20 s before the next getUpdates: a SIGTERM still ends it
    within 5 s (PTB looks at the stop request only after that sleep)."""
    corpus, db = tmp_path / "corpus", tmp_path / "dalil.db"
    shutil.copytree(SEEDS, corpus)
    build_index(db, corpus, workers=1)
    bot = await start_bot(bot_environment(db, corpus, standin), tmp_path)
    try:
        standin.push_text(QUESTION)
        await standin.wait_for("sendMessage", timeout=60)
        standin.fail_next(
            "getUpdates", error_code=429, description="Too Many Requests", retry_after=20
        )
        polls = sum(1 for name, _ in standin.calls if name == "getUpdates")
        standin.push_text(QUESTION)  # ends the long poll: the next getUpdates gets the 429
        while sum(1 for name, _ in standin.calls if name == "getUpdates") < polls + 2:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)
        sent_at = time.perf_counter()
        os.killpg(bot.pid, signal.SIGTERM)
        await asyncio.wait_for(bot.wait(), 30)
        seconds = time.perf_counter() - sent_at
    finally:
        if bot.returncode is None:
            bot.kill()
    print(f"\nSIGTERM during a 20 s back-off: stopped after {seconds:.2f} s")
    assert seconds <= 5
