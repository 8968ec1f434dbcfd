"""``<Enqueue>``: wait in the queue named in the text until an agent takes the call.

The caller hears the queue's hold music with "You are caller number N" every
``announce_every`` seconds, or the ``waitUrl`` document (run again and again, with
``QueuePosition``, ``QueueTime`` and ``CurrentQueueSize`` set; its ``<Leave/>`` takes the
caller out). An agent's ``<Dial><Queue action="pickup">`` bridges the longest-waiting
caller. After ``max_wait`` seconds the caller overflows: to the queue's overflow (a document
URL, or a number/extension dialled), else on to the next verb. Then the ``action``, with
``QueueResult`` (bridged, leave, hangup, timeout) and ``QueueTime``, or the next verb.

The hold program and the helpers here serve ``<Conference>`` and ``<Dial><Queue>`` too.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from telephony.calls.leg import BridgeResult, DialTarget
from telephony.class5.bridges import Class5, QueueSettings, Waiter, WaitQueue, first_of, leg_name
from telephony.connexml.run import runs
from telephony.connexml.verbs.enqueue import Enqueue
from telephony.models import EXTENSION

if TYPE_CHECKING:
    from telephony.calls.clock import VirtualClock
    from telephony.connexml.interpreter import Session
    from telephony.connexml.parser import Document

#: Targets of an overflow that are documents rather than numbers to dial.
DOCUMENT_SCHEMES = frozenset({"http", "https", "app", "scriptforge"})


def services(session: Session, what: str) -> Class5:
    """The call's Class 5 services, or a clear "not supported" failure."""
    from telephony.connexml.interpreter import NotSupported

    class5 = session.call.class5
    if class5 is None:
        raise NotSupported(
            f"{what} is not supported yet on this call: it has no Class 5 services "
            "(queues, conference rooms, voicemail)"
        )
    return class5


def emit(session: Session, event: str, **fields: Any) -> None:
    """An interpreter event, carrying the leg's name when several legs share a transcript."""
    name = getattr(session.leg, "name", "")
    if name:
        fields["leg"] = name
    session.emit(event, **fields)


def clock_of(session: Session) -> VirtualClock:
    return services(session, "waiting on hold").bridges.clock


async def stop(clock: VirtualClock, task: asyncio.Task[Any]) -> None:
    """Cancel a background task and wait, on the clock, until it is gone."""
    task.cancel()
    await clock.wait(asyncio.gather(task, return_exceptions=True))


async def hold(
    session: Session,
    *,
    music: str,
    wait_url: str | None = None,
    wait_method: str = "POST",
    announce: Waiter | None = None,
    queue: WaitQueue | None = None,
    every: int = 0,
) -> None:
    """What a waiting caller hears, until cancelled: the ``wait_url`` document over and over,
    or ``music`` with the caller's position every ``every`` seconds."""
    clock = clock_of(session)
    leg = session.leg
    if wait_url:
        document = await _wait_document(session, wait_url, wait_method)
        if document is not None:
            while not session.ended and not (announce is not None and announce.left.is_set()):
                started = clock.elapsed
                if announce is not None and queue is not None:
                    _queue_variables(session, queue, announce)
                await session.run_verbs(document.verbs)
                if clock.elapsed == started:  # nothing took time: do not spin
                    break
            await first_of(clock, leg.hung_up)
            return
    while not session.ended:
        music_task = clock.spawn(leg.play(music, loop=0))
        if not (every and announce is not None and queue is not None):
            await clock.wait(music_task)
            break
        try:
            if await first_of(clock, leg.hung_up, timeout=every):
                return
        finally:
            await stop(clock, music_task)
        position = queue.position(announce)
        if not position:  # taken by an agent this very moment
            break
        await leg.say(f"You are caller number {position}")
    await first_of(clock, leg.hung_up)


async def _wait_document(session: Session, url: str, method: str) -> Document | None:
    from telephony.connexml.interpreter import InterpreterError

    try:
        return await session.fetch(session.absolute(url), method, session.parameters())
    except InterpreterError as exc:
        emit(session, "error", message=f"waitUrl: {exc.message}")
        return None


def _queue_variables(session: Session, queue: WaitQueue, waiter: Waiter) -> None:
    clock = queue.clock
    session.variables["QueuePosition"] = str(queue.position(waiter))
    session.variables["QueueTime"] = str(math.floor(clock.elapsed - waiter.joined))
    session.variables["CurrentQueueSize"] = str(len(queue.waiters))


async def queue_settings(class5: Class5, name: str) -> QueueSettings:
    """The settings of queue ``name``: configured in process, else the customer's
    ``CallQueue`` (by name or extension), else the defaults."""
    if name in class5.queues:
        return class5.queues[name]
    if class5.customer_id is None:
        return QueueSettings()
    from tortoise.expressions import Q

    from telephony.class5.models import CallQueue

    # An extension is a short run of digits; a longer name is never one (and the column
    # refuses a value longer than it holds).
    by = Q(name=name) | Q(extension=name) if EXTENSION.fullmatch(name) else Q(name=name)
    row = await CallQueue.filter(by, customer_id=class5.customer_id).first()
    if row is None:
        return QueueSettings()
    overflow = row.overflow or {}
    return QueueSettings(
        music=row.music or QueueSettings.music,
        announce_every=row.announce_every,
        max_wait=row.max_wait,
        overflow=str(overflow.get("target", "")) if isinstance(overflow, dict) else "",
    )


@dataclass(frozen=True)
class Waited:
    #: bridged, leave, hangup or timeout (Twilio's QueueResult).
    outcome: str
    #: Seconds in the queue.
    seconds: float
    #: Seconds bridged to the agent.
    talked: float = 0.0


async def wait_in_queue(
    session: Session,
    name: str,
    *,
    music: str | None = None,
    max_wait: int | None = None,
    wait_url: str | None = None,
    wait_method: str = "POST",
) -> tuple[Waited, QueueSettings]:
    """Put the caller in queue ``name`` until an agent takes and releases it, it leaves,
    hangs up or waits ``max_wait`` seconds."""
    class5 = services(session, f"<Enqueue>{name}")
    settings = await queue_settings(class5, name)
    if music:
        settings = replace(settings, music=music)
    if max_wait:
        settings = replace(settings, max_wait=max_wait)
    clock = class5.bridges.clock
    queue = class5.bridges.queue(name)
    waiter = queue.join(session.leg)
    emit(session, "enqueue", queue=name, position=queue.position(waiter), outcome="joined")
    _queue_variables(session, queue, waiter)
    program = clock.spawn(
        hold(
            session,
            music=settings.music,
            wait_url=wait_url,
            wait_method=wait_method,
            announce=waiter,
            queue=queue,
            every=settings.announce_every,
        )
    )
    leg = session.leg
    try:
        await first_of(clock, waiter.picked, waiter.left, leg.hung_up, timeout=settings.max_wait)
    finally:
        await stop(clock, program)
        queue.remove(waiter)
    waited = clock.elapsed - waiter.joined
    if waiter.picked.is_set():
        assert waiter.bridge is not None and waiter.agent is not None
        if waiter.before_bridge is not None:
            await waiter.before_bridge()
        agent = leg_name(waiter.agent)
        emit(session, "enqueue", queue=name, outcome="bridged", agent=agent, waited=waited)
        talked = await waiter.bridge.hold(leg)
        return Waited("bridged", waited, talked), settings
    outcome = "leave" if waiter.left.is_set() else "hangup" if leg.hung_up.is_set() else "timeout"
    emit(session, "enqueue", queue=name, outcome=outcome, waited=waited)
    return Waited(outcome, waited), settings


async def overflow(session: Session, target: str) -> BridgeResult | None:
    """Send a caller who waited too long to ``target``: a document (the call continues
    there), or a party to dial (the result of that bridge)."""
    if not target or session.ended:
        return None
    if urlsplit(target).scheme.lower() in DOCUMENT_SCHEMES or target.startswith("/"):
        await session.goto(target, "POST", {"QueueResult": "timeout"})
    return await session.leg.bridge([DialTarget("number", target)])


@runs("Enqueue")
async def run(node: Enqueue, session: Session) -> None:
    waited, settings = await wait_in_queue(
        session, node.text, wait_url=node.wait_url, wait_method=node.wait_url_method
    )
    session.variables["QueueResult"] = waited.outcome
    session.variables["QueueTime"] = str(math.floor(waited.seconds))
    if session.ended:
        return
    if waited.outcome == "timeout":
        await overflow(session, settings.overflow)
    if node.action and not session.ended:
        extra = {"QueueResult": waited.outcome, "QueueTime": str(math.floor(waited.seconds))}
        await session.goto(node.action, node.method, extra)
