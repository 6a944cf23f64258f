"""Follow-up questions: the document and subject of each conversation's last answer, for a
while."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# A question asked this soon after an answer is read as a follow-up to it (texts.welcome
# tells people «عشر دقائق»).
FOLLOW_UP_SECONDS = 600.0


@dataclass(frozen=True)
class Asked:
    """A question as it was answered: its text, and the document and subject it followed up on,
    if any."""

    text: str
    after: str | None = None
    subject: str = ""


class Conversations:
    """Per chat and user, the document and subject of the last answer; bounded, and forgotten
    after a while."""

    def __init__(
        self,
        capacity: int = 10_000,
        window: float = FOLLOW_UP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Start with no conversations."""
        self.capacity = capacity
        self.window = window
        self.clock = clock
        # (document, subject, time); a chat saved by an older Dalil holds (document, time)
        self._last: OrderedDict[tuple[int, int], tuple] = OrderedDict()

    def previous(self, chat_id: int, user_id: int) -> tuple[str | None, str]:
        """The document and subject of this person's last answer in this chat, if it was recent
        enough (None and "" otherwise)."""
        last = self._last.get((chat_id, user_id))
        if last is None or self.clock() - last[-1] > self.window:
            return None, ""
        return last[0], (last[1] if len(last) == 3 else "")

    def previous_document(self, chat_id: int, user_id: int) -> str | None:
        """The document of this person's last answer in this chat, if it was recent enough."""
        return self.previous(chat_id, user_id)[0]

    def forget(self, chat_id: int, user_id: int) -> None:
        """Drop this person's context in this chat: the next question is a new one."""
        self._last.pop((chat_id, user_id), None)

    def remember(self, chat_id: int, user_id: int, document: str, subject: str = "") -> None:
        """Record the document and subject of this person's latest answer."""
        key = (chat_id, user_id)
        self._last[key] = (document, subject, self.clock())
        self._last.move_to_end(key)
        while len(self._last) > self.capacity:
            self._last.popitem(last=False)
