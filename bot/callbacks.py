"""Callback data of the inline buttons: short, parsed strictly, anything else is refused."""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram.constants import InlineKeyboardButtonLimit

MAX_DATA_BYTES = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA  # 64
MAX_OFFSET = 1000
TOKEN_PATTERN = r"[A-Za-z0-9_-]{8}"
_MORE = re.compile(rf"m:({TOKEN_PATTERN}):(\d{{1,4}})")
_PASSAGE = re.compile(rf"p:(\d{{1,9}}):(\d{{1,9}})(?::({TOKEN_PATTERN}))?")
_UPLOAD = re.compile(rf"u:([yn]):({TOKEN_PATTERN})")
_REMOVE = re.compile(rf"r:([yn]):({TOKEN_PATTERN})")
NEW_QUESTION = "n"


@dataclass(frozen=True)
class More:
    """«المزيد»: the next results of a cached question, from offset."""

    token: str
    offset: int


@dataclass(frozen=True)
class Passage:
    """Show a whole passage (and its neighbours) of a given index version."""

    passage: int
    version: int
    token: str | None = None


@dataclass(frozen=True)
class Upload:
    """An admin's answer to «replace the existing file?»."""

    token: str
    replace: bool


@dataclass(frozen=True)
class Remove:
    """An admin's answer to «move this file to the trash?»."""

    token: str
    remove: bool


@dataclass(frozen=True)
class NewQuestion:
    """«سؤال جديد»: forget the follow-up context."""


Action = More | Passage | Upload | Remove | NewQuestion
# A /start payload (t.me/bot?start=…: 1-64 of A-Z a-z 0-9 _ -) opening a shared passage.
_SHARED = re.compile(r"p_(\d{1,9})_(\d{1,9})")


def encode(action: Action) -> str:
    """Write an action as callback data (at most MAX_DATA_BYTES)."""
    if isinstance(action, More):
        return f"m:{action.token}:{action.offset}"
    if isinstance(action, NewQuestion):
        return NEW_QUESTION
    if isinstance(action, Passage):
        suffix = f":{action.token}" if action.token else ""
        return f"p:{action.passage}:{action.version}{suffix}"
    if isinstance(action, Remove):
        return f"r:{'y' if action.remove else 'n'}:{action.token}"
    return f"u:{'y' if action.replace else 'n'}:{action.token}"


def parse(data: object) -> Action | None:
    """Read callback data back into an action; None for anything malformed or forged."""
    if not isinstance(data, str) or len(data.encode()) > MAX_DATA_BYTES:
        return None
    if data == NEW_QUESTION:
        return NewQuestion()
    if match := _MORE.fullmatch(data):
        offset = int(match[2])
        return More(match[1], offset) if 0 < offset <= MAX_OFFSET else None
    if match := _PASSAGE.fullmatch(data):
        return Passage(int(match[1]), int(match[2]), match[3])
    if match := _UPLOAD.fullmatch(data):
        return Upload(match[2], match[1] == "y")
    if match := _REMOVE.fullmatch(data):
        return Remove(match[2], match[1] == "y")
    return None


def shared_passage_payload(passage: int, version: int) -> str:
    """The /start payload of a link that opens a passage of an index version."""
    return f"p_{passage}_{version}"


def parse_shared_passage(payload: str) -> Passage | None:
    """Read a /start payload back into a passage; None for anything else."""
    if match := _SHARED.fullmatch(payload):
        return Passage(int(match[1]), int(match[2]))
    return None
