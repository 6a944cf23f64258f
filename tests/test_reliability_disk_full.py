"""A full disk (ENOSPC, simulated by making writes fail part way): `dalil index` and /reindex
say so in one line and keep the old index; an upload leaves no truncated file to be indexed; a
name the file system refuses gets a clear Arabic reply and leaves nothing behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from bot import texts, uploads
from bot.cli import main
from bot.engine import Engine
from storage import index_files
from storage.index_files import arrays_folder
from tests.support.botapi_standin import BotApiStandIn
from tests.support.harness import ADMIN_ID, USER_ID, running_bot, settings_for, texts_to

ARTICLE = (
    "أعلنت بلدية مدينة القيروان افتتاح مكتبة عامة جديدة تضم عشرين ألف كتاب في التاريخ والأدب.\n\n"
    "وقال رئيس البلدية إن المكتبة القيروانية ستفتح أبوابها للطلاب مجانًا طوال أيام الأسبوع.\n"
)
SEED_QUESTION = "من هو بلال الشواش؟"
SEED_ANSWER = "أبو ذر التونسي"


def full() -> OSError:
    """A new ENOSPC error (one shared instance would keep the frames of its last raise)."""
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _full_disk_for_index_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the index files' writes fail with ENOSPC after writing part of the first one."""

    def save(path: Path, array, **_: object) -> None:
        Path(path).write_bytes(b"\x93NUMPY" + b"\0" * 100)  # a part of it reached the disk
        raise full()

    monkeypatch.setattr(index_files.np, "save", save)


class _FillingFile:
    """A file whose writes stop with ENOSPC after half the bytes reached the disk."""

    def __init__(self, handle) -> None:
        self._handle = handle

    def __enter__(self) -> _FillingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()

    def write(self, data: bytes) -> int:
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        raise full()

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


def _corpus_names(folder: Path) -> list[str]:
    """Every name in the corpus folder, hidden ones too."""
    return sorted(p.name for p in folder.iterdir())


def test_dalil_index_on_a_full_disk_says_so_in_one_line_and_keeps_the_index(
    bot_db: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    (corpus_dir / "library.txt").write_text(ARTICLE, "utf-8")
    _full_disk_for_index_files(monkeypatch)
    code = main(["--db", str(bot_db), "index", "--source", str(corpus_dir), "--quiet"])
    assert code == 2
    assert capsys.readouterr().err.splitlines() == [
        "dalil: the disk is full (No space left on device): the new index could not be "
        "written; the previous index is kept"
    ]
    assert not [p for p in arrays_folder(bot_db).iterdir() if p.name.startswith(".")]
    engine = Engine(bot_db, aliases_path=None)
    engine.load()
    assert any(SEED_ANSWER in hit.passage_text for hit in engine.ask(SEED_QUESTION).answer.hits)
    assert not any(
        "القيروان" in hit.passage_text for hit in engine.ask("مكتبة القيروان").answer.hits
    )


async def test_reindex_on_a_full_disk_says_why_in_arabic_and_answers_from_the_old_index(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (corpus_dir / "library.txt").write_text(ARTICLE, "utf-8")
    _full_disk_for_index_files(monkeypatch)
    async with running_bot(settings_for(standin, bot_db, corpus_dir)) as app:
        version = app.bot_data["dalil"].engine.searcher.version
        standin.push_text("/reindex", user_id=ADMIN_ID)
        [report] = await standin.wait_for("editMessageText")
        standin.push_text(SEED_QUESTION, user_id=USER_ID)
        [answer] = await standin.wait_for("sendMessage", lambda m: m["chat_id"] == USER_ID)
        assert app.bot_data["dalil"].engine.searcher.version == version
    reason = texts.REINDEX_DISK_FULL.split("(")[0]
    assert report["text"].startswith(texts.REINDEX_FAILED.split("{")[0] + reason)
    assert "No space left on device" in report["text"]
    assert SEED_ANSWER in answer["text"]


async def test_an_upload_on_a_full_disk_leaves_no_truncated_file(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _corpus_names(corpus_dir)
    real_fdopen = os.fdopen
    monkeypatch.setattr(uploads.os, "fdopen", lambda *a, **k: _FillingFile(real_fdopen(*a, **k)))
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(ARTICLE.encode(), "مكتبة.txt", user_id=ADMIN_ID)
        [refused] = await standin.wait_for("sendMessage")
        assert _corpus_names(corpus_dir) == before  # neither the file nor its hidden part
        monkeypatch.undo()
        standin.push_text("/reindex", user_id=ADMIN_ID)
        [report] = await standin.wait_for("editMessageText")
    assert refused["text"] == texts.UPLOAD_NOT_SAVED.format(
        name="<code>مكتبة.txt</code>", reason=texts.REASON_DISK_FULL
    )
    assert report["text"].startswith("✅") and "مكتبة.txt" not in report["text"]
    assert texts.APOLOGY not in texts_to(standin, ADMIN_ID)


async def test_a_name_the_file_system_refuses_gets_a_clear_reply_and_leaves_nothing(
    standin: BotApiStandIn, bot_db: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file system with shorter names than ext4's 255 bytes (eCryptfs: 143) refuses it."""
    before = _corpus_names(corpus_dir)
    real_open = os.open

    def short_names(path, *args, **kwargs):
        if len(os.fsencode(Path(path).name)) > 143:
            raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(uploads.os, "open", short_names)
    name = "تقرير " * 12 + ".txt"  # 136 bytes (147 as the hidden temporary): over eCryptfs
    async with running_bot(settings_for(standin, bot_db, corpus_dir)):
        standin.push_document(ARTICLE.encode(), name, user_id=ADMIN_ID)
        [refused] = await standin.wait_for("sendMessage")
    assert refused["text"] == texts.UPLOAD_NOT_SAVED.format(
        name=f"<code>{name}</code>", reason=texts.REASON_NAME_TOO_LONG_HERE
    )
    assert _corpus_names(corpus_dir) == before
