"""A bounded, least-recently-used map from short random tokens to values kept on the server."""

from __future__ import annotations

import secrets
from collections import OrderedDict
from typing import Generic, TypeVar

T = TypeVar("T")


class TokenCache(Generic[T]):
    """Keeps the newest `capacity` values; buttons carry the token, never the value."""

    def __init__(self, capacity: int = 10_000) -> None:
        """Start empty."""
        self.capacity = capacity
        self._items: OrderedDict[str, T] = OrderedDict()

    def put(self, value: T) -> str:
        """Store value and return its new 8-character token."""
        token = secrets.token_urlsafe(6)
        while token in self._items:
            token = secrets.token_urlsafe(6)
        self._items[token] = value
        while len(self._items) > self.capacity:
            self._items.popitem(last=False)
        return token

    def get(self, token: str) -> T | None:
        """Return the value of token (None once it has been evicted)."""
        value = self._items.get(token)
        if value is not None:
            self._items.move_to_end(token)
        return value

    def pop(self, token: str) -> T | None:
        """Remove and return the value of token."""
        return self._items.pop(token, None)

    def __len__(self) -> int:
        """Number of values held."""
        return len(self._items)
