"""How many questions one user may ask per minute: a sliding window per user."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from enum import Enum

MAX_QUESTIONS = 20
WINDOW_SECONDS = 60.0


class Verdict(Enum):
    """What to do with a question: answer it, tell the user to slow down, or let it pass."""

    OK = "ok"
    NOTIFY = "notify"
    QUIET = "quiet"


class UserRateLimit:
    """Allows max_events per window to each user; tells an over-eager user once per window."""

    def __init__(
        self,
        max_events: int = MAX_QUESTIONS,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        max_users: int = 50_000,
    ) -> None:
        """Start with no history."""
        self.max_events, self.window, self.clock, self.max_users = (
            max_events,
            window,
            clock,
            max_users,
        )
        self._events: dict[Hashable, deque[float]] = {}
        self._notified: dict[Hashable, float] = {}

    def hit(self, user: Hashable) -> Verdict:
        """Record one question of user and say whether to answer it."""
        now = self.clock()
        events = self._events.setdefault(user, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) < self.max_events:
            events.append(now)
            self._forget_idle(now)
            return Verdict.OK
        if now - self._notified.get(user, -self.window) >= self.window:
            self._notified[user] = now
            return Verdict.NOTIFY
        return Verdict.QUIET

    def _forget_idle(self, now: float) -> None:
        """Drop users whose whole history has expired once there are too many."""
        if len(self._events) <= self.max_users:
            return
        for user in [u for u, e in self._events.items() if not e or e[-1] <= now - self.window]:
            del self._events[user]
            self._notified.pop(user, None)
