"""What every handler shares: settings, the engine, the query log, limits and button caches."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.cache import TokenCache
from bot.conversation import Asked, Conversations
from bot.engine import Engine
from bot.journal import QuestionLog
from bot.limits import UserRateLimit
from bot.settings import Settings
from bot.uploads import PendingUpload

STATE_KEY = "dalil"


@dataclass
class BotState:
    """The bot's services and its bounded in-memory caches."""

    settings: Settings
    engine: Engine
    log: QuestionLog
    limiter: UserRateLimit = field(default_factory=UserRateLimit)
    questions: TokenCache[Asked] = field(default_factory=lambda: TokenCache(10_000))
    conversations: Conversations = field(default_factory=Conversations)
    uploads: TokenCache[PendingUpload] = field(default_factory=lambda: TokenCache(10))

    def is_admin(self, user_id: int | None) -> bool:
        """Tell whether a Telegram user may reindex and upload."""
        return user_id is not None and user_id in self.settings.admin_ids
