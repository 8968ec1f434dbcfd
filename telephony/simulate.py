"""One simulated call, as ``trunkline connexml simulate``, ``POST /api/v1/connexml/simulate``
and the IDE's simulator panel run it: build the virtual clock, the scripted leg and the
call's context, run a document (or a DID's destination, or a voice script) to the end and
return the transcript.

What each caller decides is in :class:`SimulationRequest`: the CLI allows webhooks to any
host (``allow=None``); the server allows none for a pasted document (``allow=()``: its
webhook verbs end with a ``not_allowed`` error) and, for a DID, each ConneXML app's own
allow-list as the call enters it.

>>> import asyncio
>>> result = asyncio.run(simulate(SimulationRequest(
...     document="<Response><Gather numDigits='1'><Say>Pick</Say></Gather></Response>",
...     digits="7", at="2026-01-05T09:00:00Z")))
>>> result.transcript.brief()
['answer', 'say:Pick', 'gather:7', 'hangup:normal_clearing']

Bad input (digits, dial result, time, zone) is a :class:`~runtime.errors.ValidationFailed`
naming the field; a document with errors is not run: ``problems`` lists them (``LINE:COL``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from runtime.errors import ValidationFailed
from telephony.calls.clock import ClockStalled, VirtualClock
from telephony.calls.simulated import CallerScript, DialScript, Media, SimulatedCallLeg
from telephony.calls.transcript import Event, Transcript
from telephony.class5.bridges import Bridges, Class5
from telephony.connexml.interpreter import CallContext
from telephony.connexml.nodes import ConneXMLError, Problem, Severity

__all__ = ["Simulation", "SimulationRequest", "simulate"]

DEFAULT_FROM = "+15550100001"
DEFAULT_TO = "+15550100002"
CALL_SID = "CA" + "0" * 32
ACCOUNT_SID = "AC" + "0" * 32
STALLED = "the call waits for something that never comes (give the caller a hang-up time)"


@dataclass(frozen=True)
class SimulationRequest:
    """What to simulate: exactly one of ``document``, ``did`` and ``script``."""

    #: ConneXML text.
    document: str | bytes | None = None
    #: A DID number: its destination, chosen at ``at`` (needs the database).
    did: str | None = None
    #: The JavaScript of a voice script.
    script: str | None = None
    script_name: str = "script.js"
    #: ``"1,,23#"``: the caller's keys per collection ("" = none, a time-out).
    digits: str = ""
    #: What dialled parties do: answered, busy, no-answer, failed (``dial`` overrides it).
    dial_result: str = "answered"
    dial: DialScript | None = None
    hangup_at: float | None = None
    #: ``"8#,3"``: the caller's recordings (seconds of speech, then a key or silence).
    takes: str = ""
    caller: str = ""
    called: str = ""
    variables: Mapping[str, str] = field(default_factory=dict)
    #: ISO 8601 start of the virtual clock (no offset: in ``timezone``); None: now.
    at: str | None = None
    #: The zone for Conditions (and DID alternatives) without ``timezone``.
    timezone: str = "UTC"
    #: Webhook hosts allowed (fnmatch patterns); None: any host, loopback included.
    allow: Sequence[str] | None = None
    media: Media | None = None
    client: httpx.AsyncClient | None = None
    #: Where voicemail recordings left during the call are stored (the data directory).
    storage: Path | None = None
    #: The document's own URL: its relative action and Redirect URLs resolve against it.
    url: str = ""
    #: Whose queues, rooms and voicemail boxes a pasted document uses (a DID brings its own).
    customer: int | None = None
    #: A data directory where ``<Play>`` finds the built-in ``ivr/`` prompts and the
    #: customer's ``user/`` uploads (the DID's customer once routed); unused with ``media``.
    audio: Path | None = None
    #: Let a pasted document reach internal targets (``app:...`` of ``customer``,
    #: ``scriptforge:...``): needs the database.
    internal_targets: bool = False


@dataclass
class Simulation:
    """The outcome: the transcript (None when the document was not run) and the document's
    problems (errors stop the run; warnings do not)."""

    transcript: Transcript | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def events(self) -> list[Event]:
        return list(self.transcript) if self.transcript is not None else []

    @property
    def failed(self) -> bool:
        """The document had errors and did not run."""
        return any(p.severity is Severity.ERROR for p in self.problems)


def _invalid(path: str, message: str) -> ValidationFailed:
    return ValidationFailed.field(path, message)


def _prepare(
    request: SimulationRequest,
) -> tuple[VirtualClock, CallerScript, DialScript, str]:
    given = [n for n in ("document", "did", "script") if getattr(request, n) is not None]
    if len(given) != 1:
        raise _invalid("document", "give exactly one of a document, a DID or a voice script")
    try:
        ZoneInfo(request.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _invalid("tz", f"unknown time zone {request.timezone!r}") from None
    try:
        caller = CallerScript.parse(
            request.digits, hangup_at=request.hangup_at, takes=request.takes
        )
    except ValueError as exc:
        raise _invalid("digits" if "hangup" not in str(exc) else "hangup_at", str(exc)) from None
    try:
        dial = request.dial or DialScript.parse(request.dial_result)
    except ValueError as exc:
        raise _invalid("dial_result", str(exc)) from None
    if request.at is None:
        clock = VirtualClock(datetime.now(UTC))
    else:
        try:
            clock = VirtualClock.from_iso(request.at, zone=ZoneInfo(request.timezone))
        except ValueError:
            raise _invalid("at", f"{request.at!r} is not an ISO 8601 time") from None
    return clock, caller, dial, request.timezone


async def simulate(request: SimulationRequest) -> Simulation:
    """Run one simulated call to its end; see the module docstring."""
    clock, caller, dial, zone = _prepare(request)
    problems: list[Problem] = []
    document = None
    if request.document is not None:
        from telephony.connexml.parser import parse_cached

        try:
            document = parse_cached(request.document)
        except ConneXMLError as exc:
            return Simulation(None, sorted([*exc.problems, *exc.warnings], key=_where))
        problems = list(document.warnings)
    called = request.called or ("+" + request.did.lstrip("+") if request.did else DEFAULT_TO)
    variables = {
        "CallSid": CALL_SID,
        "AccountSid": ACCOUNT_SID,
        "From": request.caller or DEFAULT_FROM,
        "To": called,
        "Direction": "inbound",
        **request.variables,
    }
    media = request.media
    if media is None and request.audio is not None and request.did is None:
        from telephony.media import media_for

        media = await media_for(request.audio, request.customer)
    leg = SimulatedCallLeg(clock, caller=caller, dial=dial, variables=variables, media=media)
    call = CallContext(
        variables=variables,
        client=request.client,
        allow=request.allow,
        timezone=zone,
        transcript=leg.transcript,
        url=request.url,
    )
    # Queues and conference rooms live for this one simulation (this call is their only
    # caller); a DID's customer brings its queue settings and voicemail boxes.
    class5 = Class5(Bridges(clock), storage=request.storage, customer_id=request.customer)
    call.class5 = class5
    if document is not None:
        from telephony.connexml.interpreter import run_document

        if request.internal_targets:
            from telephony.class5.routing import Router

            call.resolver = Router(request.customer, call, request.allow is None).resolve
        coro = run_document(document, leg, call=call)
    elif request.did is not None:
        from telephony.class5 import routing

        routed = await routing.route(
            request.did, call, clock.now(), keep_allow=request.allow is None
        )
        class5.customer_id = routed.did.customer_id  # type: ignore[attr-defined]
        if media is None and request.audio is not None:
            from telephony.media import media_for

            leg.media = await media_for(request.audio, class5.customer_id)
        coro = routing.run_did(routed, leg, call)
    else:
        coro = _run_script(request, leg, call)
    try:
        await clock.run(coro)
    except ClockStalled:
        # e.g. <Echo/> with nobody to hang up: a real caller would, some day.
        leg.transcript.emit("error", message=STALLED)
        if not leg.hung_up.is_set():
            await leg.hangup("normal_clearing")
    return Simulation(leg.transcript, problems)


async def _run_script(request: SimulationRequest, leg: SimulatedCallLeg, call: CallContext) -> None:
    from telephony.class5.routing import VoiceScript, voice_script_runner

    runner = voice_script_runner()
    if runner is None:
        leg.transcript.emit("error", message="voice scripts cannot run yet")
        await leg.hangup("normal_clearing")
        return
    await runner(VoiceScript(request.script or "", request.script_name), leg, call)
    if not leg.hung_up.is_set():
        await leg.hangup("normal_clearing")


def _where(problem: Problem) -> tuple[int, int]:
    return problem.line, problem.column


def events_json(simulation: Simulation) -> dict[str, Any]:
    """The REST body: ``{"events": [...], "problems": [{line, column, message, severity}]}``."""
    return {
        "events": simulation.events,
        "problems": [p.as_dict() for p in simulation.problems],
    }
