"""Routing tests start from empty in-memory state: the routing cache, the memoised carrier
lists, round-robin positions and performance, and in-process counters (each test has its
own database)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from telephony.routing import engine
from telephony.routing.cache import cache
from telephony.routing.state import configure, state


@pytest.fixture(autouse=True)
async def fresh_routing_state() -> AsyncIterator[None]:
    cache().forget()
    engine.forget()
    state().clear()
    await configure("")
    yield
    cache().forget()
    engine.forget()
    state().clear()
    await configure("")
