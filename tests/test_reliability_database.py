"""Promise 7: a corrupt, truncated, garbage or newer database stops `dalil` with one clear line."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storage.migrations import LATEST_VERSION

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUESTION = "من هو بلال الشواش؟"
ANSWER_WORDS = "أبو ذر التونسي"
REBUILD = "dalil index --rebuild"


def dalil(db: Path, *args: str) -> subprocess.Popen[str]:
    """Start the `dalil` command as a user would, in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


def finished(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    """Wait for a started command and return its exit code and output."""
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `dalil` command to the end."""
    return finished(dalil(db, *args))


def copy_db(source: Path, target: Path) -> Path:
    """Copy a database file (and its WAL, if any) to target."""
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def assert_one_clear_line(result: subprocess.CompletedProcess[str]) -> None:
    """A failed command printed one line naming the command to run, and no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("dalil: ") and REBUILD in lines[0], lines[0]


def truncate_to(fraction: float) -> Callable[[Path], None]:
    """Cut a database file to a fraction of its size (a disk that filled up, a bad copy)."""

    def damage(path: Path) -> None:
        with path.open("r+b") as handle:
            handle.truncate(int(path.stat().st_size * fraction))

    return damage


def garbage(path: Path) -> None:
    """Replace a database file with random bytes."""
    path.write_bytes(random.Random(7).randbytes(64 * 1024))


def garbage_after_header(path: Path) -> None:
    """Keep SQLite's 100-byte header and overwrite every page after the first with noise."""
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size:] = random.Random(8).randbytes(len(data) - page_size)
    path.write_bytes(bytes(data))


def noise_in_the_last_pages(path: Path) -> None:
    """Overwrite the last third of the file (passages and terms), leaving the schema readable."""
    data = bytearray(path.read_bytes())
    start = len(data) * 2 // 3
    data[start:] = random.Random(9).randbytes(len(data) - start)
    path.write_bytes(bytes(data))


def newer_schema(path: Path) -> None:
    """Record migration 99, as a database written by a future Dalil would."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "insert into _migrations (version, name, applied_at) values (99, 'future', 'x')"
        )
    conn.close()


# Damage to the whole file, which every command must refuse; and damage to the index pages
# alone, which `dalil stats` (it reads only the metadata) may not notice but `dalil ask` must.
# DALIL_LONG_TESTS=1 adds two more kinds of damage.
WHOLE_FILE_DAMAGES = {
    "truncated to 50%": truncate_to(0.5),
    "truncated to 95%": truncate_to(0.95),
    "random bytes": garbage,
    "newer schema": newer_schema,
}
if os.environ.get("DALIL_LONG_TESTS") == "1":
    WHOLE_FILE_DAMAGES |= {
        "truncated to 1%": truncate_to(0.01),
        "header then noise": garbage_after_header,
    }
INDEX_PAGE_DAMAGES = {"noise in the last pages": noise_in_the_last_pages}


@pytest.fixture
def indexed_db(seed_db: Path, tmp_path: Path) -> Path:
    """A private, checkpointed copy of the seed index."""
    path = copy_db(seed_db, tmp_path / "dalil.db")
    conn = sqlite3.connect(path)
    conn.execute("pragma wal_checkpoint(truncate)")
    conn.close()
    Path(f"{path}-wal").unlink(missing_ok=True)
    return path


@pytest.mark.parametrize(
    "damage",
    [*WHOLE_FILE_DAMAGES.values(), *INDEX_PAGE_DAMAGES.values()],
    ids=[*WHOLE_FILE_DAMAGES, *INDEX_PAGE_DAMAGES],
)
def test_a_damaged_database_stops_with_one_line_and_rebuild_repairs_it(
    indexed_db: Path, damage: Callable[[Path], None]
) -> None:
    damage(indexed_db)
    damaged = indexed_db.read_bytes()
    asking, counting = dalil(indexed_db, "ask", QUESTION), dalil(indexed_db, "stats")
    assert_one_clear_line(finished(asking))
    stats = finished(counting)
    if damage in WHOLE_FILE_DAMAGES.values() or stats.returncode != 0:
        assert_one_clear_line(stats)
    assert indexed_db.read_bytes() == damaged, "a failed command must not touch the file"

    rebuilt = run(indexed_db, "index", "--rebuild", "--source", str(SEEDS), "--quiet")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Traceback" not in rebuilt.stderr
    assert "5 added" in rebuilt.stdout
    assert Path(f"{indexed_db}.broken").read_bytes() == damaged


def test_a_database_of_an_older_schema_is_migrated_on_open(indexed_db: Path) -> None:
    conn = sqlite3.connect(indexed_db)
    with conn:
        conn.execute("drop table query_log")
        conn.execute("delete from _migrations where version > 1")
    conn.close()

    stats = run(indexed_db, "stats")
    assert stats.returncode == 0, stats.stderr
    assert "questions_today: 0" in stats.stdout and "documents: 5" in stats.stdout
    conn = sqlite3.connect(indexed_db)
    versions = [row[0] for row in conn.execute("select version from _migrations order by 1")]
    tables = {row[0] for row in conn.execute("select name from sqlite_master")}
    conn.close()
    assert versions == list(range(1, LATEST_VERSION + 1)) and "query_log" in tables
    answered = run(indexed_db, "ask", QUESTION)
    assert answered.returncode == 0 and ANSWER_WORDS in answered.stdout, answered.stderr
