"""The simulated call leg: a scripted caller and scripted far ends, on a virtual clock.

:class:`SimulatedCallLeg` implements :class:`~telephony.calls.leg.CallLeg` for tests, the IDE
simulator and ``trunkline connexml simulate``. It never sleeps: every method advances the
shared :class:`~telephony.calls.clock.VirtualClock` and writes the
:class:`~telephony.calls.transcript.Transcript` (its module documents the event schema).

Virtual time per method:

- ``say``: 0.4 s per word (whitespace-separated), times ``loop``.
- ``play``: ``http(s)://`` sources 5 s (their length is unknown); anything else (``user/...``,
  ``ivr/...``) goes through the :class:`Media` resolver to a WAV file whose real length is read
  from its header; a source that does not resolve is an ``error`` event and takes no time.
  ``loop=0`` ("until interrupted") stops after 1,000 rounds, Twilio's cap.
- ``pause`` and ``echo``: their length (``echo()`` without one: until the call ends).
- ``send_dtmf``: 0.2 s a digit, ``w`` 0.5 s, ``W`` 1 s.
- ``collect``, ``record``, ``bridge``: as the caller and dial scripts below decide.
- ``answer``, ``hangup``, ``reject``: no time.

**The caller** (:class:`CallerScript`) gives one :class:`CallerInput` per digit collection,
in order (``CallerScript.parse("1,,23#")``: "1", nothing, "23#"); a collection past the
last input gets none. By default the caller waits for the collection's prompts to end:
``collect`` starts, and the input's digits arrive at once and then 0.2 s apart. Digits left
after the collection ends (after a finish key or max digits) are lost.

*Barge-in*: an input with ``barge_in=S`` (``"12@1.5"``) presses its first digit ``S`` seconds
into the prompts that this digit may interrupt, counted over every ``say``/``play`` since the
previous collection whose ``interrupt_digits`` contain it. That prompt stops there and
returns the digit: the digit is **consumed by the interrupt** and belongs to whoever asked
for it (the interpreter passes it to ``collect(first_digit=...)``, as ``<Gather>`` does); the
input's other digits come 0.2 s apart after it, in the next ``collect``. Prompts that do not
allow the digit play in full. So ``<Gather><Say>..</Say></Gather>`` with input ``"1"`` plays
the prompt, then gathers "1"; with ``"1@0"`` it cuts the prompt at its start and gathers "1".

*Hang-up*: ``hangup_at`` seconds after the leg is created, the caller hangs up: a ``hangup``
event (cause ``normal_clearing``, by ``caller``), ``hung_up`` is set, the method in progress
returns at once with what it has, and later media methods return at once and emit nothing.

**Recordings** follow the caller's :class:`RecordTake` (default: 5 s of speech, then
silence): a finish key ends one at once (``finished_by``); otherwise it ends after
``timeout`` seconds of silence (0: no silence detection) or at ``max_length``. Its
``seconds`` leave out the trailing silence, as Twilio's default trim does; the beep takes no
time. With ``recordings=DIR`` each is written there as a silent WAV of that length (so a
later call can play it back); else its location is ``recordings/<CallSid>-<n>.wav``.

**Collections** end with ``max_digits`` (the last digit reached max_digits), ``finish_key`` (a
key of ``finish_on_key``, not part of the digits), ``digits`` (at least ``min_digits`` and then
``timeout`` seconds without a key), ``timeout`` (``timeout`` seconds without a key, fewer than
``min_digits`` or none: the digits so far) or ``hangup``. ``timeout`` runs from the start and
again after each digit.

**Dialled parties** (:class:`DialScript`) answer per address or by default: ``answered`` after
``after`` seconds of ringing (default 5), then talk ``talk`` seconds (default 30) and hang up;
``busy`` (after 2 s), ``failed`` (at once) or ``no-answer``. ``bridge`` rings every target at
once: the earliest to answer within ``timeout`` wins (``completed``, duration = talk time);
if every target is busy or failed, ``busy`` (any busy) or ``failed``; otherwise
``no-answer`` after ``timeout`` seconds. If the caller hangs up while it rings: ``canceled``;
while bridged: ``completed`` with the time talked. Ring tone, caller name and
``hangup_on_star`` change nothing in the simulation; ``caller_id`` is shown in the event.

**Streams** (``start_stream``) send one 20 ms frame per 20 ms of call time while open:
``stream`` events at the start (``started``) and when ``stop_stream`` or the end of the call
stops them (``stopped``, with ``frames``), just before the ``hangup``.

Several legs may share one clock and one transcript (give each a ``name``: its events carry
``leg``); see :mod:`telephony.calls.clock` for how their tasks must wait for each other.

**A live caller** (:class:`LiveCallLeg`, the simulator panel's call): no script; keys and the
hang-up are pushed in as the user acts, usually on a clock paced to real time.
"""

from __future__ import annotations

import math
import wave
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from telephony.calls.clock import ClockEvent, Timer, VirtualClock
from telephony.calls.leg import (
    BridgeResult,
    Collected,
    CollectEnd,
    DialStatus,
    DialTarget,
    Recording,
)
from telephony.calls.transcript import Transcript

__all__ = [
    "CallerInput",
    "CallerScript",
    "DialAnswer",
    "DialOutcome",
    "DialScript",
    "LiveCallLeg",
    "Media",
    "RecordTake",
    "SimulatedCallLeg",
    "directory_resolver",
]

SECONDS_PER_WORD = 0.4
REMOTE_SECONDS = 5.0
DIGIT_GAP = 0.2
LOOP_CAP = 1000
DTMF_KEYS = frozenset("0123456789*#ABCD")
_SEND_DTMF_SECONDS = {"w": 0.5, "W": 1.0}

#: Maps a source (``user/x.wav``, ``ivr/welcome.wav``) to a local file, or None if unknown.
Resolver = Callable[[str], Path | None]


# -- the caller's script ------------------------------------------------------------------


@dataclass(frozen=True)
class CallerInput:
    """The caller's keys for one digit collection."""

    digits: str = ""
    #: Seconds into the collection's interruptible prompts at which the first digit is
    #: pressed (barge-in); None: once the prompts are over.
    barge_in: float | None = None

    def __post_init__(self) -> None:
        bad = sorted(set(self.digits) - DTMF_KEYS)
        if bad:
            raise ValueError(f"not a DTMF key: {''.join(bad)!r} in {self.digits!r}")
        if self.barge_in is not None and not (math.isfinite(self.barge_in) and self.barge_in >= 0):
            raise ValueError(f"barge-in must be seconds >= 0, not {self.barge_in}")


@dataclass(frozen=True)
class RecordTake:
    """What the caller does during one recording: talk ``speech`` seconds, then press
    ``key`` (which ends the recording if it is a finish key) or fall silent."""

    speech: float = 5.0
    key: str = ""

    def __post_init__(self) -> None:
        if not (math.isfinite(self.speech) and self.speech >= 0):
            raise ValueError(f"a recording's speech must be seconds >= 0, not {self.speech}")
        if self.key and (len(self.key) != 1 or self.key not in DTMF_KEYS):
            raise ValueError(f"a recording ends with one DTMF key, not {self.key!r}")


@dataclass(frozen=True)
class CallerScript:
    """The simulated caller: keys per collection, recordings, and when they hang up."""

    inputs: tuple[CallerInput, ...] = ()
    #: Seconds after the leg is created; None: the caller stays on the line.
    hangup_at: float | None = None
    #: One per ``record``, in order; past the last, the default take (5 s, then silence).
    takes: tuple[RecordTake, ...] = ()

    @classmethod
    def parse(
        cls, digits: str = "", *, hangup_at: float | None = None, takes: str = ""
    ) -> CallerScript:
        """From the CLI: ``--digits "1,,23#,9@0.5"`` and ``--hangup-at``; ``takes`` like
        ``"8#,3"`` (8 s then ``#``; 3 s then silence).

        >>> CallerScript.parse("1,,23#").inputs[1]
        CallerInput(digits='', barge_in=None)
        """
        inputs = []
        for part in digits.split(",") if digits else []:
            keys, at, when = part.strip().partition("@")
            try:
                barge = float(when) if at else None
            except ValueError:
                raise ValueError(f"--digits {part!r}: barge-in after '@' must be seconds") from None
            inputs.append(CallerInput(keys, barge))
        parsed_takes = []
        for part in takes.split(",") if takes else []:
            text = part.strip()
            key = text[-1] if text and not (text[-1].isdigit() or text[-1] == ".") else ""
            number = text[: len(text) - len(key)]
            try:
                parsed_takes.append(RecordTake(float(number), key))
            except ValueError:
                raise ValueError(f"recording {part!r}: expected SECONDS[KEY], e.g. 8#") from None
        if hangup_at is not None and not (math.isfinite(hangup_at) and hangup_at >= 0):
            raise ValueError(f"--hangup-at must be seconds >= 0, not {hangup_at}")
        return cls(tuple(inputs), hangup_at, tuple(parsed_takes))


# -- dialled parties ----------------------------------------------------------------------


class DialOutcome(StrEnum):
    """What a dialled party does (``--dial-result``)."""

    ANSWERED = "answered"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"


_DEFAULT_RING = {
    DialOutcome.ANSWERED: 5.0,
    DialOutcome.BUSY: 2.0,
    DialOutcome.FAILED: 0.0,
    DialOutcome.NO_ANSWER: math.inf,
}


_GIVES_UP = (DialOutcome.BUSY, DialOutcome.FAILED)


@dataclass(frozen=True)
class DialAnswer:
    """One dialled party's behaviour."""

    outcome: DialOutcome = DialOutcome.ANSWERED
    #: Seconds of ringing before the outcome; None: 5 (answered), 2 (busy), 0 (failed).
    after: float | None = None
    #: Seconds the bridged call lasts if answered (then the far end hangs up).
    talk: float = 30.0

    def __post_init__(self) -> None:
        for name in ("after", "talk"):
            value = getattr(self, name)
            if value is not None and not (math.isfinite(value) and value >= 0):
                raise ValueError(f"dial {name} must be seconds >= 0, not {value}")

    @property
    def ring(self) -> float:
        if self.outcome is DialOutcome.NO_ANSWER:
            return math.inf
        return _DEFAULT_RING[self.outcome] if self.after is None else self.after


@dataclass(frozen=True)
class DialScript:
    """How dialled parties answer: per address, else ``default``."""

    default: DialAnswer = DialAnswer()
    targets: Mapping[str, DialAnswer] = field(default_factory=dict)

    @classmethod
    def parse(cls, result: str = "answered") -> DialScript:
        """From ``--dial-result answered|busy|no-answer|failed``."""
        try:
            outcome = DialOutcome(result)
        except ValueError:
            choices = "|".join(o.value for o in DialOutcome)
            raise ValueError(f"--dial-result must be {choices}, not {result!r}") from None
        return cls(DialAnswer(outcome))

    def answer_for(self, target: DialTarget) -> DialAnswer:
        return self.targets.get(target.address, self.default)


# -- media lengths ------------------------------------------------------------------------


def directory_resolver(root: Path) -> Resolver:
    """Resolve sources as paths under ``root`` (``user/...``, ``ivr/...``), never outside it."""
    base = root.resolve()

    def resolve(source: str) -> Path | None:
        path = (base / source).resolve()
        return path if path.is_relative_to(base) and path.is_file() else None

    return resolve


class Media:
    """Lengths of media on the virtual clock; share one between legs (it caches WAV headers)."""

    def __init__(self, resolver: Resolver | None = None) -> None:
        self.resolver = resolver
        self._lengths: dict[str, float] = {}

    def say_seconds(self, text: str) -> float:
        return SECONDS_PER_WORD * len(text.split())

    def play_seconds(self, source: str) -> float:
        """The length of one round of ``source``; ``LookupError`` naming the problem."""
        if source.startswith(("http://", "https://")):
            return REMOTE_SECONDS
        cached = self._lengths.get(source)
        if cached is not None:
            return cached
        path = self.resolver(source) if self.resolver else None
        if path is None:
            raise LookupError(f"audio file not found: {source}")
        try:
            with wave.open(str(path), "rb") as audio:
                seconds = audio.getnframes() / audio.getframerate()
        except (wave.Error, EOFError, OSError) as exc:
            raise LookupError(f"not a WAV file: {source} ({exc})") from None
        self._lengths[source] = seconds
        return seconds


# -- the leg ------------------------------------------------------------------------------


class SimulatedCallLeg:
    """A :class:`~telephony.calls.leg.CallLeg` driven by scripts on a virtual clock."""

    def __init__(
        self,
        clock: VirtualClock,
        *,
        caller: CallerScript | None = None,
        dial: DialScript | None = None,
        variables: Mapping[str, str] | None = None,
        transcript: Transcript | None = None,
        media: Media | None = None,
        name: str = "",
        recordings: Path | None = None,
    ) -> None:
        self.clock = clock
        self.caller = caller or CallerScript()
        self.dial = dial or DialScript()
        self.variables: dict[str, str] = dict(variables or {})
        self.headers: dict[str, str] = {}
        self.transcript = transcript if transcript is not None else Transcript(clock)
        self.media = media or Media()
        self.name = name
        #: If set, recordings are written there as silent WAV files of their length.
        self.recordings = recordings
        self.hung_up: ClockEvent = clock.event()
        self.answered = False
        #: Who ended the call (``caller`` or ``app``) and why, once it has ended.
        self.ended_by = ""
        self.cause = ""
        self._next_input = 0
        self._first_consumed = False  # the pending input's first digit went to a prompt
        self._prompt_seconds = 0.0  # interruptible prompt time since the last collection
        self._next_take = 0
        self._hangup_timer: Timer | None = None
        self._streams: dict[str, tuple[str, int]] = {}  # name -> (url, start in us)
        if self.caller.hangup_at is not None:
            self._hangup_timer = clock.call_later(self.caller.hangup_at, self._caller_hangs_up)

    def now(self) -> datetime:
        return self.clock.now()

    def _emit(self, event: str, **fields: Any) -> None:
        if self.name:
            fields["leg"] = self.name
        self.transcript.emit(event, **fields)

    async def _wait(self, seconds: float | None) -> bool:
        """Let ``seconds`` of call time pass (None: until the call ends); True if it ended."""
        if seconds is not None and seconds <= 0:
            return self.hung_up.is_set()
        return await self.hung_up.wait_for(seconds)

    # -- call control ---------------------------------------------------------------------

    async def answer(self) -> None:
        if self.answered or self.hung_up.is_set():
            return
        self.answered = True
        self._emit("answer")

    async def hangup(self, cause: str = "normal_clearing") -> None:
        self._end("app", cause, "hangup", {"cause": cause, "by": "app"})

    async def reject(self, reason: str = "rejected") -> None:
        self._end("app", reason, "reject", {"reason": reason})

    def _caller_hangs_up(self) -> None:
        cause = "normal_clearing"
        self._end("caller", cause, "hangup", {"cause": cause, "by": "caller"})

    def _end(self, ended_by: str, cause: str, event: str, fields: dict[str, str]) -> None:
        if self.hung_up.is_set():
            return
        self.ended_by, self.cause = ended_by, cause
        if self._hangup_timer is not None:
            self._hangup_timer.cancel()
        self._close_streams(list(self._streams))
        self._emit(event, **fields)
        self.hung_up.set()

    # -- prompts --------------------------------------------------------------------------

    async def say(
        self,
        text: str,
        *,
        voice: str = "",
        language: str = "",
        loop: int = 1,
        interrupt_digits: str = "",
    ) -> str:
        if self.hung_up.is_set():
            return ""
        fields: dict[str, Any] = {"text": text}
        if voice:
            fields["voice"] = voice
        if language:
            fields["language"] = language
        return await self._prompt(
            "say", fields, self.media.say_seconds(text), loop, interrupt_digits
        )

    async def play(self, source: str, *, loop: int = 1, interrupt_digits: str = "") -> str:
        if self.hung_up.is_set():
            return ""
        try:
            seconds = self.media.play_seconds(source)
        except LookupError as exc:
            self._emit("error", message=str(exc))
            return ""
        return await self._prompt("play", {"source": source}, seconds, loop, interrupt_digits)

    async def _prompt(
        self, event: str, fields: dict[str, Any], seconds: float, loop: int, interrupt: str
    ) -> str:
        if loop != 1:
            fields["loop"] = loop
        self._emit(event, **fields)
        total = seconds * (loop if loop > 0 else LOOP_CAP)
        digit = self._barge_in_digit(interrupt)
        if digit:
            pending = self.caller.inputs[self._next_input]
            assert pending.barge_in is not None
            at = max(0.0, pending.barge_in - self._prompt_seconds)
            if at < total:
                if await self._wait(at):
                    return ""
                self._first_consumed = True
                self._prompt_seconds = 0.0
                return digit
            self._prompt_seconds += total
        await self._wait(total)
        return ""

    def _barge_in_digit(self, interrupt: str) -> str:
        """The digit the caller will press during this prompt, if it may interrupt it."""
        if self._first_consumed or self._next_input >= len(self.caller.inputs):
            return ""
        pending = self.caller.inputs[self._next_input]
        if pending.barge_in is None or not pending.digits or pending.digits[0] not in interrupt:
            return ""
        return pending.digits[0]

    async def pause(self, seconds: float, *, interrupt_digits: str = "") -> str:
        if self.hung_up.is_set():
            return ""
        return await self._prompt("pause", {"seconds": seconds}, seconds, 1, interrupt_digits)

    async def echo(self, seconds: float | None = None) -> None:
        if self.hung_up.is_set():
            return
        if seconds is None:
            self._emit("echo")
        else:
            self._emit("echo", seconds=seconds)
        await self._wait(seconds)

    async def send_dtmf(self, digits: str) -> None:
        bad = sorted(set(digits) - DTMF_KEYS - set(_SEND_DTMF_SECONDS))
        if bad:
            raise ValueError(f"not a DTMF key or pause: {''.join(bad)!r} in {digits!r}")
        if self.hung_up.is_set():
            return
        self._emit("dtmf", digits=digits)
        await self._wait(sum(_SEND_DTMF_SECONDS.get(d, DIGIT_GAP) for d in digits))

    # -- streams --------------------------------------------------------------------------

    async def start_stream(
        self,
        name: str,
        url: str,
        *,
        track: str = "mono",
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        if name in self._streams:
            raise ValueError(f"a stream named {name!r} is already open")
        if self.hung_up.is_set():
            return
        self._streams[name] = (url, round(self.clock.elapsed * 1_000_000))
        self._emit(
            "stream", status="started", name=name, url=url, track=track,
            parameters=dict(parameters or {}),
        )  # fmt: skip

    async def stop_stream(self, name: str = "") -> list[str]:
        names = [n for n in self._streams if not name or n == name]
        self._close_streams(names)
        return names

    def _close_streams(self, names: list[str]) -> None:
        now = round(self.clock.elapsed * 1_000_000)
        for name in names:
            url, start = self._streams.pop(name)
            frames = (now - start) // 20_000
            self._emit("stream", status="stopped", name=name, url=url, frames=frames)

    # -- digits ---------------------------------------------------------------------------

    async def collect(
        self,
        *,
        min_digits: int = 1,
        max_digits: int = 128,
        timeout: float = 5.0,  # noqa: ASYNC109 - virtual seconds
        finish_on_key: str = "#",
        first_digit: str = "",
    ) -> Collected:
        if self.hung_up.is_set():
            return Collected("", CollectEnd.HANGUP)
        keys = self._take_input()
        digits = ""
        # The keys still to come, as (seconds after the start of the collection, key).
        if first_digit:
            presses = [(DIGIT_GAP * i, d) for i, d in enumerate(keys, start=1)]
            presses.insert(0, (0.0, first_digit))
        else:
            presses = [(DIGIT_GAP * i, d) for i, d in enumerate(keys)]
        last = 0.0  # when the wait for the next key started
        reason = CollectEnd.TIMEOUT
        for at, key in presses:
            if at - last > timeout:
                break  # the caller was too slow for this key: the wait below ends it
            if await self._wait(at - last):
                return self._gathered(digits, CollectEnd.HANGUP)
            last = at
            if key in finish_on_key:
                return self._gathered(digits, CollectEnd.FINISH_KEY)
            digits += key
            if len(digits) >= max_digits:
                return self._gathered(digits, CollectEnd.MAX_DIGITS)
        if await self._wait(timeout):  # measured from the last key (or the start)
            return self._gathered(digits, CollectEnd.HANGUP)
        if digits and len(digits) >= min_digits:
            reason = CollectEnd.DIGITS
        return self._gathered(digits, reason)

    def _take_input(self) -> str:
        """The pending input's keys not yet pressed; moves on to the next input."""
        self._prompt_seconds = 0.0
        if self._next_input >= len(self.caller.inputs):
            return ""
        keys = self.caller.inputs[self._next_input].digits
        if self._first_consumed:
            keys = keys[1:]
        self._next_input += 1
        self._first_consumed = False
        return keys

    def _gathered(self, digits: str, reason: CollectEnd) -> Collected:
        self._emit("gather", digits=digits, reason=reason.value)
        return Collected(digits, reason)

    # -- recording ------------------------------------------------------------------------

    async def record(
        self,
        *,
        max_length: float = 3600.0,
        finish_on_key: str = "1234567890*#",
        play_beep: bool = True,
        timeout: float = 5.0,  # noqa: ASYNC109 - virtual seconds of silence
    ) -> Recording:
        if self.hung_up.is_set():
            return Recording("", 0.0)
        takes = self.caller.takes
        take = takes[self._next_take] if self._next_take < len(takes) else RecordTake()
        self._next_take += 1
        key = take.key if take.key and take.key in finish_on_key else ""
        finished_by = ""
        if take.speech >= max_length:
            ends, seconds = max_length, max_length
        elif key:
            ends, seconds, finished_by = take.speech, take.speech, key
        elif timeout > 0:
            # Trailing silence is trimmed from the recording, as Twilio's default does.
            ends, seconds = min(take.speech + timeout, max_length), take.speech
        else:
            ends, seconds = max_length, take.speech
        start = self.clock.elapsed
        if await self._wait(ends):
            seconds, finished_by = min(seconds, self.clock.elapsed - start), ""
        location = self._store_recording(seconds)
        fields: dict[str, Any] = {"url": location, "seconds": round(seconds, 3)}
        if finished_by:
            fields["finished_by"] = finished_by
        self._emit("record", **fields)
        return Recording(location, seconds, finished_by)

    def _store_recording(self, seconds: float) -> str:
        sid = self.variables.get("CallSid") or self.name or "call"
        filename = f"{sid}-{self._next_take}.wav"
        if self.recordings is None:
            return f"recordings/{filename}"
        path = self.recordings / filename
        with wave.open(str(path), "wb") as audio:
            audio.setnchannels(1)
            audio.setsampwidth(2)
            audio.setframerate(8000)
            audio.writeframes(b"\0\0" * round(seconds * 8000))
        return str(path)

    # -- dialling -------------------------------------------------------------------------

    async def bridge(
        self,
        targets: Sequence[DialTarget],
        *,
        timeout: float = 30.0,  # noqa: ASYNC109 - virtual ring time
        caller_id: str = "",
        caller_name: str = "",
        ring_tone: str = "us",
        hangup_on_star: bool = False,
        time_limit: float | None = None,
        on_answer: Callable[[DialTarget], Awaitable[None]] | None = None,
    ) -> BridgeResult:
        if not targets:
            raise ValueError("bridge needs at least one target")
        if self.hung_up.is_set():
            return BridgeResult(DialStatus.CANCELED)
        answers = [(t, self.dial.answer_for(t)) for t in targets]
        rung = ",".join(t.address for t in targets)
        extra = {"caller_id": caller_id} if caller_id else {}
        picked = [
            (a.ring, i)
            for i, (_, a) in enumerate(answers)
            if a.outcome is DialOutcome.ANSWERED and a.ring < timeout
        ]
        ended = [a for _, a in answers if a.outcome in _GIVES_UP and a.ring < timeout]
        if picked:
            ring, index = min(picked)
            status = DialStatus.COMPLETED
        elif len(ended) == len(answers):
            ring = max(a.ring for a in ended)
            busy = any(a.outcome == DialOutcome.BUSY for a in ended)
            status = DialStatus.BUSY if busy else DialStatus.FAILED
        else:
            ring, status = timeout, DialStatus.NO_ANSWER
        if await self._wait(ring):
            self._emit("dial", target=rung, status="canceled", duration=0.0, **extra)
            return BridgeResult(DialStatus.CANCELED)
        if status is not DialStatus.COMPLETED:
            self._emit("dial", target=rung, status=status.value, duration=0.0, **extra)
            return BridgeResult(status)
        target, answer = answers[index]
        if on_answer is not None:
            await on_answer(target)
        start = self.clock.elapsed
        limited = time_limit is not None and time_limit < answer.talk
        if limited:
            extra["ended"] = "time_limit"
        caller_left = await self._wait(time_limit if limited else answer.talk)
        if caller_left:
            extra.pop("ended", None)
        duration = self.clock.elapsed - start
        self._emit(
            "dial", target=target.address, status="completed", duration=round(duration, 3), **extra
        )
        return BridgeResult(DialStatus.COMPLETED, target, duration)


# -- the live caller ----------------------------------------------------------------------


class LiveCallLeg(SimulatedCallLeg):
    """The simulated leg with a caller who acts live (the simulator panel's keypad).

    Instead of a :class:`CallerScript`, outside code calls :meth:`press` and
    :meth:`caller_hangs_up` as the user acts; both go through
    :meth:`VirtualClock.inject`, so on a paced clock a key pressed at real time *t* arrives
    at virtual time *t*. What a key does then is what a real DTMF does:

    - during a prompt that it may interrupt (``interrupt_digits``), it cuts the prompt short
      and is returned (a Gather then collects it as its first digit);
    - during a collection, it is the next digit (the time-out starts again after it);
    - during a recording, a finish key ends it (the live caller is taken to speak until a
      key, a hang-up or ``max_length``: there is no silence to detect);
    - at any other time (a prompt that cannot be interrupted, a dial) it is lost, as Twilio
      drops keys nobody listens for. Keys pressed in the same instant as a listener starts
      (a prompt cut short, then the Gather's collection) all reach it, in order.

    Everything else (prompt lengths, dial answers, streams) is as in the scripted leg.
    """

    def __init__(self, clock: VirtualClock, **options: Any) -> None:
        if "caller" in options:
            raise TypeError("a live leg's caller acts through press() and caller_hangs_up()")
        super().__init__(clock, **options)
        self._keys: list[tuple[float, str]] = []  # (virtual seconds pressed, key), oldest first
        self._heard: ClockEvent | None = None  # set when a key or the hang-up arrives

    # -- outside input --------------------------------------------------------------------

    def press(self, key: str) -> None:
        """The caller presses ``key`` now (one of 0-9 * # A-D)."""
        if len(key) != 1 or key not in DTMF_KEYS:
            raise ValueError(f"not a DTMF key: {key!r}")
        self.clock.inject(self._arrive, key)

    def caller_hangs_up(self) -> None:
        """The caller hangs up now."""
        self.clock.inject(self._caller_hangs_up)

    def _arrive(self, key: str) -> None:
        if self.hung_up.is_set():
            return
        self._keys.append((self.clock.elapsed, key))
        self._notify()

    def _notify(self) -> None:
        if self._heard is not None:
            self._heard.set()

    def _end(self, ended_by: str, cause: str, event: str, fields: dict[str, str]) -> None:
        super()._end(ended_by, cause, event, fields)
        self._notify()

    # -- listening ------------------------------------------------------------------------

    def _drop_unheard(self) -> None:
        """Forget keys pressed before now: nobody was listening for them."""
        now = self.clock.elapsed
        self._keys = [(at, key) for at, key in self._keys if at >= now]

    async def _next_key(self, seconds: float | None) -> str | None:
        """The next key within ``seconds`` (None: no limit); ``""`` if none came in time,
        None once the call has ended."""
        end = None if seconds is None else self.clock.elapsed + seconds
        while True:
            if self.hung_up.is_set():
                return None
            if self._keys:
                return self._keys.pop(0)[1]
            left = None if end is None else end - self.clock.elapsed
            if left is not None and left <= 0:
                return ""
            self._heard = self.clock.event()
            try:
                heard = await self._heard.wait_for(left)
            finally:
                self._heard = None
            if not heard and not self._keys and not self.hung_up.is_set():
                return ""  # timed out (not re-measured: rounding could leave a sliver)

    async def _prompt(
        self, event: str, fields: dict[str, Any], seconds: float, loop: int, interrupt: str
    ) -> str:
        if loop != 1:
            fields["loop"] = loop
        self._emit(event, **fields)
        total = seconds * (loop if loop > 0 else LOOP_CAP)
        if not interrupt:
            await self._wait(total)
            return ""
        self._drop_unheard()
        end = self.clock.elapsed + total
        while True:
            key = await self._next_key(end - self.clock.elapsed)
            if not key:  # the prompt is over, or so is the call
                return ""
            if key in interrupt:
                return key
            # a key this prompt does not take is lost, as on a real call

    async def collect(
        self,
        *,
        min_digits: int = 1,
        max_digits: int = 128,
        timeout: float = 5.0,  # noqa: ASYNC109 - virtual seconds
        finish_on_key: str = "#",
        first_digit: str = "",
    ) -> Collected:
        if self.hung_up.is_set():
            return Collected("", CollectEnd.HANGUP)
        self._drop_unheard()
        digits = ""
        pending = first_digit
        while True:
            key: str | None
            if pending:
                key, pending = pending, ""
            else:
                key = await self._next_key(timeout)
            if key is None:
                return self._gathered(digits, CollectEnd.HANGUP)
            if not key:
                break
            if key in finish_on_key:
                return self._gathered(digits, CollectEnd.FINISH_KEY)
            digits += key
            if len(digits) >= max_digits:
                return self._gathered(digits, CollectEnd.MAX_DIGITS)
        reason = CollectEnd.DIGITS if digits and len(digits) >= min_digits else CollectEnd.TIMEOUT
        return self._gathered(digits, reason)

    async def record(
        self,
        *,
        max_length: float = 3600.0,
        finish_on_key: str = "1234567890*#",
        play_beep: bool = True,
        timeout: float = 5.0,  # noqa: ASYNC109 - no silence to detect from a live caller
    ) -> Recording:
        if self.hung_up.is_set():
            return Recording("", 0.0)
        self._next_take += 1
        self._drop_unheard()
        start = self.clock.elapsed
        end = start + max_length
        finished_by = ""
        while True:
            key = await self._next_key(end - self.clock.elapsed)
            if not key:
                break
            if key in finish_on_key:
                finished_by = key
                break
        seconds = self.clock.elapsed - start
        location = self._store_recording(seconds)
        fields: dict[str, Any] = {"url": location, "seconds": round(seconds, 3)}
        if finished_by:
            fields["finished_by"] = finished_by
        self._emit("record", **fields)
        return Recording(location, seconds, finished_by)
