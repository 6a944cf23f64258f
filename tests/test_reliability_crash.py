"""Promise 1: `dalil index` killed at any moment of a rebuild leaves the last complete index.

Each round kills a `dalil index --rebuild` process with SIGKILL at a seeded random moment, then
checks the database (integrity, version), asks a question from it and lets the next rebuild run
to the end. A few moments are aimed at the write transaction and at the commit and close that
follow it, using the progress lines the command prints. DALIL_LONG_TESTS=1 runs 20 rounds over a
larger corpus; the default is 5 rounds.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.engine import Engine
from tests.support.generated_corpus import write_two_corpora

ROOT = Path(__file__).resolve().parent.parent
DALIL = (sys.executable, "-m", "bot.cli")
LONG = os.environ.get("DALIL_LONG_TESTS") == "1"
KILLS = 20 if LONG else 5
DOCUMENTS = 600 if LONG else 300
QUESTIONS = ("من هو بلال الشواش؟", "من زار بلدة الهبيط؟", "من هو مدير المرصد السوري لحقوق الإنسان؟")


@dataclass
class Run:
    """A running `dalil index` and the moments its progress lines arrived."""

    process: subprocess.Popen[bytes]
    started: float
    analyzed: threading.Event = field(default_factory=threading.Event)
    written: threading.Event = field(default_factory=threading.Event)
    marks: dict[str, float] = field(default_factory=dict)

    def watch(self, documents: int) -> None:
        """Read progress lines from stderr, noting when analysis and the write ended."""
        assert self.process.stderr is not None
        for raw in self.process.stderr:
            line = raw.decode("utf-8", "replace").strip()
            now = time.perf_counter() - self.started
            if line == f"analyze: {documents}/{documents}":
                self.marks["analyzed"] = now
                self.analyzed.set()
            elif line == "commit: 1/1":
                self.marks["written"] = now
                self.written.set()


def start_index(db: Path, corpus: Path, documents: int) -> Run:
    """Start `dalil index --rebuild` in a new process group and watch its progress."""
    process = subprocess.Popen(
        # the two corpora share no file: each rebuild removes all of the other's documents
        [
            *DALIL,
            *("--db", str(db), "index", "--rebuild", "--allow-mass-removal"),
            *("--source", str(corpus), "--workers", "2"),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,
    )
    run = Run(process, time.perf_counter())
    threading.Thread(target=run.watch, args=(documents,), daemon=True).start()
    return run


def complete_index(db: Path, corpus: Path, documents: int) -> tuple[Run, float]:
    """Run `dalil index --rebuild` to the end; return it and how long it took."""
    run = start_index(db, corpus, documents)
    code = run.process.wait(timeout=120)
    seconds = time.perf_counter() - run.started
    run.written.wait(5)
    assert code == 0, f"dalil index exited with {code}"
    return run, seconds


def live_group_members(group: int) -> list[int]:
    """Process ids (not zombies) in a process group, read from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, _, pgrp = stat.rsplit(")", 1)[1].split()[:3]
        if int(pgrp) == group and state not in "ZX":
            members.append(int(entry.name))
    return members


def index_state(db: Path) -> tuple[str, int, str]:
    """SQLite's integrity check, the index version and the corpus it was built from."""
    conn = sqlite3.connect(db)
    try:
        integrity = conn.execute("pragma integrity_check").fetchone()[0]
        meta = dict(conn.execute("select key, value from meta"))
    finally:
        conn.close()
    return integrity, int(meta["index_version"]), Path(meta["corpus"]).name


def answers(db: Path) -> tuple[int, list[tuple[tuple[str, int], ...]]]:
    """The index version and the cited passages of each question, as `dalil ask` finds them."""
    engine = Engine(db)
    engine.load()
    found = [engine.ask(q, top_k=5).answer for q in QUESTIONS]
    versions = {answer.index_version for answer in found}
    assert len(versions) == 1
    return versions.pop(), [
        tuple((h.document.path, h.passage_number) for h in a.hits) for a in found
    ]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two generated corpora, a and b, whose answers differ (their file names do)."""
    return write_two_corpora(tmp_path_factory.mktemp("crash-corpora"), DOCUMENTS, (1, 2))


def test_sigkill_at_random_moments_of_a_rebuild_never_breaks_the_index(
    corpora: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "dalil.db"
    expected, timings = {}, []
    for name in ("a", "b"):
        run, seconds = complete_index(db, corpora[name], DOCUMENTS)
        timings.append((seconds, run.marks))
        assert index_state(db) == ("ok", len(expected) + 1, name)
        expected[name] = answers(db)[1]
        assert all(path.startswith(f"{name}-") for hits in expected[name] for path, _ in hits)
        assert all(expected[name]), "every question must be answered"
    total = min(seconds for seconds, _ in timings)
    write = max(marks["written"] - marks["analyzed"] for _, marks in timings)
    close = max(seconds - marks["written"] for seconds, marks in timings)

    rng = random.Random(20)
    moments = ["anytime"] * (KILLS // 2) + ["write"] * ((KILLS - KILLS // 2) * 2 // 3)
    moments += ["close"] * (KILLS - len(moments))
    rng.shuffle(moments)
    version, current = 2, "b"
    phases: Counter[str] = Counter()
    failures: list[str] = []
    kills = missed = 0
    while kills < KILLS:
        aim = moments[kills]
        target = "a" if current == "b" else "b"
        run = start_index(db, corpora[target], DOCUMENTS)
        if aim == "anytime":
            time.sleep(rng.uniform(0.05, 0.95) * total)
        elif aim == "write":
            assert run.analyzed.wait(60), "dalil index printed no 'analyze: N/N' line"
            time.sleep(rng.uniform(0.1, 0.6) * write)
        else:
            assert run.written.wait(60), "dalil index printed no 'commit: 1/1' line"
            time.sleep(rng.uniform(0, close))
        if run.process.poll() is not None:  # finished before the kill: aim again
            assert run.process.returncode == 0
            version, current = version + 1, target
            missed += 1
            assert missed <= KILLS, "too many runs finished before their kill"
            continue
        os.kill(run.process.pid, signal.SIGKILL)
        run.process.wait(30)
        killed_at = time.perf_counter() - run.started
        kills += 1
        deadline = time.monotonic() + 10
        while live_group_members(run.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        problems = []
        if orphans := live_group_members(run.process.pid):
            problems.append(f"worker processes left running: {orphans}")
        integrity, stored_version, stored = index_state(db)
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        if (stored_version, stored) not in ((version, current), (version + 1, target)):
            problems.append(f"index version {stored_version} of {stored} after version {version}")
        answered_version, hits = answers(db)
        if answered_version != stored_version or hits != expected[stored]:
            problems.append(f"answers of version {answered_version} are not those of {stored}")
        committed = stored_version == version + 1
        phases[
            "after the commit"
            if "written" in run.marks
            else "at the commit"
            if committed
            else "in the write transaction"
            if "analyzed" in run.marks
            else "before writing"
        ] += 1
        _, seconds = complete_index(db, corpora[target], DOCUMENTS)
        integrity, version, current = index_state(db)
        if (integrity, version, current) != ("ok", stored_version + 1, target):
            problems.append(f"the next rebuild left {integrity}, version {version} of {current}")
        if answers(db) != (version, expected[target]):
            problems.append("the next rebuild answers differently")
        failures += [f"kill {kills} at {killed_at:.2f} s ({aim}): {p}" for p in problems]

    survived = KILLS - len({f.split(":")[0] for f in failures})
    print(
        f"\ncrash test: {survived}/{KILLS} kills survived ({DOCUMENTS} documents, rebuild "
        f"{total:.2f} s, write {write:.2f} s, close {close:.2f} s); killed "
        + ", ".join(f"{count} {phase}" for phase, count in sorted(phases.items()))
    )
    assert not failures, "\n".join(failures)
