"""Shared fixtures: paths to the seeds and the eval sets in eval/, a seed index, the stand-in."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from retrieval.search import Searcher
from storage.index_files import arrays_folder
from tests.helpers import SEEDS, SEEDS_DEV, require_eval


@pytest.fixture(scope="session")
def seeds_dev() -> Path:
    """The dev question set about the five seed articles."""
    return require_eval(SEEDS_DEV)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database indexed from seeds/ once per test session."""
    from bot.engine import build_index

    path = tmp_path_factory.mktemp("seed-index") / "dalil.db"
    build_index(path, SEEDS, workers=1)
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    """A copy of the seeds that a test may add files to."""
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture
def bot_db(seed_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seed index (tests that log or reindex write to it)."""
    path = tmp_path / "dalil.db"
    for suffix in ("", "-wal"):
        if Path(f"{seed_db}{suffix}").exists():
            shutil.copy(f"{seed_db}{suffix}", f"{path}{suffix}")
    if arrays_folder(seed_db).is_dir():
        shutil.copytree(arrays_folder(seed_db), arrays_folder(path))
    return path


@pytest_asyncio.fixture
async def standin() -> AsyncIterator:
    """A Bot API stand-in served on 127.0.0.1 for one test."""
    from tests.support.botapi_standin import BotApiStandIn

    async with BotApiStandIn() as server:
        yield server


@pytest.fixture(scope="session")
def seed_searcher(seed_db: Path) -> Searcher:
    """A searcher over the seed index, loaded once per session."""
    from bot.engine import Engine

    return Engine(seed_db).load()
