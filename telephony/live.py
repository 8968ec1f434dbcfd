"""Live simulated calls: the voice app editor's Call button.

A :class:`LiveCall` runs a ConneXML document as :func:`telephony.simulate.simulate` does, but
on a :class:`~telephony.calls.simulated.LiveCallLeg` whose clock is paced to real time
(``pace`` real seconds per virtual second, 1 in the product, far less in tests) and whose
caller is the user at the keypad: :meth:`LiveCall.press` and :meth:`LiveCall.hang_up` push
input in as it happens (:meth:`~telephony.calls.clock.VirtualClock.inject` gives it the
virtual time that matches the real time elapsed). Every transcript event, and every key
pressed, is put on :attr:`LiveCall.outbox` as it happens; ``None`` there means the call is
over. The WebSocket that carries this to the browser is in :mod:`telephony.ui.voice_live`.

Messages on the outbox (JSON objects; the browser reads them as they come):

=========  ==================================================================
type       fields
=========  ==================================================================
problems   problems (the document has errors: the call does not start)
started    at (ISO start of the virtual clock), pace
event      event (a transcript event, :mod:`telephony.calls.transcript`)
key        key, t (a key the caller pressed, at virtual seconds t)
error      message (the call could not go on; it is hung up)
ended      reason (``hangup``, ``limit``, ``error``)
=========  ==================================================================

Limits: a call ends after :data:`MAX_SECONDS` of real time (an ``error`` event, then the
hang-up), and :class:`LiveCalls` lets a user run at most :data:`PER_USER` at once.
Webhooks: none for an edited document (as the REST simulator allows a pasted one none);
the app's own allow-list and secret when the document is the app's saved one.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from runtime.errors import Conflict, ValidationFailed
from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import DialScript, LiveCallLeg
from telephony.calls.transcript import Event
from telephony.connexml.nodes import ConneXMLError

__all__ = ["MAX_SECONDS", "PER_USER", "LiveCall", "LiveCalls", "LiveRequest"]

log = logging.getLogger(__name__)

#: Real seconds a live call may last.
MAX_SECONDS = 600.0
#: Live calls one user may run at once.
PER_USER = 4
#: The largest document a live call runs (as the REST simulator).
MAX_DOCUMENT = 256 * 1024

Message = dict[str, Any]


@dataclass(frozen=True)
class LiveRequest:
    """What to call: the editor's current text and the panel's fields."""

    document: str
    caller: str = ""
    called: str = ""
    #: The zone for Conditions without ``timezone``.
    timezone: str = "UTC"
    #: What dialled parties do: answered, busy, no-answer, failed.
    dial_result: str = "answered"
    #: Webhook hosts allowed (fnmatch patterns); ``()``: none.
    allow: Sequence[str] = ()
    secret: str = ""
    #: Whose queues, rooms and voicemail boxes the call uses.
    customer: int | None = None
    storage: Path | None = None
    #: Real seconds per virtual second.
    pace: float = 1.0
    #: Real seconds the call may last.
    limit: float = MAX_SECONDS


def _invalid(path: str, message: str) -> ValidationFailed:
    return ValidationFailed.field(path, message)


class LiveCall:
    """One live call: :meth:`run` it, feed it keys, read :attr:`outbox`."""

    def __init__(self, request: LiveRequest) -> None:
        if len(request.document) > MAX_DOCUMENT:
            raise _invalid("document", f"at most {MAX_DOCUMENT} characters")
        try:
            ZoneInfo(request.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _invalid("tz", f"unknown time zone {request.timezone!r}") from None
        try:
            self.dial = DialScript.parse(request.dial_result)
        except ValueError as exc:
            raise _invalid("dial_result", str(exc)) from None
        self.request = request
        self.clock = VirtualClock(datetime.now(UTC), stall="wait", pace=request.pace)
        self.outbox: asyncio.Queue[Message | None] = asyncio.Queue()
        self.leg: LiveCallLeg | None = None
        self.reason = ""

    # -- the caller -----------------------------------------------------------------------

    def press(self, key: str) -> None:
        """The caller presses ``key`` (``ValueError`` if it is not a DTMF key)."""
        if self.leg is None or self.leg.hung_up.is_set():
            return
        self.leg.press(key)
        self._put({"type": "key", "key": key, "t": round(self.clock.elapsed, 3)})

    def hang_up(self) -> None:
        """The caller hangs up (also when the browser goes away)."""
        if self.leg is not None and not self.leg.hung_up.is_set():
            self.leg.caller_hangs_up()

    # -- running --------------------------------------------------------------------------

    def _put(self, message: Message | None) -> None:
        self.outbox.put_nowait(message)

    def _event(self, event: Event) -> None:
        self._put({"type": "event", "event": event})

    async def run(self) -> str:
        """Run the call to its end; the reason it ended (also in the ``ended`` message)."""
        try:
            self.reason = await self._run()
        except Exception as exc:  # before the call started: no transcript to tell it
            log.exception("live call failed to start")
            self._put({"type": "error", "message": f"the call failed: {exc}"})
            self.reason = "error"
        finally:
            self._put({"type": "ended", "reason": self.reason or "error"})
            self._put(None)
        return self.reason

    async def _run(self) -> str:
        from telephony.class5.bridges import Bridges, Class5
        from telephony.connexml.interpreter import CallContext, run_document
        from telephony.connexml.parser import parse_cached
        from telephony.simulate import ACCOUNT_SID, CALL_SID, DEFAULT_FROM, DEFAULT_TO

        request = self.request
        try:
            document = parse_cached(request.document)
        except ConneXMLError as exc:
            problems = sorted([*exc.problems, *exc.warnings], key=lambda p: (p.line, p.column))
            self._put({"type": "problems", "problems": [p.as_dict() for p in problems]})
            return "problems"
        variables = {
            "CallSid": CALL_SID,
            "AccountSid": ACCOUNT_SID,
            "From": request.caller or DEFAULT_FROM,
            "To": request.called or DEFAULT_TO,
            "Direction": "inbound",
        }
        leg = LiveCallLeg(self.clock, dial=self.dial, variables=variables)
        leg.transcript.listeners.append(self._event)
        self.leg = leg
        call = CallContext(
            variables=variables,
            allow=request.allow,
            secret=request.secret,
            timezone=request.timezone,
            transcript=leg.transcript,
        )
        call.class5 = Class5(
            Bridges(self.clock), storage=request.storage, customer_id=request.customer
        )
        self._put({"type": "started", "at": self.clock.now().isoformat(), "pace": request.pace})
        for warning in document.warnings:
            leg.transcript.emit("warning", message=str(warning))
        try:
            async with asyncio.timeout(request.limit):
                await self.clock.run(run_document(document, leg, call=call))
        except TimeoutError:
            minutes = request.limit / 60
            await self._fail(leg, f"a live call lasts at most {minutes:g} minutes")
            return "limit"
        except Exception as exc:  # the call ends; the server goes on
            log.exception("live call failed")
            await self._fail(leg, f"the call failed: {exc}")
            return "error"
        return "hangup"

    async def _fail(self, leg: LiveCallLeg, message: str) -> None:
        leg.transcript.emit("error", message=message)
        await leg.hangup("normal_clearing")


class LiveCalls:
    """The live calls running in one server, counted per user (:data:`PER_USER` each)."""

    def __init__(self, per_user: int = PER_USER) -> None:
        self.per_user = per_user
        self._running: Counter[int] = Counter()

    @contextmanager
    def slot(self, user_id: int) -> Iterator[None]:
        """Hold one of the user's slots for the ``with`` block; ``Conflict`` when none is left."""
        if self._running[user_id] >= self.per_user:
            raise Conflict(
                f"you already have {self.per_user} live calls running; hang one up first"
            )
        self._running[user_id] += 1
        try:
            yield
        finally:
            self._running[user_id] -= 1
            if not self._running[user_id]:
                del self._running[user_id]

    def running(self, user_id: int) -> int:
        return self._running[user_id]
