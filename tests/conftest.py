"""Shared fixtures: paths to the seeds and the shared eval sets, and a seed index."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.search import Searcher
from tests.helpers import SEEDS, SEEDS_DEV, require_shared


@pytest.fixture(scope="session")
def seeds_dev() -> Path:
    """The dev question set about the five seed articles."""
    return require_shared(SEEDS_DEV)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database indexed from seeds/ once per test session."""
    from bot.engine import build_index

    path = tmp_path_factory.mktemp("seed-index") / "dalil.db"
    build_index(path, SEEDS, workers=1)
    return path


@pytest.fixture(scope="session")
def seed_searcher(seed_db: Path) -> Searcher:
    """A searcher over the seed index, loaded once per session."""
    from bot.engine import Engine

    return Engine(seed_db).load()
