"""Promise 3: a hostile corpus folder indexes its good files and names every bad one, and why."""

from __future__ import annotations

import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.generated_corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
HOSTILE_NAME = "تقرير\nجديد\u202ecod.exe.txt"
OUTSIDE_WORD = "زعفرانستان"


def dalil(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the `dalil` command in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> tuple[Path, list[str], dict[str, tuple[str, ...]]]:
    """Ten good files and one of each kind of bad file; return folder, good names, bad ones."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    good = []
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
        good.append(seed.name)
    for path in write_corpus(folder / "more", 5, seed=3, prefix="extra"):
        good.append(path.relative_to(folder).as_posix())
    (folder / "more" / "extra-0004.txt").rename(folder / "more" / "extra-0004.md")
    good[-1] = "more/extra-0004.md"

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"نص خارج المجلد عن {OUTSIDE_WORD}\n", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-folder").symlink_to(outside, target_is_directory=True)
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    (folder / "latin1.txt").write_bytes("Café déjà vu, naïve façade\n".encode("latin-1"))
    (folder / "noise.txt").write_bytes(random.Random(3).randbytes(4096))
    (folder / HOSTILE_NAME).write_text(
        f"نص عادي في ملف اسمه مريب عن {OUTSIDE_WORD}\n", encoding="utf-8"
    )
    (folder / "empty.txt").touch()
    bad = {
        "link.txt": ("symbolic link", "outside"),
        "linked-folder": ("symbolic link", "not followed"),
        "huge.txt": ("larger than", "limit"),
        "latin1.txt": ("not valid UTF-8",),
        "noise.txt": ("binary",),
        HOSTILE_NAME: ("file name", "rename"),
        "empty.txt": ("empty",),
    }
    return folder, sorted(good), bad


def test_good_files_are_indexed_and_each_bad_one_is_reported_escaped(
    hostile_corpus: tuple[Path, list[str], dict[str, tuple[str, ...]]], tmp_path: Path
) -> None:
    folder, good, bad = hostile_corpus
    db = tmp_path / "dalil.db"
    result = dalil(db, "index", "--source", str(folder), "--quiet")
    assert result.returncode == 0 and result.stderr == "", result.stderr

    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"documents: {len(good)} added,")
    assert lines[0].endswith(f" {len(bad)} skipped")
    reported = {}
    for line in lines[1:-1]:
        assert line.startswith("  skipped "), f"a line broken by a raw file name: {line!r}"
        name, reason = line.removeprefix("  skipped ").split(": ", 1)
        reported[name] = reason
    assert set(reported) == {repr(name) for name in bad}
    for name, words in bad.items():
        assert all(word in reported[repr(name)] for word in words), reported[repr(name)]
    assert "\u202e" not in result.stdout

    conn = sqlite3.connect(db)
    indexed = sorted(row[0] for row in conn.execute("select path from documents"))
    conn.close()
    assert indexed == good
    hidden = dalil(db, "ask", f"ما هي {OUTSIDE_WORD}؟")
    assert hidden.returncode == 0 and "secret" not in hidden.stdout
    assert OUTSIDE_WORD not in hidden.stdout
    answered = dalil(db, "ask", "من هو بلال الشواش؟")
    assert answered.returncode == 0 and "أبو ذر التونسي" in answered.stdout
    print(f"\nhostile corpus: {len(indexed)} good files indexed, {len(reported)} skipped")
