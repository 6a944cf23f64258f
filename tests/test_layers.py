"""Layers point one way: retrieval is pure, storage and retrieval never import telegram or bot."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import retrieval
import storage
from tests.helpers import ROOT


def _modules(package: object) -> list[str]:
    """Every module of a package."""
    return [f"{package.__name__}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]


def _imported_by(modules: list[str]) -> set[str]:
    """Top-level names of every module loaded by importing modules in a fresh interpreter."""
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout))


@pytest.mark.parametrize("package", [retrieval, storage], ids=lambda p: p.__name__)
def test_core_packages_do_not_import_telegram_or_bot(package: object) -> None:
    loaded = _imported_by(_modules(package))
    assert "telegram" not in loaded and "bot" not in loaded


def test_retrieval_does_no_storage_io() -> None:
    loaded = _imported_by(_modules(retrieval))
    assert not {"sqlite3", "sqlite_utils", "storage"} & loaded


def test_a_one_shot_question_loads_no_telegram_and_no_document_readers() -> None:
    # `dalil ask` opens the index and answers: the bot's and the indexer's libraries would
    # only slow its start
    loaded = _imported_by(["bot.cli"])
    assert not {"telegram", "httpx", "pypdf", "docx", "selectolax", "sqlite_utils"} & loaded
