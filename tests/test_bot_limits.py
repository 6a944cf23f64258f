"""The per-user question limit: 20 a minute, one «slow down», others unaffected."""

from __future__ import annotations

from bot.limits import UserRateLimit, Verdict
from tests.helpers import Clock


def test_twenty_a_minute_then_one_notice_then_quiet() -> None:
    """The 21st question is refused with a notice, later ones quietly, until the window moves."""
    clock = Clock()
    limit = UserRateLimit(20, 60.0, clock)
    verdicts = []
    for _ in range(23):
        verdicts.append(limit.hit("a"))
        clock.now += 1
    assert verdicts[:20] == [Verdict.OK] * 20
    assert verdicts[20:] == [Verdict.NOTIFY, Verdict.QUIET, Verdict.QUIET]
    assert limit.hit("b") is Verdict.OK
    clock.now = 60.5
    assert limit.hit("a") is Verdict.OK


def test_idle_users_are_forgotten() -> None:
    """The table of users stays bounded."""
    clock = Clock()
    limit = UserRateLimit(20, 60.0, clock, max_users=10)
    for user in range(100):
        limit.hit(user)
        clock.now += 61
    assert len(limit._events) <= 11
