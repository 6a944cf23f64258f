"""python-telegram-bot persistence of chat_data in a SQLite file beside the index.

Why not PicklePersistence: it rewrites one pickle of everything at each flush, so two workers
would overwrite each other's file, and it never re-reads it while running. Here each chat is one
row with a revision: a write touches only that chat, and before every update PTB calls
refresh_chat_data, which re-reads the chat if another worker wrote it since. Why a file of its
own rather than the index file: a reindex holds the index's write lock for its whole
transaction, and the bot must not wait for it to remember a button.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import time
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput

from storage.chat_state import ChatStateStore

logger = logging.getLogger(__name__)
# How often PTB writes the chats that had updates. Handlers that change a chat's memory write it
# at once (bot/memory.py save_memory), so this only catches what they do not (the LRU order).
UPDATE_INTERVAL = 600.0
# A chat quiet this long is forgotten at the next start (its buttons then say they are stale),
# which bounds the state file and the memory every worker holds.
KEEP_SECONDS = 30 * 24 * 3600.0


def state_path(db_path: Path) -> Path:
    """The chat state file that goes with an index file (data/dalil.db -> data/dalil.state.db)."""
    return db_path.with_name(f"{db_path.stem}.state{db_path.suffix or '.db'}")


def _digest(blob: bytes) -> bytes:
    """A short fingerprint of a stored blob."""
    return hashlib.blake2b(blob, digest_size=16).digest()


class ChatStatePersistence(BasePersistence[dict, dict, dict]):
    """Keeps chat_data (nothing else) in SQLite, one pickled row per chat."""

    def __init__(self, path: Path, update_interval: float = UPDATE_INTERVAL) -> None:
        """Open the state file at path."""
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=True, user_data=False, callback_data=False
            ),
            update_interval=update_interval,
        )
        self.store = ChatStateStore(path)
        self._revisions: dict[int, int] = {}  # the revision of each chat this process holds
        self._stored: dict[int, bytes] = {}  # digest of each chat's blob as last read or written

    # The store is called on the event loop: a read by primary key or an upsert of one row in
    # WAL mode takes about 0.05 ms, far less than a hop to a thread and back on a busy loop.

    @staticmethod
    def _load(chat_id: int, blob: bytes) -> dict | None:
        """Unpickle a chat's data; None (logged) when it cannot be read."""
        try:
            data = pickle.loads(blob)
        except Exception as error:  # data of an older Dalil, or a damaged row: start afresh
            logger.warning("forgetting the unreadable state of a chat: %s", error)
            return None
        return data if isinstance(data, dict) else None

    async def get_chat_data(self) -> dict[int, dict]:
        """Every stored chat's data (PTB calls this once, at start-up), after forgetting the
        chats quiet for KEEP_SECONDS."""
        forgotten = self.store.forget_before(time.time() - KEEP_SECONDS)
        if forgotten:
            logger.info("forgot the state of %d chats quiet for 30 days", forgotten)
        chats = {}
        for chat_id, revision, blob in self.store.read_all():
            data = self._load(chat_id, blob)
            if data is not None:
                chats[chat_id] = data
                self._revisions[chat_id] = revision
                self._stored[chat_id] = _digest(blob)
        return chats

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        """Store a chat's data (nothing to do if it is what the file holds already)."""
        blob = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        digest = _digest(blob)
        if self._stored.get(chat_id) == digest:
            return
        self._revisions[chat_id] = self.store.write(chat_id, blob)
        self._stored[chat_id] = digest

    async def refresh_chat_data(self, chat_id: int, chat_data: dict) -> None:
        """Before an update: take the chat's data another worker stored since, if any (a read in
        WAL mode never waits for a writer)."""
        row = self.store.read_newer(chat_id, self._revisions.get(chat_id, 0))
        if row is None:
            return
        revision, blob = row
        data = self._load(chat_id, blob)
        if data is not None:
            chat_data.clear()
            chat_data.update(data)
        self._revisions[chat_id] = revision
        self._stored[chat_id] = _digest(blob)

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forget a chat."""
        self._revisions.pop(chat_id, None)
        self._stored.pop(chat_id, None)
        self.store.drop(chat_id)

    async def flush(self) -> None:
        """Close the file at shutdown (every write is already committed)."""
        self.store.close()

    # Nothing else is persisted (PersistenceInput above); PTB still requires the methods.
    async def get_user_data(self) -> dict[int, dict]:
        """No user_data is kept."""
        return {}

    async def get_bot_data(self) -> dict:
        """bot_data holds the services (engine, settings), rebuilt at each start."""
        return {}

    async def get_callback_data(self) -> None:
        """Buttons carry their own short data (bot/callbacks.py)."""
        return None

    async def get_conversations(self, name: str) -> dict:
        """No ConversationHandler is used."""
        return {}

    async def update_conversation(self, name: str, key: Any, new_state: object | None) -> None:
        """No ConversationHandler is used."""

    async def update_user_data(self, user_id: int, data: dict) -> None:
        """No user_data is kept."""

    async def update_bot_data(self, data: dict) -> None:
        """bot_data is not kept."""

    async def update_callback_data(self, data: Any) -> None:
        """Callback data is not kept."""

    async def drop_user_data(self, user_id: int) -> None:
        """No user_data is kept."""

    async def refresh_user_data(self, user_id: int, user_data: dict) -> None:
        """No user_data is kept."""

    async def refresh_bot_data(self, bot_data: dict) -> None:
        """bot_data is not kept."""
