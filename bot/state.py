"""What every handler shares: settings, the engine, the query log and the rate limits."""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass, field

from bot.cache import TokenCache
from bot.engine import Engine
from bot.journal import QuestionLog
from bot.limits import UserRateLimit
from bot.settings import Settings
from bot.uploads import PendingRemoval

STATE_KEY = "dalil"
# Searches of short questions run at once (in worker threads; asyncio's pool has cores + 4 of
# them): 32 updates are handled at once, and each running search holds its working memory.
# Not fewer: a crowd of short questions would then wait over a second in this queue and be
# sent «typing…», and those chat actions take the sending rate the answers need.
SEARCHES_AT_ONCE = 8
# Questions of more words than this are searched one at a time, in a lane of their own, so that
# a crowd of long questions (each term a long posting list) does not hold up the short ones.
HEAVY_WORDS = 16
# Inline queries a user may send a minute: Telegram sends one each time typing pauses, so one
# question typed in inline mode may cost several.
INLINE_QUERIES = 60


@dataclass
class BotState:
    """The bot's services (what each chat remembers is in bot/memory.py)."""

    settings: Settings
    engine: Engine
    log: QuestionLog
    limiter: UserRateLimit = field(default_factory=UserRateLimit)
    inline_limiter: UserRateLimit = field(
        default_factory=lambda: UserRateLimit(max_events=INLINE_QUERIES)
    )
    searching: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(SEARCHES_AT_ONCE)
    )
    heavy_searching: asyncio.Semaphore = field(default_factory=lambda: asyncio.Semaphore(1))
    # one search at a time per user: a user's burst waits for itself, not in everyone's queue
    user_searches: weakref.WeakValueDictionary[int, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )
    # removals waiting for «حذف الملف» (in memory: a restart makes the button stale)
    removals: TokenCache[PendingRemoval] = field(default_factory=lambda: TokenCache(10))

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether a Telegram user may reindex and upload."""
        return user_id is not None and user_id in self.settings.admin_ids
