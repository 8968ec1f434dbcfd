"""The host operations behind cxC5Server: a voice script's requests, done on its call leg.

Each op is registered in ScriptForge's op table (``c5.<name>``) and receives the call's id
first: it must be the id of the run's own call (``Scope.call``), so a script controls
only the call it runs on. Leg methods return at once once the call has ended, so an op on
a finished call is harmless; the script learns of it through ``ivr`` (``failed``),
``bridge`` (``canceled``) or ``waitForHangup``.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from scriptforge.host import OPS, ScriptHost, _arg, op
from scriptforge.sandbox import HostError
from telephony.calls.clock import VirtualClock
from telephony.calls.leg import CallLeg, DialTarget

__all__ = ["VOICE_OPS", "VoiceCall", "dial_target"]

ALL_KEYS = "0123456789*#"
#: ``scheme:address`` destinations; anything else is a number (or an extension).
_KINDS = {"sip": "sip", "sips": "sip", "client": "client", "user": "client", "tel": "number"}
_KINDS |= {"conference": "conference", "queue": "queue", "number": "number"}
_SCHEME = re.compile(r"^([a-z]+):(.+)$", re.IGNORECASE)


@dataclass
class VoiceCall:
    """One voice script's live call, as its host ops see it."""

    id: str
    leg: CallLeg
    #: Digits the caller's keypad may not pass on to a bridged party (``blockDtmf``).
    blocked_dtmf: str = ""
    answered: bool = False
    notes: list[str] = field(default_factory=list)

    def emit(self, event: str, **fields: Any) -> None:
        """A transcript event, if the leg keeps a transcript (the simulator's does)."""
        transcript = getattr(self.leg, "transcript", None)
        if transcript is not None:
            transcript.emit(event, **fields)


def dial_target(destination: str) -> DialTarget:
    """``sip:bob@example.com``, ``client:alice``, ``1001``, ``+441234567890``...

    >>> dial_target("sip:bob@example.com")
    DialTarget(kind='sip', address='sip:bob@example.com', options={})
    >>> dial_target("client:alice").kind, dial_target("441234").kind
    ('client', 'number')
    """
    text = destination.strip()
    if not text:
        raise HostError("bridge needs a destination")
    match = _SCHEME.match(text)
    kind = _KINDS.get(match.group(1).lower()) if match else None
    if match is None or kind is None:
        return DialTarget("number", text)
    return DialTarget(kind, text if kind == "sip" else match.group(2))


def _call(host: ScriptHost, args: list[Any]) -> VoiceCall:
    call = host.scope.call
    if not isinstance(call, VoiceCall):
        raise HostError("cxC5Server works only in a voice script on a call")
    if _arg(args, 0, str, "call id") != call.id:
        raise HostError(
            f"no live call {args[0]!r} for this script (use process.env.CORRELATION_ID)"
        )
    return call


def _seconds(args: list[Any], index: int, name: str, default: float) -> float:
    value = float(_arg(args, index, (int, float), name, default))
    if not 0 <= value <= 24 * 3600:
        raise HostError(f"{name} must be seconds between 0 and 86400")
    return value


def _keys(value: str, name: str) -> str:
    bad = sorted(set(value) - set(ALL_KEYS))
    if bad:
        raise HostError(f"{name}: not a DTMF key: {''.join(bad)!r}")
    return value


async def _prompt(call: VoiceCall, source: str, interrupt: str = "") -> str:
    """Play ``source`` (``tts:`` text is spoken); returns the key that cut it short."""
    if source.startswith("tts:"):
        return await call.leg.say(source[4:].strip(), interrupt_digits=interrupt)
    return await call.leg.play(source, interrupt_digits=interrupt)


@op("c5.answer")
async def _answer(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    await call.leg.answer()
    call.answered = True
    return True


@op("c5.hangup")
async def _hangup(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    await call.leg.hangup(_arg(args, 1, str, "cause", "normal_clearing") or "normal_clearing")
    return True


@op("c5.say")
async def _say(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    options = _arg(args, 2, dict, "options", {})
    loop = options.get("loop", 1)
    if not isinstance(loop, int) or isinstance(loop, bool) or not 0 <= loop <= 1000:
        raise HostError("tts loop must be an integer from 0 to 1000")
    await call.leg.say(
        _arg(args, 1, str, "text"),
        voice=str(options.get("voice") or ""),
        language=str(options.get("language") or ""),
        loop=loop,
    )
    return True


@op("c5.play")
async def _play(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    loop = _arg(args, 2, dict, "options", {}).get("loop", 1)
    if not isinstance(loop, int) or isinstance(loop, bool) or not 0 <= loop <= 1000:
        raise HostError("play loop must be an integer from 0 to 1000")
    source = _arg(args, 1, str, "file")
    if source.startswith("tts:"):
        await call.leg.say(source[4:].strip(), loop=loop)
    else:
        await call.leg.play(source, loop=loop)
    return True


@op("c5.gather")
async def _gather(host: ScriptHost, args: list[Any]) -> Any:
    """One ``ivr`` attempt: the prompt (any key cuts it), then the collection."""
    call = _call(host, args)
    source = _arg(args, 1, str, "file", "")
    timeout = _seconds(args, 2, "timeout", 5)
    low = int(_arg(args, 3, (int, float), "min", 1))
    high = int(_arg(args, 4, (int, float), "max", 1))
    if not 1 <= low <= high <= 128:
        raise HostError("ivr needs 1 <= min <= max <= 128")
    finish = _keys(_arg(args, 5, str, "terminators", "#"), "terminators")
    first = await _prompt(call, source, ALL_KEYS) if source else ""
    if first and first in finish:  # a terminator during the prompt: an empty entry
        first = ""
    got = await call.leg.collect(
        min_digits=low, max_digits=high, timeout=timeout, finish_on_key=finish, first_digit=first
    )
    return {"digits": got.digits, "reason": got.reason.value}


@op("c5.collect")
async def _collect(host: ScriptHost, args: list[Any]) -> Any:
    """``waitFor(match)``: keys until the caller stops pressing (or ``timeout``)."""
    call = _call(host, args)
    got = await call.leg.collect(
        min_digits=1, max_digits=128, timeout=_seconds(args, 1, "timeout", 60), finish_on_key=""
    )
    return {"digits": got.digits, "reason": got.reason.value}


@op("c5.bridge")
async def _bridge(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    target = dial_target(_arg(args, 1, str, "destination"))
    options = _arg(args, 2, dict, "options", {})
    timeout = options.get("timeout", 30)
    if not isinstance(timeout, int | float) or isinstance(timeout, bool) or not 0 < timeout <= 600:
        raise HostError("bridge timeout must be seconds from 1 to 600")
    result = await call.leg.bridge(
        [target],
        timeout=float(timeout),
        caller_id=str(options.get("callerId") or ""),
        caller_name=str(options.get("callerName") or ""),
    )
    return {
        "status": result.status.value,
        "answered": result.answered.address if result.answered else None,
        "duration": round(result.duration, 3),
    }


@op("c5.echo")
async def _echo(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    seconds = _seconds(args, 1, "seconds", 0) if len(args) > 1 and args[1] is not None else None
    await call.leg.echo(seconds)
    return True


@op("c5.pause")
async def _pause(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    await call.leg.pause(_seconds(args, 1, "seconds", 0))
    return True


@op("c5.timer")
async def _timer(host: ScriptHost, args: list[Any]) -> Any:
    """``sleep(ms)`` / ``setTimeout`` in a voice run: silent time on the call's clock."""
    call = host.scope.call
    if not isinstance(call, VoiceCall):
        raise HostError("c5.timer works only in a voice script on a call")
    seconds = min(max(0.0, float(_arg(args, 0, (int, float), "ms", 0))), 86_400_000.0) / 1000
    clock = getattr(call.leg, "clock", None)
    if isinstance(clock, VirtualClock):
        await clock.sleep(seconds)
    else:
        await asyncio.sleep(seconds)
    return None


@op("c5.block_dtmf")
async def _block_dtmf(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    call.blocked_dtmf = _keys(_arg(args, 1, str, "digits", ""), "blockDtmf")
    return call.blocked_dtmf


@op("c5.get")
async def _get(host: ScriptHost, args: list[Any]) -> Any:
    return _call(host, args).leg.variables.get(_arg(args, 1, str, "name"))


@op("c5.set")
async def _set(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    name, value = _arg(args, 1, str, "name"), _arg(args, 2, str, "value", "")
    call.leg.variables[name] = value
    call.emit("set", name=name, value=value)
    return True


@op("c5.header")
async def _header(host: ScriptHost, args: list[Any]) -> Any:
    """``header(name)`` reads the call's SIP header; ``header(name, value)`` sets one for
    the next outbound leg (as ``<Set header="true">``)."""
    call = _call(host, args)
    name = _arg(args, 1, str, "name")
    value = _arg(args, 2, str, "value", None)
    if value is None:
        found = call.leg.headers.get(name)
        return found if found is not None else call.leg.variables.get(f"sip_h_{name}")
    call.leg.headers[name] = value
    call.emit("set", name=name, value=value, header=True)
    return value


@op("c5.record")
async def _record(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    options = _arg(args, 1, dict, "options", {})
    max_length = options.get("maxLength", 3600)
    timeout = options.get("timeout", 5)
    for name, value in (("maxLength", max_length), ("timeout", timeout)):
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 14400:
            raise HostError(f"record {name} must be seconds from 0 to 14400")
    recording = await call.leg.record(
        max_length=float(max_length) or 3600.0,
        finish_on_key=_keys(str(options.get("finishOnKey", "1234567890*#")), "finishOnKey"),
        play_beep=bool(options.get("playBeep", True)),
        timeout=float(timeout),
    )
    return {
        "url": recording.location,
        "seconds": round(recording.seconds, 3),
        "finished_by": recording.finished_by,
    }


@op("c5.wait_hangup")
async def _wait_hangup(host: ScriptHost, args: list[Any]) -> Any:
    await _call(host, args).leg.hung_up.wait()
    return True


@op("c5.log")
async def _log(host: ScriptHost, args: list[Any]) -> Any:
    call = _call(host, args)
    message = _arg(args, 1, str, "message")[:2000]
    call.notes.append(message)
    call.emit("log", message=message)
    return True


#: The op names cxC5Server uses (each ``c5.<name>`` in ScriptForge's op table).
VOICE_OPS = tuple(sorted(name for name in OPS if name.startswith("c5.")))
