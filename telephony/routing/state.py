"""Runtime state of routing: carrier performance, round-robin positions, channel and CPS
counters.

- **Performance** (:class:`Outcomes`): :func:`record_outcome` is called by the SIP work once
  per attempt. Per carrier the last :data:`WINDOW_CALLS` attempts are kept, and of those only
  the ones younger than :data:`WINDOW_SECONDS` count: ASR = answered / attempts, PDD = mean
  post-dial delay of the answered ones. In-process (each node learns from its own calls).
- **Round robin** (:class:`RoundRobin`): the next first choice per route and prefix, cached in
  memory and written through to :class:`~telephony.routing.models.RoundRobinPosition`, so a
  restart continues the rotation where it stood.
- **Channels and CPS** (:class:`MemoryCounters`, :class:`RedisCounters`): in-process by
  default; in Redis when ``TRUNKLINE_REDIS_URL`` is set, so every node shares the limits
  (ConnexCS's cluster behaviour: 10 CPS means 10 in total). Channels are a counter with
  acquire/release; CPS is ``INCR`` of a per-second key that expires after two seconds.

The process's state is :func:`state`; :func:`configure` switches its counters to Redis.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "MemoryCounters",
    "Outcomes",
    "RedisCounters",
    "RoundRobin",
    "RoutingState",
    "configure",
    "record_outcome",
    "state",
]

#: Attempts kept per carrier, and how old an attempt may be to count.
WINDOW_CALLS = 200
WINDOW_SECONDS = 3600.0


@dataclass(slots=True)
class Performance:
    attempts: int
    answered: int
    asr: float | None
    pdd_ms: float | None


class Outcomes:
    """Rolling ASR and PDD per carrier."""

    def __init__(self, calls: int = WINDOW_CALLS, seconds: float = WINDOW_SECONDS) -> None:
        self.calls = calls
        self.seconds = seconds
        self._by_carrier: dict[int, deque[tuple[float, bool, int]]] = {}

    def record(
        self,
        carrier: int,
        card: int | None,
        prefix: str,
        answered: bool,
        pdd_ms: int | None,
        now: float | None = None,
    ) -> None:
        attempts = self._by_carrier.get(carrier)
        if attempts is None:
            attempts = self._by_carrier[carrier] = deque(maxlen=self.calls)
        attempts.append((time.monotonic() if now is None else now, answered, pdd_ms or 0))

    def performance(self, carrier: int, now: float | None = None) -> Performance:
        attempts = self._by_carrier.get(carrier)
        if not attempts:
            return Performance(0, 0, None, None)
        edge = (time.monotonic() if now is None else now) - self.seconds
        recent = [a for a in attempts if a[0] >= edge]
        answered = [a for a in recent if a[1]]
        asr = len(answered) / len(recent) if recent else None
        pdd = sum(a[2] for a in answered) / len(answered) if answered else None
        return Performance(len(recent), len(answered), asr, pdd)

    def clear(self) -> None:
        self._by_carrier.clear()


class RoundRobin:
    """Rotation positions per (route, prefix): memory first, the database behind it."""

    def __init__(self) -> None:
        self._positions: dict[tuple[int, str], int] = {}

    async def _load(self, route_id: int, prefix: str) -> int:
        from telephony.routing.models import RoundRobinPosition

        key = (route_id, prefix)
        found = self._positions.get(key)
        if found is None:
            row = await RoundRobinPosition.get_or_none(route_id=route_id, prefix=prefix)
            found = self._positions[key] = row.position if row is not None else 0
        return found

    async def peek(self, route_id: int, prefix: str) -> int:
        """The position the next call starts at (nothing moves)."""
        return await self._load(route_id, prefix)

    async def advance(self, route_id: int, prefix: str) -> int:
        """The position this call starts at; the next call starts one further on."""
        from telephony.routing.models import RoundRobinPosition

        position = await self._load(route_id, prefix)
        following = position + 1
        self._positions[(route_id, prefix)] = following
        updated = await RoundRobinPosition.filter(route_id=route_id, prefix=prefix).update(
            position=following
        )
        if not updated:
            await RoundRobinPosition.create(route_id=route_id, prefix=prefix, position=following)
        return position

    def clear(self) -> None:
        """Forget the cached positions (as a restart does); the database keeps them."""
        self._positions.clear()


class MemoryCounters:
    """Channel and CPS counters of this process."""

    def __init__(self) -> None:
        self._channels: dict[str, int] = {}
        self._cps: dict[str, tuple[int, int]] = {}

    async def channels(self, key: str) -> int:
        return self._channels.get(key, 0)

    async def acquire(self, key: str, limit: int) -> bool:
        """Take a channel unless ``limit`` (> 0) are in use."""
        used = self._channels.get(key, 0)
        if limit and used >= limit:
            return False
        self._channels[key] = used + 1
        return True

    async def release(self, key: str) -> None:
        used = self._channels.get(key, 0)
        if used > 1:
            self._channels[key] = used - 1
        else:
            self._channels.pop(key, None)

    async def cps(self, key: str, second: int) -> int:
        found = self._cps.get(key)
        return found[1] if found is not None and found[0] == second else 0

    async def hit(self, key: str, second: int) -> int:
        """Count a call in ``second``; the count so far in that second."""
        found = self._cps.get(key)
        count = found[1] + 1 if found is not None and found[0] == second else 1
        self._cps[key] = (second, count)
        return count

    async def aclose(self) -> None:
        self._channels.clear()
        self._cps.clear()


class RedisCounters:
    """The same counters in Redis, shared by every node (``trunkline:routing:`` keys)."""

    PREFIX = "trunkline:routing:"

    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        self._redis: Any = Redis.from_url(url)

    async def channels(self, key: str) -> int:
        return int(await self._redis.get(f"{self.PREFIX}ch:{key}") or 0)

    async def acquire(self, key: str, limit: int) -> bool:
        name = f"{self.PREFIX}ch:{key}"
        used = int(await self._redis.incr(name))
        if limit and used > limit:
            await self._redis.decr(name)
            return False
        return True

    async def release(self, key: str) -> None:
        name = f"{self.PREFIX}ch:{key}"
        if int(await self._redis.decr(name)) < 0:
            await self._redis.set(name, 0)

    async def cps(self, key: str, second: int) -> int:
        return int(await self._redis.get(f"{self.PREFIX}cps:{key}:{second}") or 0)

    async def hit(self, key: str, second: int) -> int:
        name = f"{self.PREFIX}cps:{key}:{second}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, 2)
            value, _ = await pipe.execute()
        return int(value)

    async def aclose(self) -> None:
        await self._redis.aclose()


Counters = MemoryCounters | RedisCounters


@dataclass
class RoutingState:
    outcomes: Outcomes = field(default_factory=Outcomes)
    round_robin: RoundRobin = field(default_factory=RoundRobin)
    counters: Counters = field(default_factory=MemoryCounters)

    def clear(self) -> None:
        """Forget what is held in memory (tests; a simulated restart)."""
        self.outcomes.clear()
        self.round_robin.clear()


_state = RoutingState()


def state() -> RoutingState:
    """The process's routing state."""
    return _state


async def configure(redis_url: str = "") -> RoutingState:
    """Counters in Redis when ``redis_url`` is set, else in this process (closing the old)."""
    old = _state.counters
    _state.counters = RedisCounters(redis_url) if redis_url else MemoryCounters()
    await old.aclose()
    return _state


def record_outcome(
    carrier: int, card: int | None, prefix: str, answered: bool, pdd_ms: int | None
) -> None:
    """One attempt's outcome toward ``carrier`` (with ``card`` for ``prefix``), for the
    rolling ASR and PDD that LCR-performance orders by."""
    _state.outcomes.record(carrier, card, prefix, answered, pdd_ms)
