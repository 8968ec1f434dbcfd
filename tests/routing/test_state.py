"""Channel and CPS counters, in process and in Redis (shared by nodes), and rolling carrier
performance."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from telephony.routing.state import MemoryCounters, Outcomes, RedisCounters

REDIS_URL = "redis://127.0.0.1:6379/0"


async def _redis_or_skip() -> RedisCounters:
    from redis.exceptions import RedisError

    counters = RedisCounters(REDIS_URL)
    try:
        await counters._redis.ping()
    except (RedisError, OSError) as exc:
        await counters.aclose()
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {exc}")
    return counters


@pytest.fixture(params=["memory", "redis"])
async def counters(request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    made = MemoryCounters() if request.param == "memory" else await _redis_or_skip()
    yield made
    await made.aclose()


async def test_channels_are_acquired_up_to_the_limit_and_released(counters: Any) -> None:
    key = f"test:{uuid.uuid4().hex}"
    assert await counters.acquire(key, 2)
    assert await counters.acquire(key, 2)
    assert not await counters.acquire(key, 2)
    assert await counters.channels(key) == 2
    await counters.release(key)
    assert await counters.channels(key) == 1
    assert await counters.acquire(key, 0), "0 = no limit"
    for _ in range(3):
        await counters.release(key)
    assert await counters.channels(key) == 0, "never below zero"


async def test_cps_counts_per_second(counters: Any) -> None:
    key = f"test:{uuid.uuid4().hex}"
    assert [await counters.hit(key, 100) for _ in range(3)] == [1, 2, 3]
    assert await counters.cps(key, 100) == 3
    assert await counters.cps(key, 101) == 0
    assert await counters.hit(key, 101) == 1


async def test_two_nodes_share_redis_counters() -> None:
    first, second = await _redis_or_skip(), await _redis_or_skip()
    key = f"test:{uuid.uuid4().hex}"
    try:
        assert await first.acquire(key, 2)
        assert await second.acquire(key, 2)
        assert not await first.acquire(key, 2)
        assert await first.hit(key, 5) == 1
        assert await second.hit(key, 5) == 2
        ttl = await first._redis.ttl(f"{RedisCounters.PREFIX}cps:{key}:5")
        assert 0 < ttl <= 2, "CPS keys expire"
        await second.release(key)
        await second.release(key)
    finally:
        await first.aclose()
        await second.aclose()


def test_outcomes_roll_over_a_count_and_a_time_window() -> None:
    outcomes = Outcomes(calls=4, seconds=60)
    for answered in (False, False, True, True, True):
        outcomes.record(7, None, "44", answered, 1000, now=0.0)
    seen = outcomes.performance(7, now=1.0)
    assert (seen.attempts, seen.answered, seen.asr, seen.pdd_ms) == (4, 3, 0.75, 1000)
    outcomes.record(7, None, "44", False, None, now=100.0)
    later = outcomes.performance(7, now=100.0)
    assert (later.attempts, later.asr) == (1, 0.0), "older than the window: not counted"
    assert outcomes.performance(8).asr is None
