"""The Bot API stand-in, also noting when each call was recorded (for latency figures)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from tests.support.botapi_standin import BotApiStandIn


class TimedStandIn(BotApiStandIn):
    """The stand-in, also noting when each call was recorded (event-loop time)."""

    def __init__(self) -> None:
        """Start with no call times."""
        super().__init__()
        self.call_times: list[float] = []

    async def _handle_method(self, request: web.Request) -> web.Response:
        """Record the call as usual, then its time (no await in between keeps them aligned)."""
        response = await super()._handle_method(request)
        self.call_times.append(asyncio.get_running_loop().time())
        return response

    def times_of(
        self, method: str, predicate: Callable[[dict], bool]
    ) -> list[tuple[float, dict[str, Any]]]:
        """(time, answer) of every call of method whose parameters match, failed ones included."""
        return [
            (when, response)
            for (name, params), response, when in zip(
                self.calls, self.responses, self.call_times, strict=True
            )
            if name.lower() == method.lower() and predicate(params)
        ]
