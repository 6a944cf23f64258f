"""`python -m bot`: start the Telegram bot (long polling, or the webhook when it is set)."""

from __future__ import annotations

import sys

from bot.main import run_bot

if __name__ == "__main__":
    sys.exit(run_bot())
