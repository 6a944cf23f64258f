"""Promise 9: one hostile file never stops a build; good files are indexed, bad ones named."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import texts
from bot.main import build_engine
from bot.settings import Settings
from tests.helpers import SEEDS
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import ADMIN_ID, running_bot, settings_for
from tests.support.hostile_files import GOOD_PARTS, write_hostile_files

ROOT = Path(__file__).resolve().parent.parent
SEED_QUESTION = "من هو بلال الشواش؟"
SEED_ANSWER = "أبو ذر التونسي"
TOKEN = "123456:" + "a" * 30


def dalil(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `dalil` command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The seeds plus one file of each hostile kind; return the folder and the expected skips."""
    folder = tmp_path_factory.mktemp("hostile") / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder, write_hostile_files(folder)


def _good(folder: Path) -> list[str]:
    """The documents a build of the hostile corpus must hold: the seeds and the good parts."""
    return sorted([p.name for p in SEEDS.glob("*.txt")] + list(GOOD_PARTS))


def test_dalil_index_indexes_the_seeds_and_names_every_hostile_file(
    hostile_corpus: tuple[Path, dict], tmp_path: Path
) -> None:
    folder, bad = hostile_corpus
    db = tmp_path / "dalil.db"
    started = time.perf_counter()
    result = dalil(db, "index", "--source", str(folder), "--quiet")
    seconds = time.perf_counter() - started
    assert result.returncode == 0 and result.stderr == "", result.stderr
    reported = {}
    for line in result.stdout.splitlines()[1:-1]:
        name, reason = line.removeprefix("  skipped ").split(": ", 1)
        reported[name] = reason
    assert set(reported) == {repr(name) for name in bad}, result.stdout
    for name, words in bad.items():
        assert all(word in reported[repr(name)] for word in words), (name, reported[repr(name)])
    conn = sqlite3.connect(db)
    indexed = sorted(row[0] for row in conn.execute("select path from documents"))
    conn.close()
    assert indexed == _good(folder)
    answered = dalil(db, "ask", SEED_QUESTION)
    assert answered.returncode == 0 and SEED_ANSWER in answered.stdout
    print(
        f"\nhostile files: {len(indexed)} documents indexed, {len(reported)} named, {seconds:.1f} s"
    )


async def test_reindex_in_the_bot_reports_every_hostile_file(
    hostile_corpus: tuple[Path, dict], standin: BotApiStandIn, bot_db: Path
) -> None:
    folder, bad = hostile_corpus
    async with running_bot(settings_for(standin, bot_db, folder)):
        standin.push_text("/reindex", user_id=ADMIN_ID)
        [report] = await standin.wait_for("editMessageText", timeout=60)
        standin.push_text(SEED_QUESTION)
        [_, answer] = await standin.wait_for("sendMessage", count=2)
    text = report["text"]
    assert telegram_html_problem(text) is None
    assert text.startswith("✅"), text
    for name in bad:
        assert f"<code>{name}</code>" in text, name
    assert f"{texts.REINDEX_SKIPPED}: {len(bad)}" in text
    assert SEED_ANSWER in answer["text"]


def test_a_first_start_on_a_hostile_corpus_serves_the_good_files(
    hostile_corpus: tuple[Path, dict], tmp_path: Path
) -> None:
    folder, _ = hostile_corpus
    settings = Settings(
        token=TOKEN,
        admin_ids=frozenset({ADMIN_ID}),
        db_path=tmp_path / "new" / "dalil.db",
        corpus_dir=folder,
    )
    engine = build_engine(settings)  # what the bot runs when it starts with no database
    assert sorted(d.path for d in engine.searcher.corpus.documents) == _good(folder)
    hits = engine.ask(SEED_QUESTION).answer.hits
    assert hits and any(SEED_ANSWER in hit.passage_text for hit in hits)


def _file_size_limit(limit: int) -> Callable[[], None]:
    """Make the child's writes past limit bytes fail with EFBIG, as on a full disk."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write, do not kill the process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_build_that_cannot_write_keeps_the_old_index_and_says_why_in_one_line(
    tmp_path: Path, corpus_dir: Path
) -> None:
    db = tmp_path / "dalil.db"
    assert dalil(db, "index", "--source", str(corpus_dir), "--quiet").returncode == 0
    long_text = sorted(corpus_dir.glob("*.txt"))[0].read_text("utf-8") * 50
    (corpus_dir / "long.txt").write_text(long_text, "utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), "index", "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "DALIL_CORPUS_DIR": str(corpus_dir)},
        timeout=120,
        preexec_fn=_file_size_limit(db.stat().st_size + 65536),
    )
    assert failed.returncode == 2, failed.stderr
    assert failed.stderr.splitlines() == [
        "dalil: the index could not be written (disk I/O error); the previous index is kept"
    ]
    answered = dalil(db, "ask", SEED_QUESTION)
    assert answered.returncode == 0 and SEED_ANSWER in answered.stdout
    assert "long.txt" not in dalil(db, "ask", "بلال الشواش").stdout
