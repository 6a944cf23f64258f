"""Promise 10: an unreadable corpus folder, or a refresh losing most documents, keeps the index."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import texts
from tests.support.botapi_standin import BotApiStandIn, telegram_html_problem
from tests.support.harness import ADMIN_ID, running_bot, settings_for
from tests.support.unprivileged import obey_file_modes

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "من هو بلال الشواش؟"
ANSWER = "أبو ذر التونسي"


def dalil(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `dalil` in a process that file modes bind (even as root)."""
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        preexec_fn=obey_file_modes,
    )


@pytest.fixture
def indexed(tmp_path: Path, corpus_dir: Path) -> Iterator[tuple[Path, Path]]:
    """A corpus (seeds in two folders) and its index; every mode is restored afterwards."""
    (corpus_dir / "older").mkdir()
    for path in sorted(corpus_dir.glob("*.txt"))[:3]:
        path.rename(corpus_dir / "older" / path.name)
    db = tmp_path / "dalil.db"
    assert dalil(db, "index", "--source", str(corpus_dir), "--quiet").returncode == 0
    yield db, corpus_dir
    corpus_dir.chmod(0o755)
    (corpus_dir / "older").chmod(0o755)


def _still_answers(db: Path) -> None:
    """The previous index (all five seeds) still answers."""
    stats = dalil(db, "stats").stdout
    assert "documents: 5" in stats, stats
    answered = dalil(db, "ask", QUESTION)
    assert answered.returncode == 0 and ANSWER in answered.stdout


@pytest.mark.parametrize("unreadable", [".", "older"])
def test_an_unreadable_corpus_folder_leaves_the_index_and_says_why(
    indexed: tuple[Path, Path], unreadable: str
) -> None:
    db, corpus = indexed
    (corpus / unreadable).chmod(0o000)
    probe = subprocess.run(
        [sys.executable, "-c", f"import os; os.listdir({str(corpus / unreadable)!r})"],
        capture_output=True,
        preexec_fn=obey_file_modes,
    )
    assert probe.returncode != 0, "the child could still read the folder: the test means nothing"
    result = dalil(db, "index", "--source", str(corpus), "--quiet")
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"dalil: cannot read the corpus folder {corpus} (")
    assert "Permission denied" in line and "--allow-mass-removal" in line
    _still_answers(db)


def test_allow_mass_removal_indexes_without_an_unreadable_sub_folder(
    indexed: tuple[Path, Path],
) -> None:
    db, corpus = indexed
    (corpus / "older").chmod(0o000)
    result = dalil(db, "index", "--source", str(corpus), "--quiet", "--allow-mass-removal")
    assert result.returncode == 0, result.stderr
    assert "3 removed" in result.stdout
    assert "skipped 'older': folder cannot be read (Permission denied)" in result.stdout
    assert "index: 2 documents" in result.stdout


def test_removing_most_documents_at_once_needs_allow_mass_removal(
    indexed: tuple[Path, Path],
) -> None:
    db, corpus = indexed
    for path in sorted((corpus / "older").glob("*.txt")):
        path.unlink()
    refused = dalil(db, "index", "--source", str(corpus), "--quiet")
    assert refused.returncode == 2 and refused.stdout == ""
    assert refused.stderr.splitlines() == [
        "dalil: this refresh would remove 3 of the 5 documents in the index (more than half): "
        "the index is left as it was; if the files were removed on purpose, run "
        "`dalil index --allow-mass-removal`"
    ]
    _still_answers(db)
    rebuilt = dalil(db, "index", "--source", str(corpus), "--quiet", "--rebuild")
    assert rebuilt.returncode == 2 and "would remove 3 of the 5" in rebuilt.stderr
    allowed = dalil(db, "index", "--source", str(corpus), "--quiet", "--allow-mass-removal")
    assert allowed.returncode == 0 and "index: 2 documents" in allowed.stdout


async def test_reindex_in_the_bot_refuses_a_mass_removal_and_keeps_answering(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path
) -> None:
    for path in sorted(corpus_dir.glob("*.txt"))[:4]:
        path.unlink()
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_text("/reindex", user_id=ADMIN_ID)
        [started] = await standin.wait_for("sendMessage")
        [report] = await standin.wait_for("editMessageText", timeout=30)
        standin.push_text(QUESTION)
        [_, answer] = await standin.wait_for("sendMessage", count=2)
    text = report["text"]
    assert telegram_html_problem(text) is None
    assert text.startswith("⚠️") and "4 of the 5 documents" in text
    assert "أكثر من نصف الوثائق" in text and "--allow-mass-removal" in text
    assert ANSWER in answer["text"]
    assert started["text"] == texts.REINDEX_STARTED
