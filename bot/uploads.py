"""Check a file an admin sends and save it into the corpus folder without clobbering files."""

from __future__ import annotations

import errno
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot import texts
from bot.questions import ARABIC_LETTERS
from storage.corpus_reader import OFFICE_SUFFIXES
from storage.readers.office import UnreadableOffice, read_office
from storage.readers.pdf import SCANNED

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# PDF and Word files carry fonts and pictures: they may be larger than plain text.
MAX_DOCUMENT_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_NAME_CHARS = 100
TEXT_SUFFIXES = (".txt", ".md")
ALLOWED_SUFFIXES = TEXT_SUFFIXES + OFFICE_SUFFIXES
MIN_ARABIC_LETTERS = 20
MIN_ARABIC_SHARE = 0.3
_ARABIC_LETTER = re.compile(f"[{ARABIC_LETTERS}]")


@dataclass(frozen=True)
class PendingUpload:
    """A checked file waiting for an admin to confirm that it replaces an existing one."""

    name: str
    data: bytes
    admin_id: int


@dataclass(frozen=True)
class PendingRemoval:
    """A corpus file an admin asked to remove, waiting for the confirmation button."""

    name: str
    admin_id: int


def name_problem(name: str | None) -> str | None:
    """Return why a file name is unsafe or unsupported, or None."""
    if not name or not name.strip():
        return texts.REASON_NO_NAME
    if (
        "/" in name
        or "\\" in name
        or ".." in name
        or name.startswith((".", " ", "~"))
        or ":" in name
        or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name)
        or name != name.strip()
    ):
        return texts.REASON_BAD_NAME
    # file systems allow 255 bytes, and the hidden temporary name adds a few
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > 2 * MAX_NAME_CHARS:
        return texts.REASON_NAME_TOO_LONG.format(limit=MAX_NAME_CHARS)
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        return texts.REASON_EXTENSION
    return None


def size_problem(size: int | None, name: str = "") -> str | None:
    """Return why a file is too big to accept (PDF, Word and web files may be larger), or None."""
    office = name.lower().endswith(OFFICE_SUFFIXES)
    limit = MAX_DOCUMENT_UPLOAD_BYTES if office else MAX_UPLOAD_BYTES
    if size is not None and size > limit:
        return texts.REASON_TOO_BIG.format(limit=limit // (1024 * 1024))
    return None


def _document_text(data: bytes, name: str) -> tuple[str | None, str]:
    """The text of a PDF, Word file or web page, or why it cannot be read."""
    try:
        return None, "\n".join(part.text for part in read_office(data, name))
    except UnreadableOffice as error:
        return (texts.REASON_SCANNED if str(error) == SCANNED else texts.REASON_UNREADABLE), ""


def content_problem(data: bytes, name: str = "") -> str | None:
    """Return why the bytes are not an Arabic text (UTF-8, or a readable PDF, Word file or web
    page) within the size limit, or None."""
    if size_problem(len(data), name):
        return size_problem(len(data), name)
    if name.lower().endswith(OFFICE_SUFFIXES):
        problem, text = _document_text(data, name)
        if problem:
            return problem
    elif b"\x00" in data:
        return texts.REASON_NOT_UTF8
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return texts.REASON_NOT_UTF8
    if not text.strip():
        return texts.REASON_EMPTY
    arabic = len(_ARABIC_LETTER.findall(text))
    letters = sum(1 for ch in text if ch.isalpha())
    if arabic < MIN_ARABIC_LETTERS or arabic < MIN_ARABIC_SHARE * letters:
        return texts.REASON_NOT_ARABIC
    return None


def save_problem(error: OSError) -> str:
    """Why an upload could not be saved, in Arabic (nothing of it is left in the folder)."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return texts.REASON_DISK_FULL
    if error.errno == errno.ENAMETOOLONG:
        return texts.REASON_NAME_TOO_LONG_HERE
    if error.errno in (errno.EISDIR, errno.ENOTDIR):
        return texts.REASON_NOT_A_FILE
    return texts.REASON_NOT_SAVED.format(detail=error.strerror or type(error).__name__)


def _write_hidden(folder: Path, name: str, data: bytes) -> Path:
    """Write data to a hidden 0600 file the indexer ignores; remove it if writing fails."""
    temporary = folder / f".{name}.uploading"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary


def save_new(folder: Path, name: str, data: bytes) -> Path:
    """Write a new file into folder whole or not at all; raise FileExistsError, not overwrite."""
    target = folder / name
    temporary = _write_hidden(folder, name, data)
    try:
        os.link(temporary, target)  # fails if target exists: never clobbers
    finally:
        temporary.unlink(missing_ok=True)
    return target


def replace_file(folder: Path, name: str, data: bytes) -> Path:
    """Replace a file atomically (through a hidden temporary file the indexer ignores)."""
    target = folder / name
    temporary = _write_hidden(folder, name, data)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
