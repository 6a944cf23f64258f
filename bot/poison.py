"""Updates python-telegram-bot cannot read are skipped, once, instead of fetched forever."""

from __future__ import annotations

import json
import logging
from typing import Any

from telegram import Update
from telegram.request import HTTPXRequest

logger = logging.getLogger(__name__)


def defuse(payload: bytes) -> bytes:
    """Replace each update of a getUpdates answer that cannot be parsed by its bare update_id.

    One unreadable update makes the library drop the whole answer without moving the offset,
    so it fetches the same answer again at once, for ever. A bare update is read, moves the
    offset past it, and no handler acts on it.
    """
    try:
        answer = json.loads(payload)
    except ValueError:
        return payload
    updates = answer.get("result") if isinstance(answer, dict) else None
    if not isinstance(updates, list):
        return payload
    changed = False
    for position, update in enumerate(updates):
        try:
            Update.de_json(update, None)
        except Exception as error:  # whatever the library raises on data it does not expect
            number = update.get("update_id") if isinstance(update, dict) else None
            if not isinstance(number, int):
                return payload
            logger.warning(
                "skipped update %d: python-telegram-bot cannot read it (%s: %s)",
                number,
                type(error).__name__,
                str(error)[:200],
            )
            updates[position] = {"update_id": number}
            changed = True
    return json.dumps(answer).encode() if changed else payload


class SkipUnreadableUpdates(HTTPXRequest):
    """The getUpdates connection (one, as PTB's default), with unreadable updates defused."""

    def __init__(self, **kwargs: Any) -> None:
        """One connection, like the library's own getUpdates request."""
        super().__init__(connection_pool_size=1, **kwargs)

    async def do_request(
        self, url: str, method: str, *args: Any, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Send the request; defuse the updates of a successful getUpdates answer."""
        code, payload = await super().do_request(url, method, *args, **kwargs)
        if code == 200 and url.endswith("/getUpdates"):
            payload = defuse(payload)
        return code, payload
