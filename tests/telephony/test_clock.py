"""The virtual clock: time jumps only when every participant waits on it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from telephony.calls import clock as clock_module
from telephony.calls.clock import ClockStalled, VirtualClock

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_start_must_be_aware_and_is_kept_in_utc() -> None:
    with pytest.raises(ValueError, match="aware"):
        VirtualClock(datetime(2026, 1, 5, 9, 0))
    paris = VirtualClock(datetime(2026, 1, 5, 10, 0, tzinfo=timezone(timedelta(hours=1))))
    assert paris.now() == START and paris.now().tzinfo is UTC
    assert VirtualClock.from_iso("2026-01-05T09:00:00Z").now() == START
    assert VirtualClock.from_iso("2026-01-05T09:00").now() == START
    eastern = timezone(timedelta(hours=-5))
    assert VirtualClock.from_iso("2026-01-05T04:00", zone=eastern).now() == START


async def test_sleep_moves_virtual_time_only() -> None:
    clock = VirtualClock(START)
    await clock.sleep(90)
    await clock.sleep(0.25)
    assert clock.elapsed == 90.25
    assert clock.now() == START + timedelta(seconds=90.25)
    with pytest.raises(ValueError):
        await clock.sleep(-1)


async def test_tasks_wake_in_time_order_and_ties_in_the_order_they_slept() -> None:
    clock = VirtualClock(START)
    log: list[tuple[float, str]] = []

    async def sleeper(name: str, *delays: float) -> None:
        for delay in delays:
            await clock.sleep(delay)
            log.append((clock.elapsed, name))

    await clock.gather(sleeper("a", 3, 3), sleeper("b", 1, 5), sleeper("c", 6))
    # c went to sleep first (at 0), then b (at 1), then a (at 3)
    assert log == [(1, "b"), (3, "a"), (6, "c"), (6, "b"), (6, "a")]
    # 0.2 five times is exactly 1.0: time is kept in whole microseconds.
    await clock.gather(*(sleeper(str(i), *[0.2] * 5) for i in range(2)))
    assert clock.elapsed == 7.0


async def test_timers_run_callbacks_and_can_be_cancelled() -> None:
    clock = VirtualClock(START)
    fired: list[tuple[float, str]] = []
    clock.call_later(2, lambda: fired.append((clock.elapsed, "later")))
    clock.call_at(1, lambda: fired.append((clock.elapsed, "at")))
    clock.call_later(1.5, lambda: fired.append((clock.elapsed, "cancelled"))).cancel()
    await clock.sleep(5)
    assert fired == [(1, "at"), (2, "later")]


async def test_wait_for_another_participant_and_virtual_timeout() -> None:
    clock = VirtualClock(START)

    async def agent(after: float) -> str:
        await clock.sleep(after)
        return "agent"

    async def caller() -> tuple[str, float]:
        result = await clock.wait(clock.spawn(agent(12)), timeout=30)
        return result, clock.elapsed

    assert await clock.run(caller()) == ("agent", 12)

    async def impatient() -> float:
        with pytest.raises(TimeoutError):
            await clock.wait(clock.spawn(agent(100)), timeout=30)
        return clock.elapsed

    assert await clock.run(impatient()) == 42


async def test_clock_event_wakes_waiters_at_the_virtual_time_it_is_set() -> None:
    clock = VirtualClock(START)
    ready = clock.event()
    seen: list[tuple[str, float]] = []

    async def waiter(name: str, patience: float | None) -> None:
        got = await ready.wait_for(patience)
        seen.append((f"{name}:{got}", clock.elapsed))

    async def setter() -> None:
        await clock.sleep(12)
        ready.set()

    await clock.gather(waiter("short", 5), waiter("long", 30), waiter("plain", None), setter())
    assert seen == [("short:False", 5), ("long:True", 12), ("plain:True", 12)]
    assert await ready.wait() is True  # already set: at once


async def test_time_stands_still_while_a_participant_awaits_real_io() -> None:
    """A participant awaiting a plain asyncio.Event that a real socket callback sets is busy:
    the other participant's timer at 10 s must not fire before it gets back to the clock."""
    clock = VirtualClock(START)
    log: list[tuple[str, float]] = []
    arrived = asyncio.Event()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        await asyncio.sleep(0.02)  # a slow peer, in real time
        arrived.set()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    async def io_task() -> None:
        await clock.sleep(1)
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"ping\n")
        await writer.drain()
        await arrived.wait()  # a real event, not the clock: time must not jump
        log.append(("io done", clock.elapsed))
        writer.close()
        await clock.sleep(1)
        log.append(("io slept", clock.elapsed))

    async def timer_task() -> None:
        await clock.sleep(10)
        log.append(("timer", clock.elapsed))

    async with server:
        await clock.gather(io_task(), timer_task())
    assert log == [("io done", 1), ("io slept", 2), ("timer", 10)]


async def test_a_declared_participant_holds_time_between_clock_calls() -> None:
    clock = VirtualClock(START)
    log: list[tuple[str, float]] = []

    async def other() -> None:
        await clock.sleep(3)
        log.append(("other", clock.elapsed))

    task = clock.spawn(other())
    with clock.participant():
        await clock.sleep(1)
        await asyncio.sleep(0.01)  # real time passes; virtual time must not
        log.append(("me", clock.elapsed))
        await clock.wait(task)
    assert log == [("me", 1), ("other", 3)]


async def test_cancelling_a_parked_participant_lets_time_run_on() -> None:
    clock = VirtualClock(START)

    async def main() -> float:
        music = clock.spawn(clock.sleep(1000))
        await clock.sleep(5)
        music.cancel()
        await clock.sleep(5)
        return clock.elapsed

    assert await clock.run(main()) == 10


async def test_stall_raises_in_parked_waiters_or_waits_when_asked() -> None:
    clock = VirtualClock(START)
    never = clock.event()
    with pytest.raises(ClockStalled):
        await clock.run(never.wait())

    patient = VirtualClock(START, stall="wait")
    late = patient.event()
    asyncio.get_running_loop().call_later(0.01, late.set)  # from outside the simulation
    assert await patient.run(late.wait()) is True
    assert patient.elapsed == 0


async def test_idle_clock_does_not_run_ahead_to_pending_timers() -> None:
    """A timer nobody waits for (a caller's hang-up after the call ended) is not a reason
    to move time."""
    clock = VirtualClock(START)
    clock.call_later(100, lambda: None)
    await clock.sleep(1)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert clock.elapsed == 1


async def test_independent_clocks_share_one_event_loop() -> None:
    """Two simulations side by side in one loop neither block nor disturb each other."""

    async def simulation(step: float) -> list[float]:
        clock = VirtualClock(START)
        seen: list[float] = []

        async def ticker() -> None:
            for _ in range(5):
                await clock.sleep(step)
                seen.append(clock.elapsed)

        await clock.gather(ticker(), clock.sleep(step * 2))
        return seen

    fast, slow = await asyncio.gather(simulation(1), simulation(3))
    assert fast == [1, 2, 3, 4, 5]
    assert slow == [3, 6, 9, 12, 15]


async def test_on_a_loop_without_a_visible_ready_queue_hand_offs_still_settle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another loop implementation (uvloop) hides its ready queue: the clock then lets the
    loop turn a fixed number of times before each jump."""
    loop = asyncio.get_running_loop()

    class HiddenQueue:
        def call_soon(self, callback: Callable[[], object]) -> asyncio.Handle:
            return loop.call_soon(callback)

    monkeypatch.setattr(clock_module._quiet(loop), "loop", HiddenQueue())
    clock = VirtualClock(START)
    log: list[tuple[str, float]] = []

    async def agent() -> str:
        await clock.sleep(12)
        return "agent"

    async def caller() -> None:
        got = await clock.wait(asyncio.gather(clock.spawn(agent())), timeout=30)
        log.append((got[0], clock.elapsed))

    async def bystander() -> None:
        await clock.sleep(13)
        log.append(("bystander", clock.elapsed))

    await clock.gather(caller(), bystander())
    assert log == [("agent", 12), ("bystander", 13)]
