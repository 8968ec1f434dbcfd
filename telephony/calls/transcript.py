"""The simulator's transcript: what happened on a simulated call, on the virtual clock.

A transcript is a list of events, each a JSON object ``{"t": <virtual seconds since the
clock's start, rounded to 3 decimals>, "event": <name>, ...fields}``. ``to_jsonl()`` gives one
object per line (``trunkline connexml simulate``). This is the one schema; ``emit`` refuses
other names and missing required fields. Fields in brackets are optional.

============  ==========================================================  ==================
event         fields                                                      emitted by
============  ==========================================================  ==================
answer        —                                                           leg, when answered
say           text, [voice], [language], [loop]                           leg, prompt start
play          source, [loop]                                              leg, prompt start
pause         seconds                                                     leg, at its start
gather        digits, reason (digits|finish_key|max_digits|timeout|       leg, when the
              hangup)                                                     collection ends
record        url, seconds, [finished_by]                                 leg, when it ends
dial          target, status (completed|busy|no-answer|failed|canceled),  leg, when the
              duration, [caller_id], [ended] (time_limit)                 bridge ends
dtmf          digits                                                      leg (send_dtmf)
echo          [seconds]                                                   leg, at its start
reject        reason (busy|rejected)                                      leg
hangup        cause, by (caller|app)                                      leg
webhook       method, url, params                                         interpreter
set           name, value                                                 interpreter
transfer      [target], ...                                               interpreter
enqueue       [queue], ...                                                interpreter
conference    [room], ...                                                 interpreter
voicemail     [box], ...                                                  interpreter
stream        status (started|stopped), name, [url, track, parameters],  leg (start_stream,
              [frames] (20 ms frames sent, when stopped)                 stop_stream, end)
sms           to, from, body                                              interpreter
warning       message (the call goes on)                                  interpreter
log           message                                                     voice script
                                                                          (``ctx.log``)
error         message                                                     anyone
============  ==========================================================  ==================

When several legs share one transcript, each event of a named leg carries ``leg``.
``dial``'s ``target`` is the address that answered, or every address rung, comma-separated.
Media events are stamped when the media starts; results (gather, record, dial) when known.

>>> from datetime import UTC, datetime
>>> from telephony.calls.clock import VirtualClock
>>> transcript = Transcript(VirtualClock(datetime(2026, 1, 5, tzinfo=UTC)))
>>> _ = transcript.emit("say", text="Welcome")
>>> print(transcript.to_jsonl())
{"t": 0.0, "event": "say", "text": "Welcome"}
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any, Protocol

__all__ = ["EVENTS", "Transcript"]

#: Every event name, with the fields it must carry.
EVENTS: dict[str, tuple[str, ...]] = {
    "answer": (),
    "say": ("text",),
    "play": ("source",),
    "pause": ("seconds",),
    "gather": ("digits", "reason"),
    "record": ("url", "seconds"),
    "dial": ("target", "status"),
    "dtmf": ("digits",),
    "echo": (),
    "reject": ("reason",),
    "hangup": ("cause",),
    "webhook": ("method", "url", "params"),
    "set": ("name", "value"),
    "transfer": (),
    "enqueue": (),
    "conference": (),
    "voicemail": (),
    "stream": ("status",),
    "sms": ("to", "from", "body"),
    "warning": ("message",),
    "log": ("message",),
    "error": ("message",),
}

#: The field ``brief()`` shows after the event name.
_BRIEF_FIELD = {
    "say": "text",
    "play": "source",
    "pause": "seconds",
    "gather": "digits",
    "record": "seconds",
    "dial": "status",
    "dtmf": "digits",
    "reject": "reason",
    "hangup": "cause",
    "webhook": "url",
    "set": "name",
    "log": "message",
    "error": "message",
    "warning": "message",
    "sms": "body",
    "stream": "status",
    "transfer": "kind",
}

Event = dict[str, Any]


class _Clock(Protocol):
    @property
    def elapsed(self) -> float: ...


class Transcript:
    """The ordered events of one simulation (one call, or several legs sharing it)."""

    def __init__(self, clock: _Clock) -> None:
        self.clock = clock
        self.events: list[Event] = []
        #: Called with each event as it is emitted (the IDE shows the transcript live).
        self.listeners: list[Callable[[Event], object]] = []

    def emit(self, event: str, **fields: Any) -> Event:
        """Append an event stamped with the virtual time; returns it."""
        required = EVENTS.get(event)
        if required is None:
            raise ValueError(f"unknown transcript event {event!r}")
        missing = [name for name in required if name not in fields]
        if missing:
            raise ValueError(f"transcript event {event!r} needs {', '.join(missing)}")
        if "t" in fields or "event" in fields:
            raise ValueError("'t' and 'event' are set by the transcript")
        entry: Event = {"t": round(self.clock.elapsed, 3), "event": event, **fields}
        self.events.append(entry)
        for listener in self.listeners:
            listener(entry)
        return entry

    def to_jsonl(self) -> str:
        """One JSON object per line."""
        return "\n".join(json.dumps(e, ensure_ascii=False) for e in self.events)

    def names(self) -> list[str]:
        return [e["event"] for e in self.events]

    def brief(self) -> list[str]:
        """Events as short strings for table-driven tests: ``["answer", "say:Hi", "gather:1"]``."""
        out = []
        for e in self.events:
            key = _BRIEF_FIELD.get(e["event"])
            out.append(f"{e['event']}:{e[key]}" if key and key in e else e["event"])
        return out

    def __iter__(self) -> Iterator[Event]:
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
