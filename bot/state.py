"""What every handler shares: settings, the engine, the query log and the rate limits."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.cache import TokenCache
from bot.engine import Engine
from bot.journal import QuestionLog
from bot.limits import UserRateLimit
from bot.settings import Settings
from bot.uploads import PendingRemoval

STATE_KEY = "dalil"


@dataclass
class BotState:
    """The bot's services (what each chat remembers is in bot/memory.py)."""

    settings: Settings
    engine: Engine
    log: QuestionLog
    limiter: UserRateLimit = field(default_factory=UserRateLimit)
    # removals waiting for «حذف الملف» (in memory: a restart makes the button stale)
    removals: TokenCache[PendingRemoval] = field(default_factory=lambda: TokenCache(10))

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether a Telegram user may reindex and upload."""
        return user_id is not None and user_id in self.settings.admin_ids
