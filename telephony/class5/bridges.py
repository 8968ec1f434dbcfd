"""Queues and conference rooms in process, on a call's clock: who waits, who is in which room.

One :class:`Bridges` registry serves every call of a simulation (or of one media server): the
legs that wait in a queue (:class:`WaitQueue`, first come first served), the agents that take
them (:meth:`WaitQueue.next_caller`) and the rooms they meet in (:class:`Room`). Legs wait for
each other only through the clock (:class:`~telephony.calls.clock.ClockEvent`,
:func:`first_of`), so several simulated legs share one :class:`VirtualClock` deterministically.
Media between bridged legs is not simulated: a bridge is who talks to whom, and until when.

:class:`Class5` is what a call's :class:`~telephony.connexml.interpreter.CallContext` carries
for these features: the registry, the customer whose queues/rooms/boxes apply, a mailer and
the storage root of voicemail recordings.

>>> import asyncio
>>> from datetime import UTC, datetime
>>> clock = VirtualClock(datetime(2026, 1, 5, tzinfo=UTC))
>>> queue = Bridges(clock).queue("support")
>>> queue.name, queue.waiters
('support', [])
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from telephony.calls.clock import ClockEvent, VirtualClock

if TYPE_CHECKING:
    from telephony.calls.leg import CallLeg
    from telephony.class5.voicemail_calls import Mailer

__all__ = [
    "DEFAULT_MUSIC",
    "Bridge",
    "Bridges",
    "Class5",
    "Member",
    "QueueSettings",
    "Room",
    "WaitQueue",
    "Waiter",
    "first_of",
    "leg_name",
]

#: Hold music when neither the queue nor the verb names any (a built-in prompt).
DEFAULT_MUSIC = "ivr/hold_music.wav"


@dataclass
class Class5:
    """The Class 5 services of a call (``CallContext.class5``)."""

    bridges: Bridges
    #: The customer whose queues, rooms and voicemail boxes the call reaches; None: no
    #: database (queues and rooms get default settings; voicemail is unavailable).
    customer_id: int | None = None
    #: Sends voicemail notifications; None: none are sent.
    mailer: Mailer | None = None
    #: Where voicemail recordings are kept (``VoicemailMessage.path`` is relative to it).
    storage: Path | None = None
    #: The app whose templates render voicemail e-mails (``VoicemailBox.email_template``).
    app_id: int | None = None
    #: Queue settings by name, used before (and instead of) the customer's ``CallQueue``.
    queues: dict[str, QueueSettings] = field(default_factory=dict)


@dataclass(frozen=True)
class QueueSettings:
    """How callers wait in a queue (``CallQueue`` columns, or a verb's attributes)."""

    music: str = DEFAULT_MUSIC
    #: Say the caller's position every so many seconds (0: never).
    announce_every: int = 30
    #: Seconds before a waiting caller overflows.
    max_wait: int = 600
    #: Where an overflowing caller goes: a URL/``app:`` document, or a number/extension
    #: to dial; "" continues with the next verb.
    overflow: str = ""


def leg_name(leg: CallLeg) -> str:
    """The leg's name in a shared transcript (simulated legs have one), else its CallSid."""
    return str(getattr(leg, "name", "") or leg.variables.get("CallSid", ""))


async def first_of(
    clock: VirtualClock,
    *events: asyncio.Event,
    timeout: float | None = None,  # noqa: ASYNC109 - virtual seconds, on the clock
) -> bool:
    """Wait, parked on the clock, until any of ``events`` is set (True) or ``timeout``
    virtual seconds pass (False)."""
    if any(e.is_set() for e in events):
        return True
    waits = [asyncio.ensure_future(e.wait()) for e in events]
    try:
        await clock.wait(asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED), timeout)
    except TimeoutError:
        return False
    finally:
        for wait in waits:
            wait.cancel()
    return True


class Bridge:
    """Two or more legs talking until one of them hangs up (or the room ends)."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.started = clock.elapsed
        self.ended = clock.event()

    async def hold(self, leg: CallLeg) -> float:
        """Keep ``leg`` in the bridge until it or the other side ends it; the seconds it lasted."""
        await first_of(self.clock, self.ended, leg.hung_up)
        self.ended.set()
        return self.clock.elapsed - self.started


# -- queues ------------------------------------------------------------------------------------


class Waiter:
    """One caller waiting in a queue."""

    def __init__(self, clock: VirtualClock, leg: CallLeg) -> None:
        self.leg = leg
        self.joined = clock.elapsed
        #: Set when an agent takes the caller (``bridge`` and ``agent`` are then known).
        self.picked = clock.event()
        #: Set when the caller leaves by ``<Leave/>``.
        self.left = clock.event()
        self.bridge: Bridge | None = None
        self.agent: CallLeg | None = None
        #: Run by the caller's own call once picked, before the bridge (``<Queue url>``).
        self.before_bridge: Callable[[], Awaitable[None]] | None = None


class WaitQueue:
    """Callers waiting for an agent, longest-waiting first."""

    def __init__(self, clock: VirtualClock, name: str) -> None:
        self.clock = clock
        self.name = name
        self.waiters: list[Waiter] = []
        self._arrival: ClockEvent = clock.event()

    def join(self, leg: CallLeg) -> Waiter:
        waiter = Waiter(self.clock, leg)
        self.waiters.append(waiter)
        self._arrival.set()
        self._arrival = self.clock.event()
        return waiter

    def position(self, waiter: Waiter) -> int:
        """1 for the caller who waited longest; 0 once it no longer waits."""
        return self.waiters.index(waiter) + 1 if waiter in self.waiters else 0

    def remove(self, waiter: Waiter) -> None:
        if waiter in self.waiters:
            self.waiters.remove(waiter)

    async def next_caller(
        self,
        agent: CallLeg,
        timeout: float,  # noqa: ASYNC109 - virtual seconds
        before_bridge: Callable[[Waiter], Awaitable[None]] | None = None,
    ) -> Waiter | None:
        """Take the longest-waiting caller for ``agent`` (waiting up to ``timeout`` virtual
        seconds for one to arrive) and bridge them, after ``before_bridge(waiter)`` has run
        on the caller's side; None if nobody came."""
        deadline = self.clock.elapsed + timeout
        while not self.waiters or self.waiters[0].leg.hung_up.is_set():
            if self.waiters:
                self.waiters.pop(0)  # hung up while waiting; its own task reports it
                continue
            remaining = deadline - self.clock.elapsed
            if remaining <= 0 or agent.hung_up.is_set():
                return None
            await first_of(self.clock, self._arrival, agent.hung_up, timeout=remaining)
        waiter = self.waiters.pop(0)
        waiter.agent = agent
        waiter.bridge = Bridge(self.clock)
        if before_bridge is not None:
            waiter.before_bridge = partial(before_bridge, waiter)
        waiter.picked.set()
        return waiter


# -- conference rooms --------------------------------------------------------------------------


@dataclass
class Member:
    leg: CallLeg
    muted: bool = False
    end_on_exit: bool = False

    @property
    def name(self) -> str:
        return leg_name(self.leg)


class Room:
    """A conference: members, whether it has started, and its end."""

    def __init__(self, clock: VirtualClock, name: str) -> None:
        self.clock = clock
        self.name = name
        self.members: list[Member] = []
        self.started = clock.event()
        self.ended = clock.event()

    def names(self) -> list[str]:
        return [m.name for m in self.members]

    def member(self, leg: CallLeg) -> Member | None:
        return next((m for m in self.members if m.leg is leg), None)

    def mute(self, leg: CallLeg, muted: bool = True) -> None:
        member = self.member(leg)
        if member is None:
            raise LookupError(f"{leg_name(leg)} is not in conference {self.name!r}")
        member.muted = muted


class Bridges:
    """Every queue and conference room of one clock, by name."""

    def __init__(self, clock: VirtualClock) -> None:
        self.clock = clock
        self.queues: dict[str, WaitQueue] = {}
        self.rooms: dict[str, Room] = {}

    def queue(self, name: str) -> WaitQueue:
        queue = self.queues.get(name)
        if queue is None:
            queue = self.queues[name] = WaitQueue(self.clock, name)
        return queue

    def room(self, name: str) -> Room:
        """The room ``name``; a new one once the last conference there has ended."""
        room = self.rooms.get(name)
        if room is None or room.ended.is_set():
            room = self.rooms[name] = Room(self.clock, name)
        return room

    def waiter_of(self, leg: CallLeg) -> Waiter | None:
        """The queue entry of ``leg``, if it waits in a queue (for ``<Leave/>``)."""
        for queue in self.queues.values():
            for waiter in queue.waiters:
                if waiter.leg is leg:
                    return waiter
        return None
