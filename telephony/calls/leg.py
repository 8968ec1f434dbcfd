"""The one seam between call logic and media.

ConneXML, voice scripts and the Class 5 features drive a call only through
:class:`CallLeg`. The simulated leg (:mod:`telephony.calls.simulated`) and, later, the RTP
leg of the SIP edge implement it, so a document behaves the same in the simulator and on a
real call. Every method is async and cancellable; once the far end hangs up, media methods
return at once (``hung_up`` is set) rather than raise.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable


class CollectEnd(StrEnum):
    """Why a digit collection ended (the simulator's gather ``reason``)."""

    DIGITS = "digits"  # min..max digits and the inter-digit wait passed
    FINISH_KEY = "finish_key"  # the finish key was pressed (it is not part of the digits)
    MAX_DIGITS = "max_digits"  # max digits reached
    TIMEOUT = "timeout"  # no (more) input in time
    HANGUP = "hangup"


class DialStatus(StrEnum):
    """Twilio's DialCallStatus values."""

    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"


@dataclass(frozen=True)
class Collected:
    digits: str
    reason: CollectEnd


@dataclass(frozen=True)
class Recording:
    #: Where the audio is (a file path or storage key the platform serves signed).
    location: str
    seconds: float
    #: The key that ended it, if a finish key did.
    finished_by: str = ""


@dataclass(frozen=True)
class DialTarget:
    """One party to ring: ``kind`` number, client (SIP user), sip (URI), conference, queue."""

    kind: str
    address: str
    #: Per-target options (status callbacks, music...), as the caller needs them.
    options: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BridgeResult:
    status: DialStatus
    #: The target that answered, if one did.
    answered: DialTarget | None = None
    #: Seconds the bridged call lasted (0 if never answered).
    duration: float = 0.0


@runtime_checkable
class CallLeg(Protocol):
    """One party of a call, as call logic sees it."""

    #: Call variables (CallSid, From, To, Direction, ...), read and written by the logic.
    variables: dict[str, str]
    #: SIP headers to send on the next outbound leg (``<Set header="true">``).
    headers: dict[str, str]

    @property
    def hung_up(self) -> asyncio.Event:
        """Set once the call has ended (either side hung up)."""
        ...

    def now(self) -> datetime:
        """The call's clock (virtual in the simulator), timezone-aware UTC."""
        ...

    async def answer(self) -> None: ...

    async def hangup(self, cause: str = "normal_clearing") -> None: ...

    async def reject(self, reason: str = "rejected") -> None: ...

    async def play(self, source: str, *, loop: int = 1, interrupt_digits: str = "") -> str:
        """Play ``source`` (``ivr/...``, ``user/...`` or a URL) ``loop`` times (0 = until
        interrupted); returns the digit that interrupted it, or ``""``."""
        ...

    async def say(
        self,
        text: str,
        *,
        voice: str = "",
        language: str = "",
        loop: int = 1,
        interrupt_digits: str = "",
    ) -> str:
        """Speak ``text`` (TTS); returns the interrupting digit, or ``""``."""
        ...

    async def collect(
        self,
        *,
        min_digits: int = 1,
        max_digits: int = 128,
        timeout: float = 5.0,  # noqa: ASYNC109 - the call's wait (virtual in the simulator)
        finish_on_key: str = "#",
        first_digit: str = "",
    ) -> Collected:
        """Collect DTMF digits (``first_digit``: one already pressed during a prompt)."""
        ...

    async def record(
        self,
        *,
        max_length: float = 3600.0,
        finish_on_key: str = "1234567890*#",
        play_beep: bool = True,
        timeout: float = 5.0,  # noqa: ASYNC109 - the call's wait (virtual in the simulator)
    ) -> Recording: ...

    async def bridge(
        self,
        targets: Sequence[DialTarget],
        *,
        timeout: float = 30.0,  # noqa: ASYNC109 - ring time, on the call's clock
        caller_id: str = "",
        caller_name: str = "",
        ring_tone: str = "us",
        hangup_on_star: bool = False,
        time_limit: float | None = None,
        on_answer: Callable[[DialTarget], Awaitable[None]] | None = None,
    ) -> BridgeResult:
        """Ring ``targets`` at once; the first to answer is bridged until either side ends,
        or ``time_limit`` seconds of talk have passed (then the far end is hung up).
        ``on_answer(target)`` is awaited the moment a target answers, before the talk."""
        ...

    async def echo(self, seconds: float | None = None) -> None: ...

    async def pause(self, seconds: float, *, interrupt_digits: str = "") -> str:
        """Silence for ``seconds``; returns the digit of ``interrupt_digits`` that cut it
        short, or ``""``."""
        ...

    async def send_dtmf(self, digits: str) -> None: ...

    async def start_stream(
        self,
        name: str,
        url: str,
        *,
        track: str = "mono",
        parameters: Mapping[str, str] | None = None,
    ) -> None:
        """Fork the call's audio to the WebSocket ``url`` (``track``: mono = the caller,
        mixed = both sides in one channel, stereo = one channel each), sending
        ``parameters`` first, until :meth:`stop_stream` or the end of the call;
        ``ValueError`` if a stream called ``name`` is open."""
        ...

    async def stop_stream(self, name: str = "") -> list[str]:
        """End the stream ``name`` (every open one when empty); the names ended."""
        ...
