"""Promise 2: questions asked while the index is rebuilt are answered, each from one whole index.

Two generated corpora, a and b, give different answers to the same questions (their file
names differ). Every answer carries the index version it came from; the test knows which corpus
each version was built from, and checks the cited passages are exactly that corpus's answer.
DALIL_LONG_TESTS=1 uses larger corpora and three rebuilds by another process instead of one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine, build_index
from tests.support.generated_corpus import write_two_corpora

ROOT = Path(__file__).resolve().parent.parent
DALIL = (sys.executable, "-m", "bot.cli")
LONG = os.environ.get("DALIL_LONG_TESTS") == "1"
DOCUMENTS = 600 if LONG else 200
OUTSIDE_REBUILDS = 3 if LONG else 1
ASKERS = 4
QUESTIONS = ("من هو بلال الشواش؟", "من زار بلدة الهبيط؟", "من هو مدير المرصد السوري لحقوق الإنسان؟")
Hits = tuple[tuple[str, int], ...]


def hits_of(engine: Engine, question: str) -> tuple[int, Hits]:
    """Ask the engine; return the answer's index version and its cited passages."""
    answer = engine.ask(question, top_k=3).answer
    return answer.index_version, tuple((h.document.path, h.passage_number) for h in answer.hits)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two generated corpora, a and b."""
    return write_two_corpora(tmp_path_factory.mktemp("concurrency-corpora"), DOCUMENTS, (11, 12))


@pytest.fixture(scope="module")
def expected(
    corpora: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, dict[str, Hits]]:
    """Each corpus's answer to each question, from an index built with nobody asking."""
    answers = {}
    for name, corpus in corpora.items():
        db = tmp_path_factory.mktemp(f"reference-{name}") / "dalil.db"
        build_index(db, corpus, workers=1)
        engine = Engine(db)
        answers[name] = {q: hits_of(engine, q)[1] for q in QUESTIONS}
        assert all(answers[name].values()), "every question must be answered"
    assert answers["a"] != answers["b"]
    return answers


class Askers:
    """Threads that ask the questions in turn, without pause, until stopped."""

    def __init__(self, engine: Engine, count: int = ASKERS) -> None:
        """Start count asking threads."""
        self.engine = engine
        self.stop = threading.Event()
        self.answers: list[tuple[str, int, Hits]] = []
        self.errors: list[str] = []
        self.threads = [threading.Thread(target=self._ask, args=(i,)) for i in range(count)]
        for thread in self.threads:
            thread.start()

    def _ask(self, offset: int) -> None:
        """Ask until stopped, recording every answer and every exception."""
        turn = offset
        while not self.stop.is_set():
            question = QUESTIONS[turn % len(QUESTIONS)]
            turn += 1
            try:
                version, hits = hits_of(self.engine, question)
            except Exception as error:  # the promise is that this never happens
                self.errors.append(f"{type(error).__name__}: {error}")
                continue
            self.answers.append((question, version, hits))

    def finish(self) -> None:
        """Stop every thread and wait for it."""
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def wait_for_version(askers: Askers, version: int, timeout: float = 60) -> None:
    """Wait until the askers have had answers from an index version (the newest one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not any(
        answered == version for _, answered, _ in askers.answers[-4 * ASKERS :]
    ):
        time.sleep(0.05)


def check_answers(
    askers: Askers, corpus_of: Callable[[int], str], expected: dict[str, dict[str, Hits]]
) -> Counter[int]:
    """Assert no errors and that each answer is exactly its version's corpus's answer."""
    assert askers.errors == []
    wrong = [
        (question, version, hits)
        for question, version, hits in askers.answers
        if hits != expected[corpus_of(version)][question]
    ]
    assert wrong == []
    return Counter(version for _, version, _ in askers.answers)


def test_asking_during_three_reindexes_in_the_engine(
    corpora: dict[str, Path], expected: dict[str, dict[str, Hits]], tmp_path: Path
) -> None:
    engine = Engine(tmp_path / "dalil.db")
    assert engine.reindex(corpora["a"]) is not None
    askers = Askers(engine)
    order = ["a", "b", "a", "b"]
    during_builds = []
    try:
        for name in order[1:]:
            time.sleep(0.1)
            before = len(askers.answers)
            report = engine.reindex(corpora[name], rebuild=True, allow_mass_removal=True)
            during_builds.append(len(askers.answers) - before)
            assert report is not None and report.documents == DOCUMENTS
        wait_for_version(askers, len(order))
    finally:
        askers.finish()
    served = check_answers(askers, lambda version: order[version - 1], expected)
    assert set(served) == {1, 2, 3, 4}, f"versions answered from: {served}"
    assert all(during_builds), f"questions answered during each rebuild: {during_builds}"
    print(
        f"\nreindex in the engine: {sum(served.values())} questions served by {ASKERS} threads "
        f"during 3 rebuilds of {DOCUMENTS} documents ({during_builds} while each ran), "
        f"{len(askers.errors)} errors; "
        f"by index version {dict(sorted(served.items()))}"
    )


def test_asking_while_another_process_rebuilds_and_the_engine_reloads(
    corpora: dict[str, Path], expected: dict[str, dict[str, Hits]], tmp_path: Path
) -> None:
    db = tmp_path / "dalil.db"
    build_index(db, corpora["a"], workers=1)
    engine = Engine(db)
    engine.load()
    askers = Askers(engine)
    loads: list[int] = []
    load_errors: list[str] = []

    def reload_until_stopped() -> None:
        while not askers.stop.is_set():
            try:
                loads.append(engine.load().version)
            except Exception as error:  # the promise is that this never happens
                load_errors.append(f"{type(error).__name__}: {error}")

    reloader = threading.Thread(target=reload_until_stopped)
    reloader.start()
    order = ["a", "b", "a", "b"][: OUTSIDE_REBUILDS + 1]
    try:
        for name in order[1:]:
            subprocess.run(
                [
                    *DALIL,
                    *("--db", str(db), "index", "--rebuild", "--allow-mass-removal"),
                    *("--source", str(corpora[name])),
                ],
                cwd=ROOT,
                check=True,
                capture_output=True,
                timeout=120,
            )
        wait_for_version(askers, len(order))
    finally:
        askers.finish()
        reloader.join(60)
    assert load_errors == []
    served = check_answers(askers, lambda version: order[version - 1], expected)
    assert max(served) == len(order) and len(served) >= 2, f"versions answered from: {served}"
    print(
        f"\nreindex by another process: {sum(served.values())} questions served by {ASKERS} "
        f"threads while the engine reloaded {len(loads)} times, {len(askers.errors)} errors; "
        f"by index version {dict(sorted(served.items()))}"
    )
