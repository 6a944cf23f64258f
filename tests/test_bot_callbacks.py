"""Callback data: short, round-trips, and anything forged or malformed is refused."""

from __future__ import annotations

import pytest

from bot.callbacks import MAX_OFFSET, More, Passage, Upload, encode, parse

TOKEN = "Ab3_-x9Z"


@pytest.mark.parametrize(
    "action",
    [More(TOKEN, 3), Passage(123456789, 987654321, TOKEN), Passage(0, 1), Upload(TOKEN, True)],
)
def test_actions_round_trip_within_64_bytes(action: object) -> None:
    """Every button's data fits Telegram's 64 bytes and reads back the same."""
    data = encode(action)
    assert len(data.encode()) <= 64
    assert parse(data) == action


@pytest.mark.parametrize(
    "data",
    [
        None,
        "",
        "m:short:3",
        f"m:{TOKEN}:0",
        f"m:{TOKEN}:{MAX_OFFSET + 1}",
        f"m:{TOKEN}:-3",
        "p:1",
        "p:a:1",
        f"p:1:1:{TOKEN}:extra",
        "p:1:1\n",
        f"u:x:{TOKEN}",
        "x" * 65,
        "m:" + TOKEN + ":3 ",
    ],
)
def test_malformed_data_is_refused(data: object) -> None:
    """Unknown prefixes, bad numbers, extra fields and odd whitespace give None."""
    assert parse(data) is None
