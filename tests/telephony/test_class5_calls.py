"""Queues, conference rooms and Dial's Client status callbacks, with several simulated
callers on one virtual clock (one transcript, each event naming its leg)."""

from __future__ import annotations

import uuid
import wave
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from runtime.auth.principal import SYSTEM
from runtime.services import customers
from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import (
    CallerScript,
    DialAnswer,
    DialOutcome,
    DialScript,
    Media,
    SimulatedCallLeg,
    directory_resolver,
)
from telephony.calls.transcript import Transcript
from telephony.class5.bridges import Bridges, Class5, QueueSettings
from telephony.class5.models import CallQueue, ConferenceRoom
from telephony.connexml.interpreter import ERROR_TEXT, CallContext, run_document
from telephony.connexml.parser import parse
from telephony.connexml.webhooks import SIGNATURE_HEADER, signature
from tests.telephony.local_http import serving

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MUSIC = "ivr/hold_music.wav"
SECRET = "class5-secret"


def silence(path: Path, seconds: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * round(seconds * 8000))


@pytest.fixture
def media(tmp_path: Path) -> Media:
    silence(tmp_path / MUSIC, 10)
    return Media(directory_resolver(tmp_path))


@dataclass
class Caller:
    """One simulated party: its document and what it does."""

    xml: str
    caller: CallerScript = field(default_factory=CallerScript)
    dial: DialScript | None = None


async def simulate(
    parties: Mapping[str, Caller],
    media: Media,
    *,
    queues: Mapping[str, QueueSettings] | None = None,
    documents: Mapping[str, str] | None = None,
    resolver_override: Any = None,
    **options: Any,
) -> Transcript:
    """Run every party's document side by side on one clock; the shared transcript."""
    clock = VirtualClock(START)
    transcript = Transcript(clock)
    class5 = Class5(Bridges(clock), queues=dict(queues or {}))

    async def resolve(target: str, params: Mapping[str, str]) -> str:
        return (documents or {})[target.removeprefix("app:")]

    runs = []
    for name, party in parties.items():
        leg = SimulatedCallLeg(
            clock,
            caller=party.caller,
            dial=party.dial,
            transcript=transcript,
            media=media,
            name=name,
        )
        call = CallContext(
            variables={"CallSid": f"CA{name}", "From": f"+1555{name}"},
            transcript=transcript,
            class5=class5,
            resolver=resolver_override or resolve,
            secret=SECRET,
            **options,
        )
        runs.append(run_document(parse(party.xml), leg, call=call))
    await clock.gather(*runs)
    return transcript


def lines(transcript: Transcript, *events: str) -> list[str]:
    """``"t leg event:detail"`` for the chosen events, in order."""
    out = []
    for e in transcript:
        if events and e["event"] not in events:
            continue
        detail = {
            "say": e.get("text"),
            "play": e.get("source"),
            "enqueue": e.get("outcome"),
            "conference": e.get("action"),
            "dial": e.get("status"),
            "hangup": e.get("cause"),
        }.get(e["event"])
        out.append(
            f"{e['t']:g} {e.get('leg', '-')} {e['event']}" + (f":{detail}" if detail else "")
        )
    return out


def doc(body: str) -> str:
    return f"<Response>{body}</Response>"


# -- queues ------------------------------------------------------------------------------------


async def test_callers_hold_hear_their_position_and_an_agent_picks_up_at_12s(
    media: Media,
) -> None:
    transcript = await simulate(
        {
            "ann": Caller(
                doc("<Enqueue>support</Enqueue><Say>after queue</Say>"), CallerScript(hangup_at=20)
            ),
            "bob": Caller(
                doc('<Pause length="1"/><Enqueue>support</Enqueue><Say>{{QueueResult}}</Say>'),
                CallerScript(hangup_at=30),
            ),
            "agent": Caller(
                doc(
                    '<Pause length="12"/><Dial><Queue action="pickup">support</Queue></Dial>'
                    "<Say>next</Say>"
                    '<Dial><Queue action="pickup">support</Queue></Dial>'
                    "<Say>{{DialCallStatus}} {{DialCallDuration}}</Say>"
                )
            ),
        },
        media,
        queues={"support": QueueSettings(music=MUSIC, announce_every=5, max_wait=120)},
    )
    assert lines(transcript) == [
        "0 ann answer",
        "0 ann enqueue:joined",
        "0 bob answer",
        "0 bob pause",
        "0 agent answer",
        "0 agent pause",
        f"0 ann play:{MUSIC}",
        "1 bob enqueue:joined",
        f"1 bob play:{MUSIC}",
        "5 ann say:You are caller number 1",
        "6 bob say:You are caller number 2",
        f"7 ann play:{MUSIC}",
        f"8 bob play:{MUSIC}",
        "12 agent enqueue:picked",
        "12 ann enqueue:bridged",
        "13 bob say:You are caller number 1",
        f"15 bob play:{MUSIC}",
        "20 ann hangup:normal_clearing",
        "20 bob say:You are caller number 1",
        "20 agent dial:completed",
        "20 agent say:next",
        "20.4 agent enqueue:picked",
        "20.4 bob enqueue:bridged",
        "30 bob hangup:normal_clearing",
        "30 agent dial:completed",
        "30 agent say:completed 9",
        "30.8 agent hangup:normal_clearing",
    ]
    enqueued = [e for e in transcript if e["event"] == "enqueue"]
    assert [(e["leg"], e.get("position")) for e in enqueued if e["outcome"] == "joined"] == [
        ("ann", 1),
        ("bob", 2),
    ]
    picked = [e for e in enqueued if e["outcome"] == "picked"]
    assert [(e["t"], e["caller"]) for e in picked] == [(12.0, "ann"), (20.4, "bob")]
    first_call = next(e for e in transcript if e["event"] == "dial")
    assert (first_call["target"], first_call["duration"]) == ("ann", 8.0)


async def test_a_caller_overflows_after_the_longest_wait(media: Media) -> None:
    transcript = await simulate(
        {
            "ann": Caller(doc('<Enqueue action="app:after">sales</Enqueue><Say>never</Say>')),
            "bob": Caller(
                doc(
                    '<Dial><Queue timeout="20" timeout-destination="+15550009999" '
                    f'music="{MUSIC}">billing</Queue></Dial><Say>{{{{DialCallStatus}}}}</Say>'
                ),
                dial=DialScript(DialAnswer(DialOutcome.ANSWERED, after=2, talk=10)),
            ),
        },
        media,
        queues={
            "sales": QueueSettings(
                music=MUSIC, announce_every=0, max_wait=30, overflow="app:overflow"
            )
        },
        documents={
            "overflow": doc("<Say>Nobody is free</Say>"),
            "after": doc("<Say>never either</Say>"),
        },
    )
    assert lines(transcript) == [
        "0 ann answer",
        "0 ann enqueue:joined",
        "0 bob answer",
        "0 bob enqueue:joined",
        f"0 ann play:{MUSIC}",
        f"0 bob play:{MUSIC}",
        "20 bob enqueue:timeout",
        "30 ann enqueue:timeout",
        "30 - webhook",
        "30 ann say:Nobody is free",
        "31.2 ann hangup:normal_clearing",
        "32 bob dial:completed",
        "32 bob say:completed",
        "32.4 bob hangup:normal_clearing",
    ]
    hook = next(e for e in transcript if e["event"] == "webhook")
    assert hook["url"] == "app:overflow" and hook["params"]["QueueResult"] == "timeout"
    dialled = next(e for e in transcript if e["event"] == "dial")
    assert dialled["target"] == "+15550009999"


async def test_an_agent_waits_for_a_caller_or_gives_up(media: Media) -> None:
    pickup = '<Dial timeout="{t}"><Queue action="pickup">{q}</Queue></Dial>'
    transcript = await simulate(
        {
            "agent": Caller(
                doc(pickup.format(t=30, q="support") + "<Say>{{DialCallStatus}}</Say>")
            ),
            "idle": Caller(doc(pickup.format(t=9, q="empty") + "<Say>{{DialCallStatus}}</Say>")),
            "ann": Caller(
                doc('<Pause length="3"/><Enqueue>support</Enqueue>'), CallerScript(hangup_at=10)
            ),
        },
        media,
        queues={"support": QueueSettings(music=MUSIC, announce_every=0)},
    )
    assert lines(transcript, "enqueue", "dial", "say") == [
        "3 ann enqueue:joined",
        "3 agent enqueue:picked",
        "3 ann enqueue:bridged",
        "9 idle dial:no-answer",
        "9 idle say:no-answer",
        "10 agent dial:completed",
        "10 agent say:completed",
    ]


async def test_leave_in_the_wait_document_takes_the_caller_out(media: Media) -> None:
    transcript = await simulate(
        {
            "ann": Caller(
                doc('<Enqueue waitUrl="app:hold">support</Enqueue><Say>{{QueueResult}}</Say>')
            )
        },
        media,
        documents={
            "hold": doc('<Say>You are number {{QueuePosition}}</Say><Pause length="3"/><Leave/>')
        },
    )
    assert lines(transcript) == [
        "0 ann answer",
        "0 ann enqueue:joined",
        "0 - webhook",
        "0 ann say:You are number 1",
        "1.6 ann pause",
        "4.6 ann enqueue:leave",
        "4.6 ann say:leave",
        "5 ann hangup:normal_clearing",
    ]


# -- conference rooms --------------------------------------------------------------------------


async def test_two_callers_wait_for_the_host_and_leave_when_the_host_does(media: Media) -> None:
    transcript = await simulate(
        {
            "ann": Caller(
                doc('<Conference startConferenceOnEnter="false">standup</Conference><Say>bye</Say>')
            ),
            "bob": Caller(
                doc(
                    '<Pause length="2"/><Dial><Conference muted="true" '
                    'startConferenceOnEnter="false">standup</Conference></Dial>'
                    "<Say>{{DialCallStatus}}</Say>"
                )
            ),
            "host": Caller(
                doc(
                    '<Pause length="5"/><Conference endConferenceOnExit="true">standup</Conference>'
                ),
                CallerScript(hangup_at=20),
            ),
            "late": Caller(
                doc('<Pause length="8"/><Conference maxParticipants="3">standup</Conference>')
            ),
        },
        media,
    )
    assert lines(transcript, "conference", "say", "play", "hangup") == [
        "0 ann conference:join",
        f"0 ann play:{MUSIC}",
        "2 bob conference:join",
        f"2 bob play:{MUSIC}",
        "5 host conference:join",
        "5 host conference:start",
        "8 late conference:full",
        "8 late say:The conference is full. Please try again later.",
        "11.2 late hangup:normal_clearing",
        "20 host hangup:normal_clearing",
        "20 host conference:leave",
        "20 host conference:end",
        "20 ann conference:leave",
        "20 ann say:bye",
        "20 bob conference:leave",
        "20 bob say:completed",
        "20.4 ann hangup:normal_clearing",
        "20.4 bob hangup:normal_clearing",
    ]
    rooms = [e for e in transcript if e["event"] == "conference"]
    assert {e["room"] for e in rooms} == {"standup"}
    joined = {e["leg"]: (e["members"], e["muted"]) for e in rooms if e["action"] == "join"}
    assert joined == {
        "ann": (["ann"], False),
        "bob": (["ann", "bob"], True),
        "host": (["ann", "bob", "host"], False),
    }
    full = next(e for e in rooms if e["action"] == "full")
    assert full["members"] == ["ann", "bob", "host"] and full["max"] == 3


# -- not yet -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "noun",
    ["<Barge>groupA</Barge>", "<LLMAgent>asst_123</LLMAgent>", "<LLM-Agent>Be nice</LLM-Agent>"],
)
async def test_barge_and_llm_agents_are_refused_clearly(media: Media, noun: str) -> None:
    transcript = await simulate({"ann": Caller(doc(f"<Dial>{noun}</Dial>"))}, media)
    (error,) = [e for e in transcript if e["event"] == "error"]
    assert "is not supported yet" in error["message"]
    assert lines(transcript)[-2:] == [f"0 ann say:{ERROR_TEXT}", "2.8 ann hangup:normal_clearing"]


# -- Client status callbacks -------------------------------------------------------------------


class _Hooks(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True))
        url = f"http://{self.headers['Host']}{self.path}"
        self.seen.append({"url": url, "form": form, "signature": self.headers[SIGNATURE_HEADER]})
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def hooks() -> Iterator[str]:
    _Hooks.seen = []
    with serving(_Hooks) as url:
        yield url


async def test_client_status_callbacks_arrive_in_order_and_signed(media: Media, hooks: str) -> None:
    events = "initiated ringing answered completed"
    transcript = await simulate(
        {
            "ann": Caller(
                doc(
                    f'<Dial><Client statusCallback="{hooks}/status" '
                    f'statusCallbackEvent="{events}">alice</Client>'
                    f'<Client statusCallback="{hooks}/bob">bob</Client></Dial>'
                ),
                dial=DialScript(
                    DialAnswer(DialOutcome.NO_ANSWER),
                    {"alice": DialAnswer(DialOutcome.ANSWERED, after=3, talk=20)},
                ),
            )
        },
        media,
    )
    # "answered" goes out the moment alice answers, before the bridged talk.
    assert lines(transcript, "webhook", "dial") == [
        "0 ann webhook",
        "0 ann webhook",
        "3 ann webhook",
        "23 ann dial:completed",
        "23 ann webhook",
        "23 ann webhook",
    ]
    seen = _Hooks.seen
    assert [(h["url"].removeprefix(hooks), h["form"]["CallStatus"]) for h in seen] == [
        ("/status", "initiated"),
        ("/status", "ringing"),
        ("/status", "in-progress"),
        ("/status", "completed"),
        ("/bob", "completed"),  # only "completed" by default; bob never answered
    ]
    for hook in seen:
        assert hook["signature"] == signature(SECRET, hook["url"], hook["form"])
    assert [h["form"]["SequenceNumber"] for h in seen] == ["0", "1", "2", "3", "0"]
    answered, completed = seen[2]["form"], seen[3]["form"]
    assert answered["Timestamp"] == "2026-01-05T09:00:03+00:00"  # alice answered at 3 s
    assert completed["CallDuration"] == "20" and completed["ParentCallSid"] == "CAann"
    assert completed["To"] == "client:alice" and seen[4]["form"]["CallDuration"] == "0"


# -- the customer's queues and rooms (both databases) ------------------------------------------


async def test_the_customers_queue_and_room_settings_apply(db: str, media: Media) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    await CallQueue.create(
        uuid=uuid.uuid4(),
        customer=acme,
        name="support",
        extension="500",
        music=MUSIC,
        announce_every=0,
        max_wait=15,
        overflow={"type": "external", "target": "+15550009999"},
    )
    await ConferenceRoom.create(
        uuid=uuid.uuid4(), customer=acme, name="board", pin="2468", max_members=1
    )
    clock = VirtualClock(START)
    transcript = Transcript(clock)
    class5 = Class5(Bridges(clock), customer_id=acme.id)
    parties = {
        "ann": ("<Enqueue>500</Enqueue>", CallerScript()),
        "bob": ("<Conference>board</Conference>", CallerScript.parse("1111#,2468#", hangup_at=30)),
        "cy": ('<Pause length="20"/><Conference>board</Conference>', CallerScript.parse("2468#")),
    }
    runs = []
    for name, (body, caller) in parties.items():
        leg = SimulatedCallLeg(clock, caller=caller, transcript=transcript, media=media, name=name)
        call = CallContext(transcript=transcript, class5=class5)
        runs.append(run_document(parse(doc(body)), leg, call=call))
    await clock.gather(*runs)
    assert lines(transcript, "enqueue", "dial", "conference", "gather") == [
        "0 ann enqueue:joined",  # queue 500 by its extension
        "4.8 bob gather",  # a wrong PIN
        "9.6 bob gather",
        "9.6 bob conference:join",
        "9.6 bob conference:start",
        "15 ann enqueue:timeout",  # the queue's max_wait
        "24.8 cy gather",
        "24.8 cy conference:full",  # max_members 1
        "30 bob conference:leave",
        "50 ann dial:completed",  # the queue's overflow number: 5 s ringing, 30 s talk
    ]
    (overflowed,) = [e for e in transcript if e["event"] == "dial"]
    assert overflowed["target"] == "+15550009999"
    rooms = [e for e in transcript if e["event"] == "conference"]
    assert [(e["leg"], e["action"]) for e in rooms] == [
        ("bob", "join"),
        ("bob", "start"),
        ("cy", "full"),
        ("bob", "leave"),
    ]
    gathered = [e["digits"] for e in transcript if e["event"] == "gather"]
    assert gathered[:2] == ["1111", "2468"]  # a wrong PIN, then the room's


async def test_a_queue_url_document_is_played_to_the_dequeued_caller(media: Media) -> None:
    """TwiML's ``<Queue url>``: fetched with the waiting caller's parameters and played to
    that caller (Say, Play, Pause) before the bridge; other verbs are skipped, said so."""
    seen: list[Mapping[str, str]] = []
    whisper = doc('<Say>Connecting you now</Say><Pause length="1"/><Hangup/>')

    async def resolve(target: str, params: Mapping[str, str]) -> str:
        seen.append(dict(params))
        return whisper

    transcript = await simulate(
        {
            "ann": Caller(doc("<Enqueue>support</Enqueue>"), CallerScript(hangup_at=30)),
            "agent": Caller(
                doc(
                    '<Pause length="12"/>'
                    '<Dial><Queue action="pickup" url="app:whisper">support</Queue></Dial>'
                )
            ),
        },
        media,
        queues={"support": QueueSettings(music=MUSIC, announce_every=60, max_wait=120)},
        resolver_override=resolve,
    )
    assert lines(transcript, "say", "pause", "enqueue", "dial", "warning")[-6:] == [
        "12 agent enqueue:picked",
        "12 ann say:Connecting you now",
        "13.2 ann pause",
        "14.2 - warning",
        "14.2 ann enqueue:bridged",
        "30 agent dial:completed",
    ]
    (params,) = seen
    assert (params["CallSid"], params["QueueTime"], params["DequeingCallSid"]) == (
        "CAann",
        "12",
        "CAagent",
    )
    warning = next(e for e in transcript if e["event"] == "warning")
    assert "<Hangup> (line 1) does not run on a dequeued caller" in warning["message"]
