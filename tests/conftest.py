"""Shared fixtures: paths to the seeds and the shared eval sets, and a seed index."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database indexed from seeds/ once per test session."""
    from bot.engine import build_index

    path = tmp_path_factory.mktemp("seed-index") / "dalil.db"
    build_index(path, SEEDS, workers=1)
    return path
