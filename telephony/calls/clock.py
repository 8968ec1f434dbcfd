"""A deterministic virtual clock for simulated calls: nothing really sleeps.

The clock is a discrete-event scheduler on top of the running asyncio loop. Virtual time
(integer microseconds since ``start``, so ties are exact) only moves when the *participants*
of the simulation are all parked on the clock:

- A **participant** is a task started with :meth:`VirtualClock.spawn` (or :meth:`run`,
  :meth:`gather`), or one that declared itself with ``with clock.participant():``. Any other
  task that calls a clock method takes part for the length of that call only, so a test can
  simply ``await leg.say("hi")`` (but time may jump while such a task does real I/O
  *between* clock calls: make it a participant if other tasks share the clock).
- A participant is **parked** while it awaits the clock: :meth:`sleep`, :meth:`wait`,
  :meth:`ClockEvent.wait` / :meth:`ClockEvent.wait_for` (the simulated leg's ``hung_up`` is
  one). Every other await leaves it **busy**: an HTTP request to a webhook server, a plain
  ``asyncio.Event``, a socket, a database query.
- While any participant is busy, time stands still, so real I/O during a simulated call
  takes no virtual time, however long it really takes.
- When none is busy, at least one is parked, and the event loop has nothing else ready to
  run, time **jumps** to the earliest timer; every timer due then fires in the order it was
  set, and the tasks it wakes are counted busy *before* they run, so the next jump waits
  for them. A timer nobody waits for (a caller's hang-up after the call ended) never moves
  time by itself.

Waking is synchronous wherever the clock can see it (a timer, :meth:`ClockEvent.set`,
the end of what :meth:`wait` awaits), and a jump is only taken once the loop's ready queue
is empty, so a chain of plain asyncio hand-offs between participants (``asyncio.gather``,
an ``asyncio.Event`` inside :meth:`wait`) settles before time moves. One checker per event
loop decides when the loop is quiet, so independent simulations can share a loop. Several
legs, a queue's hold music, an agent that answers after 12 s and a conference with two
callers all share one clock this way, and the order of their events is the order of their
timers (ties: the order the timers were set), the same on every run.

How participants must wait for *each other*: through the clock (``await clock.wait(task)``,
``await event.wait()`` on a :class:`ClockEvent`), never with a bare ``await task`` or a
plain ``asyncio.Event``, which count as busy and would hold time still forever.

If every participant is parked and no timer is left, nothing can ever happen: by default the
clock raises :class:`ClockStalled` in every parked waiter (``stall="wait"`` leaves them
parked, for a test that will set something from outside the simulation).

**Paced mode** (the simulator panel's live call): ``VirtualClock(start, pace=1.0)`` takes every
jump in real time too, ``pace`` real seconds per virtual second (tests use 0.01 or less).
When a jump is due, the clock first waits the matching real time on the loop, measured from
an anchor taken at the first paced wait, so virtual time keeps up with real time overall
(busy work in between is absorbed, not added). Outside input reaches the simulation through
:meth:`VirtualClock.inject`: called from any task of the loop (a WebSocket reader, not a
participant), it cuts the real wait short, sets virtual time to the real time elapsed (never
past the next timer, never backwards; while a participant is busy, time stands still as
ever) and runs its callback there. So a key pressed 3.2 s into a live call arrives at 3.2 s of
virtual time and interrupts a prompt as a real DTMF would. An unpaced clock's ``inject`` just
runs the callback at the current virtual time.

>>> import asyncio
>>> from datetime import UTC, datetime
>>> clock = VirtualClock(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
>>> asyncio.run(clock.sleep(90))
>>> clock.now().isoformat()
'2026-01-05T09:01:30+00:00'
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import math
import weakref
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, Literal, TypeVar

__all__ = ["ClockEvent", "ClockStalled", "Timer", "VirtualClock"]

T = TypeVar("T")

_US = 1_000_000
# Without a visible ready queue (an alternative loop), settle this many loop turns instead.
_SETTLE_TURNS = 32
# A paced jump this close (real seconds) is taken at once: loop timers may fire a little early.
_PACE_SLACK = 0.0005


class ClockStalled(RuntimeError):
    """Every participant waits on the clock and no timer is left: nothing can happen."""


class Timer:
    """A callback due at a virtual time; :meth:`cancel` it to drop it."""

    __slots__ = ("args", "callback", "cancelled", "when")

    def __init__(self, when: int, callback: Callable[..., object], args: tuple[Any, ...]) -> None:
        self.when = when
        self.callback = callback
        self.args = args
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


class _Park:
    """One parked wait: the future its task awaits and the timer that may end it."""

    __slots__ = ("future", "timer", "woken")

    def __init__(self, future: asyncio.Future[Any]) -> None:
        self.future = future
        self.timer: Timer | None = None
        self.woken = False


class VirtualClock:
    """Virtual time shared by every simulated leg and background task of one simulation."""

    def __init__(
        self,
        start: datetime,
        *,
        stall: Literal["raise", "wait"] = "raise",
        pace: float | None = None,
    ) -> None:
        if start.tzinfo is None:
            raise ValueError("the virtual clock needs an aware start time (e.g. ...+00:00)")
        if stall not in ("raise", "wait"):
            raise ValueError(f"stall must be 'raise' or 'wait', not {stall!r}")
        if pace is not None and not (math.isfinite(pace) and pace > 0):
            raise ValueError(f"pace must be real seconds per virtual second > 0, not {pace}")
        self.start = start.astimezone(UTC)
        self.stall = stall
        #: Real seconds per virtual second; None: jumps take no real time.
        self.pace = pace
        self._anchor: tuple[float, int] | None = None  # (loop time, virtual us) pacing began
        self._pacer: asyncio.TimerHandle | None = None  # the real wait for the next jump
        self._now = 0  # microseconds since start
        self._seq = itertools.count()
        self._timers: list[tuple[int, int, Timer]] = []
        self._members: set[asyncio.Task[Any]] = set()
        self._busy = 0  # participants that are not parked
        self._parked: dict[_Park, None] = {}  # in the order they parked
        self._loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def from_iso(cls, text: str, *, zone: tzinfo = UTC, **options: Any) -> VirtualClock:
        """A clock starting at an ISO 8601 time (``--at``); a time without offset is in ``zone``."""
        start = datetime.fromisoformat(text)
        if start.tzinfo is None:
            start = start.replace(tzinfo=zone)
        return cls(start, **options)

    # -- reading ------------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        """Virtual seconds since ``start``."""
        return self._now / _US

    def now(self) -> datetime:
        """The virtual time, aware UTC."""
        return self.start + timedelta(microseconds=self._now)

    # -- timers -------------------------------------------------------------------------

    def call_at(self, seconds: float, callback: Callable[..., object], *args: Any) -> Timer:
        """Run ``callback(*args)`` when virtual time reaches ``seconds`` since start."""
        return self._schedule(max(self._now, _micros(seconds)), callback, args)

    def call_later(self, delay: float, callback: Callable[..., object], *args: Any) -> Timer:
        """Run ``callback(*args)`` ``delay`` virtual seconds from now."""
        return self._schedule(self._now + _micros(delay), callback, args)

    # -- waiting ------------------------------------------------------------------------

    async def sleep(self, seconds: float) -> None:
        """Suspend the calling task until virtual time reaches now + ``seconds``."""
        park = self._new_park()
        park.timer = self.call_later(seconds, self._wake, park, None)
        await self._park(park)

    async def wait(self, aw: Awaitable[T], timeout: float | None = None) -> T:  # noqa: ASYNC109
        """Await ``aw`` (another participant's work) parked on the clock, like
        :func:`asyncio.wait_for` with a *virtual* ``timeout`` (``TimeoutError``)."""
        inner = asyncio.ensure_future(aw)
        if inner.done():
            return inner.result()
        park = self._new_park()

        def finished(_: asyncio.Future[Any]) -> None:
            self._wake(park, None)

        inner.add_done_callback(finished)
        if timeout is not None:
            park.timer = self.call_later(timeout, self._fail, park, TimeoutError())
        try:
            await self._park(park)
        except BaseException:
            inner.remove_done_callback(finished)
            inner.cancel()
            raise
        return inner.result()

    def event(self) -> ClockEvent:
        """A new :class:`ClockEvent` on this clock."""
        return ClockEvent(self)

    # -- outside input ------------------------------------------------------------------

    def inject(self, callback: Callable[..., object], *args: Any) -> None:
        """Run ``callback(*args)`` now, from outside the simulation (a live caller's key).

        On a paced clock that waits for its next jump, virtual time first moves to the real
        time elapsed since pacing began (at most to the next timer); see the module docstring.
        Call it from the clock's event loop; what the callback wakes runs before time moves.
        """
        if self.pace is not None and self._anchor is not None and not self._busy:
            if self._pacer is not None:
                self._pacer.cancel()
                self._pacer = None
            real, virtual = self._anchor
            flowed = virtual + _micros(max(0.0, self._get_loop().time() - real) / self.pace)
            self._now = max(self._now, min(flowed, self._next_when(default=flowed)))
        callback(*args)
        self._poke()

    # -- participants -------------------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, T], *, name: str | None = None) -> asyncio.Task[T]:
        """Start ``coro`` as a participant: time waits for it whenever it is busy."""
        task = self._get_loop().create_task(coro, name=name)
        self._members.add(task)
        self._busy += 1
        task.add_done_callback(self._leave)
        return task

    async def run(self, coro: Coroutine[Any, Any, T]) -> T:
        """Run ``coro`` as a participant and return its result (the simulator's entry)."""
        return await self.wait(self.spawn(coro))

    async def gather(self, *coros: Coroutine[Any, Any, Any]) -> list[Any]:
        """Run ``coros`` as participants side by side; their results, in order."""
        tasks = [self.spawn(c) for c in coros]
        return list(await self.wait(asyncio.gather(*tasks)))

    @contextmanager
    def participant(self) -> Iterator[None]:
        """Make the current task a participant for the ``with`` block."""
        task = asyncio.current_task()
        if task is None or task in self._members:
            raise RuntimeError("participant() needs a task that is not one already")
        self._members.add(task)
        self._busy += 1
        try:
            yield
        finally:
            self._members.discard(task)
            self._busy -= 1
            self._poke()

    # -- the scheduler ------------------------------------------------------------------

    def _get_loop(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            if self._members or self._parked:
                raise RuntimeError("a virtual clock runs on one event loop")
            self._loop = loop
        return loop

    def _schedule(self, when: int, callback: Callable[..., object], args: tuple[Any, ...]) -> Timer:
        timer = Timer(when, callback, args)
        heapq.heappush(self._timers, (when, next(self._seq), timer))
        return timer

    def _new_park(self) -> _Park:
        return _Park(self._get_loop().create_future())

    async def _park(self, park: _Park) -> Any:
        task = asyncio.current_task()
        member = task in self._members
        if member:
            self._busy -= 1
        # else: a passer-by, counted only from its wake-up to its return
        self._parked[park] = None
        self._poke()
        try:
            return await park.future
        finally:
            if not park.woken:  # cancelled from outside: it runs again
                self._settle(park)
            if not member:
                self._busy -= 1
                self._poke()

    def _settle(self, park: _Park) -> None:
        park.woken = True
        self._busy += 1
        self._parked.pop(park, None)
        if park.timer is not None:
            park.timer.cancel()

    def _wake(self, park: _Park, result: Any) -> None:
        if park.woken or park.future.done():
            return
        self._settle(park)
        park.future.set_result(result)

    def _fail(self, park: _Park, exc: BaseException) -> None:
        if park.woken or park.future.done():
            return
        self._settle(park)
        park.future.set_exception(exc)

    def _leave(self, task: asyncio.Task[Any]) -> None:
        self._members.discard(task)
        self._busy -= 1
        self._poke()

    def _poke(self) -> None:
        if self._busy == 0 and self._parked and self._loop is not None:
            _quiet(self._loop).request(self)

    def _next_when(self, default: int) -> int:
        """When the earliest live timer is due (cancelled ones are dropped), else ``default``."""
        timers = self._timers
        while timers and timers[0][2].cancelled:
            heapq.heappop(timers)
        return timers[0][0] if timers else default

    def _paced_wait(self, when: int) -> float:
        """Real seconds still to wait before virtual time may reach ``when`` (paced)."""
        assert self.pace is not None and self._loop is not None
        now = self._loop.time()
        if self._anchor is None:
            self._anchor = (now, self._now)
        real, virtual = self._anchor
        return real + (when - virtual) / _US * self.pace - now

    def _paced_due(self) -> None:
        self._pacer = None
        self._poke()

    def _advance(self) -> bool:
        """Jump to the next timer if every participant is parked; True if anything ran."""
        if self._busy or not self._parked:
            return False
        timers = self._timers
        when = self._next_when(default=-1)
        if when < 0:
            if self.stall == "raise":
                for park in list(self._parked):
                    self._fail(park, ClockStalled(f"nothing left to happen at {self.elapsed:g} s"))
            return True
        if self.pace is not None and when > self._now:
            wait = self._paced_wait(when)
            if self._pacer is not None:  # a timer set since may be earlier: wait again
                self._pacer.cancel()
                self._pacer = None
            if wait > _PACE_SLACK:
                # Not yet: wake up in real time (or earlier, through inject()).
                assert self._loop is not None
                self._pacer = self._loop.call_later(wait, self._paced_due)
                return False
        self._now = when
        while timers and timers[0][0] == when:
            timer = heapq.heappop(timers)[2]
            if timer.cancelled:
                continue
            try:
                timer.callback(*timer.args)
            except Exception as exc:  # a broken callback must not stop the clock
                assert self._loop is not None
                self._loop.call_exception_handler(
                    {"message": "virtual clock timer failed", "exception": exc}
                )
        self._poke()  # callbacks alone may have woken nobody
        return True


class _Quiet:
    """Lets idle clocks advance, one step at a time, when the loop has nothing else to run.

    One per event loop, so that two simulations in one loop do not keep each other waiting
    by each seeing the other's check in the ready queue."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.waiting: dict[VirtualClock, None] = {}
        self.pending = False
        self.turns = 0

    def request(self, clock: VirtualClock) -> None:
        self.waiting[clock] = None
        if not self.pending:
            self.pending = True
            self.loop.call_soon(self.run)

    def run(self) -> None:
        self.pending = False
        # CPython's loop keeps its runnable callbacks in ``_ready``: time jumps only when it
        # is empty, i.e. no hand-off between tasks is still on its way; other loops get a
        # fixed number of turns to settle.
        ready = getattr(self.loop, "_ready", None)
        if (ready is not None and len(ready) > 0) or (ready is None and self.turns < _SETTLE_TURNS):
            self.turns += 1
            self._again()
            return
        self.turns = 0
        while self.waiting:
            clock = next(iter(self.waiting))
            del self.waiting[clock]
            if clock._advance():
                break  # what it woke runs first; the others wait for the next quiet turn
        if self.waiting:
            self._again()

    def _again(self) -> None:
        if not self.pending:
            self.pending = True
            self.loop.call_soon(self.run)


_QUIET: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Quiet] = weakref.WeakKeyDictionary()


def _quiet(loop: asyncio.AbstractEventLoop) -> _Quiet:
    quiet = _QUIET.get(loop)
    if quiet is None:
        quiet = _QUIET[loop] = _Quiet(loop)
    return quiet


class ClockEvent(asyncio.Event):
    """An :class:`asyncio.Event` whose waiters are parked on the clock, so time runs on
    while they wait; :meth:`set` wakes them at once, in the order they started waiting."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__()
        self._clock = clock
        self._parks: list[_Park] = []

    def set(self) -> None:
        if self.is_set():
            return
        super().set()
        parks, self._parks = self._parks, []
        for park in parks:
            self._clock._wake(park, True)

    async def wait(self) -> Literal[True]:
        await self.wait_for(None)
        return True

    async def wait_for(self, timeout: float | None) -> bool:  # noqa: ASYNC109
        """Wait until set (True) or ``timeout`` virtual seconds pass (False)."""
        if self.is_set():
            return True
        clock = self._clock
        park = clock._new_park()
        if timeout is not None:
            park.timer = clock.call_later(timeout, clock._wake, park, False)
        self._parks.append(park)
        try:
            return bool(await clock._park(park))
        finally:
            if park in self._parks:
                self._parks.remove(park)


def _micros(seconds: float) -> int:
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"a virtual delay must be a finite number of seconds >= 0, not {seconds}")
    return round(seconds * _US)
