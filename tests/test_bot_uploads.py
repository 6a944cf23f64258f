"""Checks on admin uploads: safe names, size, UTF-8, Arabic; saving never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import texts
from bot.uploads import (
    MAX_UPLOAD_BYTES,
    content_problem,
    name_problem,
    replace_file,
    save_new,
    size_problem,
)

ARABIC = "هذا نص عربي قصير عن مدينة القيروان وتاريخها العريق. " * 3


@pytest.mark.parametrize("name", ["مقال.txt", "notes 2024.MD", "a-b_c.txt"])
def test_good_names(name: str) -> None:
    """Plain .txt and .md names pass."""
    assert name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../x.txt", texts.REASON_BAD_NAME),
        ("..", texts.REASON_BAD_NAME),
        ("a/b.txt", texts.REASON_BAD_NAME),
        ("a\\b.txt", texts.REASON_BAD_NAME),
        (".hidden.txt", texts.REASON_BAD_NAME),
        ("C:evil.txt", texts.REASON_BAD_NAME),
        ("bad\x00.txt", texts.REASON_BAD_NAME),
        ("rtl\u202etxt.exe", texts.REASON_BAD_NAME),
        ("", texts.REASON_NO_NAME),
        (None, texts.REASON_NO_NAME),
        ("x.xlsx", texts.REASON_EXTENSION),
        ("x.txt.exe", texts.REASON_EXTENSION),
        ("a" * 200 + ".txt", texts.REASON_NAME_TOO_LONG.format(limit=100)),
        ("سطر\u2028جديد.txt", texts.REASON_BAD_NAME),  # a line separator
        ("😀" * 60 + ".txt", texts.REASON_NAME_TOO_LONG.format(limit=100)),  # 244 bytes
    ],
)
def test_unsafe_names(name: str | None, reason: str) -> None:
    """Separators, traversal, hidden files, control characters and other types are refused."""
    assert name_problem(name) == reason


def test_content_checks() -> None:
    """UTF-8 Arabic text passes; other encodings, binary, empty, Latin and big files do not."""
    assert content_problem(ARABIC.encode()) is None
    assert content_problem(b"\xef\xbb\xbf" + ARABIC.encode()) is None
    assert content_problem(ARABIC.encode("cp1256")) == texts.REASON_NOT_UTF8
    assert content_problem(ARABIC.encode("utf-16")) == texts.REASON_NOT_UTF8
    assert content_problem(b"  \n ") == texts.REASON_EMPTY
    assert content_problem(b"English only. " * 50) == texts.REASON_NOT_ARABIC
    assert content_problem(("word " * 400 + "كلمة عربية").encode()) == texts.REASON_NOT_ARABIC
    assert content_problem(ARABIC.encode() * (MAX_UPLOAD_BYTES // 100)) == size_problem(
        MAX_UPLOAD_BYTES + 1
    )
    assert size_problem(MAX_UPLOAD_BYTES) is None


def test_save_never_overwrites_but_replace_does(tmp_path: Path) -> None:
    """A new file is written; an existing one is kept until replaced on purpose."""
    save_new(tmp_path, "a.txt", b"one")
    with pytest.raises(FileExistsError):
        save_new(tmp_path, "a.txt", b"two")
    assert (tmp_path / "a.txt").read_bytes() == b"one"
    replace_file(tmp_path, "a.txt", b"two")
    assert (tmp_path / "a.txt").read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_a_failed_replace_leaves_no_hidden_file(tmp_path: Path) -> None:
    """Replacing a folder fails, and the temporary upload is removed."""
    (tmp_path / "مجلد.txt").mkdir()
    with pytest.raises(OSError):
        replace_file(tmp_path, "مجلد.txt", ARABIC.encode())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["مجلد.txt"]
