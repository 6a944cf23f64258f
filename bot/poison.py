"""Updates python-telegram-bot cannot read, or too large to read, are skipped, once, instead of
fetched forever."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
from telegram import Update
from telegram.error import NetworkError
from telegram.request import HTTPXRequest, RequestData

logger = logging.getLogger(__name__)
# Telegram's getUpdates answers hold at most 100 updates of a few KB (a message is at most
# 4,096 characters): 32 MB is far above any of them, and the library needs about 7 times the
# answer's size to read it (a 200 MB answer peaked at 1.46 GB).
MAX_ANSWER_BYTES = 32 * 1024 * 1024
HEAD_BYTES = 4096  # kept of a refused answer, to find its first update_id
_FIRST_UPDATE_ID = re.compile(rb'"result"\s*:\s*\[\s*\{\s*"update_id"\s*:\s*(\d+)')


class AnswerTooLarge(httpx.TransportError):
    """The Bot API's answer grew past MAX_ANSWER_BYTES; head holds its first bytes."""

    def __init__(self, head: bytes) -> None:
        """Keep the head of the answer."""
        super().__init__(f"the answer is over {MAX_ANSWER_BYTES:,} bytes")
        self.head = head


class _CappedStream(httpx.AsyncByteStream):
    """A response body that raises AnswerTooLarge once it passes MAX_ANSWER_BYTES."""

    def __init__(self, stream: httpx.AsyncByteStream) -> None:
        """Wrap the transport's stream."""
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        """Yield the body's chunks, counting them."""
        size, head = 0, b""
        async for chunk in self._stream:
            size += len(chunk)
            head = head if len(head) >= HEAD_BYTES else (head + chunk)[:HEAD_BYTES]
            if size > MAX_ANSWER_BYTES:
                raise AnswerTooLarge(head)
            yield chunk

    async def aclose(self) -> None:
        """Close the transport's stream (the connection is dropped if it was not read)."""
        await self._stream.aclose()


class CappedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, with each answer's body capped at MAX_ANSWER_BYTES as it is read."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request; wrap the answer's body in the cap."""
        response = await super().handle_async_request(request)
        response.stream = _CappedStream(response.stream)
        return response


class _OneUpdate(RequestData):
    """A getUpdates request's parameters, asking for one update only."""

    def __init__(self, original: RequestData | None) -> None:
        """Copy original's parameters (none: the library's defaults)."""
        super().__init__()
        self._original = original

    @property
    def json_parameters(self) -> dict[str, str]:
        """original's parameters with limit 1."""
        original = self._original.json_parameters if self._original else {}
        return {**original, "limit": "1"}


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


def too_large(error: NetworkError) -> AnswerTooLarge | None:
    """The AnswerTooLarge behind a NetworkError of the library, if that is what it is."""
    cause = error.__cause__
    return cause if isinstance(cause, AnswerTooLarge) else None


def skipping(head: bytes) -> bytes | None:
    """A getUpdates answer that holds only the bare first update of head (None if head does
    not show its update_id): the library moves its offset past it."""
    found = _FIRST_UPDATE_ID.search(head)
    if found is None:
        return None
    number = int(found.group(1))
    logger.warning(
        "skipped update %d: it alone makes a getUpdates answer over %s bytes",
        number,
        f"{MAX_ANSWER_BYTES:,}",
    )
    return json.dumps({"ok": True, "result": [{"update_id": number}]}).encode()


class SkipUnreadableUpdates(HTTPXRequest):
    """The getUpdates connection (one, as PTB's default): unreadable updates defused, answers
    over MAX_ANSWER_BYTES never read whole (fetched again one update at a time, and an update
    over the cap alone skipped)."""

    def __init__(self, **kwargs: Any) -> None:
        """One connection, like the library's own getUpdates request, its answers capped."""
        super().__init__(
            connection_pool_size=1, httpx_kwargs={"transport": CappedTransport()}, **kwargs
        )

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        """Send the request; defuse the updates of a successful getUpdates answer."""
        if not url.endswith("/getUpdates"):
            return await super().do_request(url, method, request_data, **kwargs)
        try:
            code, payload = await super().do_request(url, method, request_data, **kwargs)
        except NetworkError as error:
            if too_large(error) is None:
                raise
            logger.warning("a getUpdates answer is over the cap: fetching one update")
            try:
                code, payload = await super().do_request(
                    url, method, _OneUpdate(request_data), **kwargs
                )
            except NetworkError as alone:
                refused = too_large(alone)
                if refused is None or (payload := skipping(refused.head)) is None:
                    raise
                return 200, payload
        return code, defuse(payload) if code == 200 else payload
