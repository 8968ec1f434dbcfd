"""Login throttling: failures counted per username and per client address in a window.

Counters live in process memory by default and in Redis when ``TRUNKLINE_REDIS_URL`` is set
(then every process behind the load balancer shares them).
"""

from __future__ import annotations

import time
from collections import defaultdict, deque
from typing import Protocol

from runtime.errors import RateLimited

# An address sees many users (an office NAT); allow it proportionally more failures.
IP_FACTOR = 4


class CounterStore(Protocol):
    async def hit(self, key: str, window: int) -> int: ...
    async def count(self, key: str, window: int) -> int: ...
    async def reset(self, key: str) -> None: ...


class MemoryCounters:
    """Sliding-window counters in this process."""

    def __init__(self) -> None:
        self._hits: dict[str, deque[float]] = defaultdict(deque)

    def _trim(self, key: str, window: int) -> deque[float]:
        hits = self._hits[key]
        edge = time.monotonic() - window
        while hits and hits[0] < edge:
            hits.popleft()
        return hits

    async def hit(self, key: str, window: int) -> int:
        hits = self._trim(key, window)
        hits.append(time.monotonic())
        return len(hits)

    async def count(self, key: str, window: int) -> int:
        return len(self._trim(key, window))

    async def reset(self, key: str) -> None:
        self._hits.pop(key, None)


class RedisCounters:
    """Fixed-window counters in Redis (INCR + EXPIRE), shared by all processes."""

    def __init__(self, url: str) -> None:
        from redis.asyncio import Redis

        self._redis = Redis.from_url(url)

    async def hit(self, key: str, window: int) -> int:
        name = f"trunkline:throttle:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.expire(name, window, nx=True)
            value, _ = await pipe.execute()
        return int(value)

    async def count(self, key: str, window: int) -> int:
        value = await self._redis.get(f"trunkline:throttle:{key}")
        return int(value or 0)

    async def reset(self, key: str) -> None:
        await self._redis.delete(f"trunkline:throttle:{key}")

    async def aclose(self) -> None:
        await self._redis.aclose()


class LoginThrottle:
    def __init__(self, store: CounterStore, max_failures: int, window: int) -> None:
        self.store = store
        self.max_failures = max_failures
        self.window = window

    def _keys(self, realm: str, username: str, ip: str) -> tuple[str, str]:
        # Normalised as login normalises it: "Bob " must not get a counter of its own.
        return f"{realm}:user:{username.strip().lower()}", f"{realm}:ip:{ip}"

    async def check(self, realm: str, username: str, ip: str) -> None:
        """Raise :class:`RateLimited` when this user or address failed too often."""
        user_key, ip_key = self._keys(realm, username, ip)
        if await self.store.count(user_key, self.window) >= self.max_failures:
            raise RateLimited(
                "Too many failed logins for this user; try again later", retry_after=self.window
            )
        if await self.store.count(ip_key, self.window) >= self.max_failures * IP_FACTOR:
            raise RateLimited(
                "Too many failed logins from this address; try again later", retry_after=self.window
            )

    async def failed(self, realm: str, username: str, ip: str) -> None:
        user_key, ip_key = self._keys(realm, username, ip)
        await self.store.hit(user_key, self.window)
        await self.store.hit(ip_key, self.window)

    async def succeeded(self, realm: str, username: str, ip: str) -> None:
        user_key, _ = self._keys(realm, username, ip)
        await self.store.reset(user_key)
