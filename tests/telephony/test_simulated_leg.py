"""The simulated call leg: every CallLeg method on the virtual clock, with exact times."""

from __future__ import annotations

import asyncio
import json
import wave
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from telephony.calls.clock import VirtualClock
from telephony.calls.leg import (
    CallLeg,
    Collected,
    CollectEnd,
    DialStatus,
    DialTarget,
    Recording,
)
from telephony.calls.simulated import (
    CallerInput,
    CallerScript,
    DialAnswer,
    DialOutcome,
    DialScript,
    Media,
    RecordTake,
    SimulatedCallLeg,
    directory_resolver,
)
from telephony.calls.transcript import Transcript

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ALL_KEYS = "0123456789*#"


def make_leg(
    digits: str = "", *, hangup_at: float | None = None, **kwargs: Any
) -> SimulatedCallLeg:
    caller = kwargs.pop("caller", None) or CallerScript.parse(digits, hangup_at=hangup_at)
    return SimulatedCallLeg(VirtualClock(START), caller=caller, **kwargs)


def events(leg: SimulatedCallLeg) -> list[tuple[float, str, Any]]:
    """(t, event, its main field) for compact expectations."""
    main = {"say": "text", "play": "source", "pause": "seconds", "gather": "digits"}
    main |= {"dial": "status", "record": "seconds", "hangup": "by", "reject": "reason"}
    main |= {"error": "message", "dtmf": "digits", "echo": "seconds"}
    return [(e["t"], e["event"], e.get(main.get(e["event"], ""))) for e in leg.transcript]


def write_wav(path: Path, seconds: float, rate: int = 8000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(rate)
        audio.writeframes(b"\0\0" * round(seconds * rate))
    return path


def test_the_leg_implements_the_protocol() -> None:
    assert isinstance(make_leg(), CallLeg)


# -- media and time -----------------------------------------------------------------------


async def test_answer_say_pause_hangup_advance_virtual_time() -> None:
    leg = make_leg()
    await leg.answer()
    await leg.answer()  # once only
    assert await leg.say("Welcome to Trunkline support", voice="alice", language="en-GB") == ""
    await leg.pause(2)
    await leg.say("Bye", loop=3)
    await leg.hangup()
    assert leg.now() == START + timedelta(seconds=4.8)
    assert [json.loads(line) for line in leg.transcript.to_jsonl().splitlines()] == [
        {"t": 0.0, "event": "answer"},
        {"t": 0.0, "event": "say", "text": "Welcome to Trunkline support", "voice": "alice",
         "language": "en-GB"},
        {"t": 1.6, "event": "pause", "seconds": 2},
        {"t": 3.6, "event": "say", "text": "Bye", "loop": 3},
        {"t": 4.8, "event": "hangup", "cause": "normal_clearing", "by": "app"},
    ]  # fmt: skip
    assert leg.hung_up.is_set() and leg.ended_by == "app"
    # After the end, media methods return at once and write nothing.
    assert await leg.say("anyone there?") == ""
    assert await leg.collect() == Collected("", CollectEnd.HANGUP)
    assert len(leg.transcript) == 5


async def test_play_lengths_local_wav_remote_and_missing(tmp_path: Path) -> None:
    write_wav(tmp_path / "user" / "greeting.wav", 1.5)
    write_wav(tmp_path / "ivr" / "menu.wav", 2.25, rate=16000)
    (tmp_path / "user" / "notes.txt").write_text("not audio")
    write_wav(tmp_path.parent / "outside.wav", 1)
    leg = make_leg(media=Media(directory_resolver(tmp_path)))
    await leg.play("user/greeting.wav")
    await leg.play("ivr/menu.wav", loop=2)
    await leg.play("https://cdn.example.com/hold.mp3")
    await leg.play("user/missing.wav")
    await leg.play("user/notes.txt")
    await leg.play("../outside.wav")
    assert events(leg) == [
        (0.0, "play", "user/greeting.wav"),
        (1.5, "play", "ivr/menu.wav"),
        (6.0, "play", "https://cdn.example.com/hold.mp3"),
        (11.0, "error", "audio file not found: user/missing.wav"),
        (11.0, "error", leg.transcript.events[4]["message"]),
        (11.0, "error", "audio file not found: ../outside.wav"),
    ]
    assert leg.transcript.events[4]["message"].startswith("not a WAV file: user/notes.txt")


async def test_echo_and_send_dtmf() -> None:
    leg = make_leg(hangup_at=20)
    await leg.send_dtmf("12w#W")  # 3 digits x 0.2 + 0.5 + 1
    await leg.echo(5)
    await leg.echo()  # until the caller hangs up
    with pytest.raises(ValueError, match="x"):
        await leg.send_dtmf("1x")
    assert events(leg) == [
        (0.0, "dtmf", "12w#W"),
        (2.1, "echo", 5),
        (7.1, "echo", None),
        (20.0, "hangup", "caller"),
    ]


# -- digit collection ---------------------------------------------------------------------

COLLECT_CASES = [
    # input, collect options, digits, reason, t of the gather event
    ("123", {"max_digits": 3}, "123", "max_digits", 0.4),
    ("12#", {}, "12", "finish_key", 0.4),
    ("#", {}, "", "finish_key", 0.0),
    ("12", {}, "12", "digits", 5.2),
    ("", {}, "", "timeout", 5.0),
    ("1", {"min_digits": 3}, "1", "timeout", 5.0),
    ("1234", {"timeout": 0.1}, "1", "digits", 0.1),
    ("12#", {"finish_on_key": "", "max_digits": 3}, "12#", "max_digits", 0.4),
    ("12*", {"finish_on_key": "*#"}, "12", "finish_key", 0.4),
    ("", {"first_digit": "5"}, "5", "digits", 5.0),
    ("67", {"first_digit": "5", "max_digits": 3}, "567", "max_digits", 0.4),
    ("123456", {"max_digits": 4, "timeout": 2}, "1234", "max_digits", 0.6),
]


@pytest.mark.parametrize(("digits", "options", "expected", "reason", "t"), COLLECT_CASES)
async def test_collect_ends(
    digits: str, options: dict[str, Any], expected: str, reason: str, t: float
) -> None:
    leg = make_leg(digits)
    collected = await leg.collect(**options)
    assert collected == Collected(expected, CollectEnd(reason))
    assert leg.transcript.events == [
        {"t": t, "event": "gather", "digits": expected, "reason": reason}
    ]


async def test_each_collection_takes_the_next_input_then_none() -> None:
    leg = make_leg("1,,23#")
    results = [await leg.collect() for _ in range(4)]
    assert [(r.digits, r.reason.value) for r in results] == [
        ("1", "digits"),
        ("", "timeout"),
        ("23", "finish_key"),
        ("", "timeout"),
    ]
    assert [e["t"] for e in leg.transcript] == [5.0, 10.0, 10.4, 15.4]


async def gather(leg: SimulatedCallLeg, *prompts: str, **options: Any) -> Collected:
    """What the interpreter does for <Gather><Say>...</Say>...</Gather>."""
    digit = ""
    for text in prompts:
        digit = await leg.say(text, interrupt_digits=ALL_KEYS)
        if digit:
            break
    return await leg.collect(first_digit=digit, **options)


async def test_gather_with_a_prompt_digits_come_after_the_prompt() -> None:
    leg = make_leg("1")
    assert await gather(leg, "Press one for sales") == Collected("1", CollectEnd.DIGITS)
    assert events(leg) == [(0.0, "say", "Press one for sales"), (6.6, "gather", "1")]


@pytest.mark.parametrize(
    ("digits", "expected", "trace"),
    [
        # barge-in at the start of the first prompt
        ("1@0", "1", [(0.0, "say", "Press one for sales"), (0.0, "gather", "1")]),
        # 0.4 s into the prompt; the other digit 0.2 s later
        ("23@0.4", "23", [(0.0, "say", "Press one for sales"), (0.6, "gather", "23")]),
        # 2 s into the prompts: the first (1.6 s) plays in full, the second is cut at 0.4 s
        (
            "9@2",
            "9",
            [
                (0.0, "say", "Press one for sales"),
                (1.6, "say", "or nine for support"),
                (2.0, "gather", "9"),
            ],
        ),
        # later than all the prompts: no barge-in, digits after the prompts
        (
            "9@60",
            "9",
            [
                (0.0, "say", "Press one for sales"),
                (1.6, "say", "or nine for support"),
                (3.2, "gather", "9"),
            ],
        ),
    ],
)
async def test_barge_in_interrupts_a_prompt_and_the_digit_goes_to_the_collection(
    digits: str, expected: str, trace: list[tuple[float, str, Any]]
) -> None:
    leg = make_leg(digits)
    result = await gather(
        leg, "Press one for sales", "or nine for support", max_digits=len(expected)
    )
    assert result == Collected(expected, CollectEnd.MAX_DIGITS)
    assert events(leg) == trace


async def test_barge_in_only_counts_prompts_that_allow_the_digit() -> None:
    leg = make_leg("5@0.5")
    assert await leg.say("Please listen carefully") == ""  # not interruptible: 1.2 s in full
    assert await leg.say("Our menu has changed", interrupt_digits="123") == ""  # not by 5
    assert await leg.say("Enter your extension", interrupt_digits=ALL_KEYS) == "5"
    assert leg.clock.elapsed == 2.8 + 0.5
    # The interrupting digit was consumed: a collection without first_digit gets the rest.
    assert await leg.collect() == Collected("", CollectEnd.TIMEOUT)


async def test_play_can_be_interrupted_too() -> None:
    leg = make_leg(caller=CallerScript((CallerInput("3", barge_in=2.0),)))
    assert await leg.play("https://cdn.example.com/menu.mp3", interrupt_digits="3") == "3"
    assert leg.clock.elapsed == 2.0
    assert await leg.collect(first_digit="3") == Collected("3", CollectEnd.DIGITS)


# -- hang-up ------------------------------------------------------------------------------


async def test_caller_hangs_up_mid_prompt() -> None:
    leg = make_leg(hangup_at=1.0)
    await leg.answer()
    assert await leg.say("Thank you for calling Trunkline") == ""
    assert leg.hung_up.is_set() and leg.ended_by == "caller"
    await leg.say("never heard")
    await leg.pause(5)
    assert await leg.record() == Recording("", 0.0)
    await leg.hangup()  # already over: no second event
    assert leg.transcript.events == [
        {"t": 0.0, "event": "answer"},
        {"t": 0.0, "event": "say", "text": "Thank you for calling Trunkline"},
        {"t": 1.0, "event": "hangup", "cause": "normal_clearing", "by": "caller"},
    ]
    assert leg.now() == START + timedelta(seconds=1)


async def test_caller_hangs_up_mid_collection() -> None:
    leg = make_leg("123", hangup_at=0.3)
    assert await leg.collect(max_digits=3) == Collected("12", CollectEnd.HANGUP)
    assert events(leg) == [(0.3, "hangup", "caller"), (0.3, "gather", "12")]


async def test_waiting_for_the_caller_to_hang_up() -> None:
    """A voice script's waitForHangup: ``await leg.hung_up.wait()`` lets time run."""
    leg = make_leg(hangup_at=7)

    async def script() -> float:
        await leg.answer()
        await leg.hung_up.wait()
        return leg.clock.elapsed

    assert await leg.clock.run(script()) == 7
    assert leg.transcript.brief() == ["answer", "hangup:normal_clearing"]


async def test_app_hangup_cancels_the_callers_and_reject_ends_the_call() -> None:
    leg = make_leg(hangup_at=3)
    await leg.pause(1)
    await leg.hangup("call_rejected")
    await leg.pause(5)  # returns at once
    assert leg.cause == "call_rejected" and leg.ended_by == "app"
    assert events(leg)[-1] == (1.0, "hangup", "app")

    for reason in ("busy", "rejected"):
        rejected = make_leg()
        await rejected.reject(reason)
        await rejected.say("never")
        assert rejected.transcript.events == [{"t": 0.0, "event": "reject", "reason": reason}]
        assert rejected.hung_up.is_set()


# -- recording ----------------------------------------------------------------------------

RECORD_CASES = [
    # take, record options, seconds, finished_by, t when it ends
    (RecordTake(8, "#"), {}, 8.0, "#", 8.0),
    (RecordTake(3), {}, 3.0, "", 8.0),  # 3 s then 5 s of silence, trimmed
    (RecordTake(3), {"timeout": 2}, 3.0, "", 5.0),
    (RecordTake(30), {"max_length": 10}, 10.0, "", 10.0),
    (RecordTake(3), {"timeout": 0, "max_length": 20}, 3.0, "", 20.0),
    (RecordTake(3, "5"), {"finish_on_key": "#"}, 3.0, "", 8.0),  # 5 does not end it
]


@pytest.mark.parametrize(("take", "options", "seconds", "finished_by", "t"), RECORD_CASES)
async def test_record_ends(
    take: RecordTake, options: dict[str, Any], seconds: float, finished_by: str, t: float
) -> None:
    leg = make_leg(caller=CallerScript(takes=(take,)), variables={"CallSid": "CA1"})
    recording = await leg.record(**options)
    assert (recording.seconds, recording.finished_by) == (seconds, finished_by)
    assert recording.location == "recordings/CA1-1.wav"
    assert leg.clock.elapsed == t
    expected = {"t": t, "event": "record", "url": "recordings/CA1-1.wav", "seconds": seconds}
    if finished_by:
        expected["finished_by"] = finished_by
    assert leg.transcript.events == [expected]


async def test_record_default_take_hangup_and_files(tmp_path: Path) -> None:
    leg = make_leg(hangup_at=12, recordings=tmp_path, name="vm")
    first = await leg.record()  # default take: 5 s, then 5 s of silence
    second = await leg.record()  # the caller hangs up 2 s in
    assert (first.seconds, second.seconds) == (5.0, 2.0)
    assert leg.clock.elapsed == 12
    # The files have the recordings' real lengths, so a later call can play them.
    media = Media(lambda source: Path(source))
    assert media.play_seconds(first.location) == 5.0
    assert media.play_seconds(second.location) == 2.0
    assert [e["event"] for e in leg.transcript] == ["record", "hangup", "record"]
    assert all(e["leg"] == "vm" for e in leg.transcript)


# -- dialling -----------------------------------------------------------------------------

ALICE = DialTarget("number", "+15550001")
BOB = DialTarget("client", "bob")

DIAL_CASES = [
    # script, bridge timeout, status, answered, duration, t of the dial event
    (DialScript(), 30, "completed", ALICE, 30.0, 35.0),
    (DialScript(DialAnswer(after=2, talk=60)), 30, "completed", ALICE, 60.0, 62.0),
    (DialScript.parse("busy"), 30, "busy", None, 0.0, 2.0),
    (DialScript.parse("failed"), 30, "failed", None, 0.0, 0.0),
    (DialScript.parse("no-answer"), 30, "no-answer", None, 0.0, 30.0),
    (DialScript.parse("no-answer"), 10, "no-answer", None, 0.0, 10.0),
    (DialScript(DialAnswer(after=40)), 30, "no-answer", None, 0.0, 30.0),
    (DialScript(DialAnswer(DialOutcome.BUSY, after=45)), 30, "no-answer", None, 0.0, 30.0),
]


@pytest.mark.parametrize(("script", "ring", "status", "answered", "duration", "t"), DIAL_CASES)
async def test_bridge_outcomes(
    script: DialScript,
    ring: float,
    status: str,
    answered: DialTarget | None,
    duration: float,
    t: float,
) -> None:
    leg = make_leg(dial=script)
    result = await leg.bridge([ALICE], timeout=ring)
    assert (result.status, result.answered, result.duration) == (status, answered, duration)
    assert leg.transcript.events == [
        {"t": t, "event": "dial", "target": ALICE.address, "status": status, "duration": duration}
    ]


async def test_bridge_rings_all_targets_and_the_first_to_answer_wins() -> None:
    busy_then_answer = DialScript(
        DialAnswer(DialOutcome.NO_ANSWER),
        {"+15550001": DialAnswer(DialOutcome.BUSY, after=1), "bob": DialAnswer(after=8, talk=20)},
    )
    leg = make_leg(dial=busy_then_answer)
    result = await leg.bridge([ALICE, BOB], caller_id="+15559999")
    assert (result.status, result.answered, result.duration) == ("completed", BOB, 20)
    assert leg.transcript.events == [
        {"t": 28.0, "event": "dial", "target": "bob", "status": "completed", "duration": 20.0,
         "caller_id": "+15559999"},
    ]  # fmt: skip

    all_busy = DialScript(targets={"+15550001": DialAnswer(DialOutcome.BUSY, after=3),
                                   "bob": DialAnswer(DialOutcome.FAILED)})  # fmt: skip
    leg = make_leg(dial=all_busy)
    assert (await leg.bridge([ALICE, BOB])).status is DialStatus.BUSY
    assert events(leg) == [(3.0, "dial", "busy")]
    assert leg.transcript.events[0]["target"] == "+15550001,bob"
    with pytest.raises(ValueError):
        await leg.bridge([])


async def test_caller_hangs_up_while_ringing_or_talking() -> None:
    leg = make_leg(hangup_at=3)
    assert (await leg.bridge([ALICE])).status is DialStatus.CANCELED
    assert events(leg) == [(3.0, "hangup", "caller"), (3.0, "dial", "canceled")]

    leg = make_leg(hangup_at=15)
    result = await leg.bridge([ALICE])
    assert (result.status, result.duration) == (DialStatus.COMPLETED, 10.0)
    assert events(leg) == [(15.0, "hangup", "caller"), (15.0, "dial", "completed")]


# -- scripts and transcript ---------------------------------------------------------------


def test_caller_script_parse() -> None:
    script = CallerScript.parse("1,,23#,9@0.5", hangup_at=30, takes="8#,3.5")
    assert script.inputs == (
        CallerInput("1"),
        CallerInput(""),
        CallerInput("23#"),
        CallerInput("9", barge_in=0.5),
    )
    assert script.takes == (RecordTake(8, "#"), RecordTake(3.5))
    assert CallerScript.parse("").inputs == ()
    for bad, message in [("12x", "DTMF"), ("1@soon", "barge-in"), ("1@-1", "barge-in")]:
        with pytest.raises(ValueError, match=message):
            CallerScript.parse(bad)
    with pytest.raises(ValueError, match="hangup-at"):
        CallerScript.parse("1", hangup_at=-1)
    with pytest.raises(ValueError, match="SECONDS"):
        CallerScript.parse(takes="soon")
    with pytest.raises(ValueError, match="answered"):
        DialScript.parse("maybe")


async def test_transcript_schema_is_enforced_and_shared_by_named_legs() -> None:
    clock = VirtualClock(START)
    transcript = Transcript(clock)
    seen: list[dict[str, Any]] = []
    transcript.listeners.append(seen.append)
    a = SimulatedCallLeg(clock, transcript=transcript, name="a")
    await a.say("Hi")
    transcript.emit("webhook", method="POST", url="http://127.0.0.1/next", params={"Digits": "1"})
    transcript.emit("set", name="lang", value="fr")
    with pytest.raises(ValueError, match="unknown"):
        transcript.emit("dance")
    with pytest.raises(ValueError, match="needs url"):
        transcript.emit("webhook", method="GET", params={})
    assert transcript.brief() == ["say:Hi", "webhook:http://127.0.0.1/next", "set:lang"]
    assert seen == transcript.events
    assert transcript.to_jsonl().splitlines()[0] == (
        '{"t": 0.0, "event": "say", "text": "Hi", "leg": "a"}'
    )


# -- several legs on one clock ------------------------------------------------------------


async def queue_scenario(agent_after: float) -> list[str]:
    """A caller waits in a queue (hold music, up to 30 s) while an agent answers."""
    clock = VirtualClock(START)
    transcript = Transcript(clock)
    caller = SimulatedCallLeg(clock, transcript=transcript, name="caller")
    agent = SimulatedCallLeg(clock, transcript=transcript, name="agent")
    picked_up = clock.event()

    async def wait_in_queue() -> None:
        await caller.answer()
        music = clock.spawn(caller.play("https://cdn.example.com/hold.mp3", loop=0))
        if await picked_up.wait_for(30):
            await caller.say("Connecting you")
        else:
            await caller.say("Nobody is available")
        music.cancel()
        await caller.hangup()

    async def agent_answers() -> None:
        await clock.sleep(agent_after)
        await agent.answer()
        picked_up.set()
        await agent.say("Hello this is Sam")

    await clock.gather(wait_in_queue(), agent_answers())
    return [f"{e['t']} {e['leg']} {e['event']}" for e in transcript]


async def test_two_legs_share_one_clock_in_a_deterministic_order() -> None:
    expected = [
        "0.0 caller answer",
        "0.0 caller play",
        "12.0 agent answer",
        "12.0 agent say",
        "12.0 caller say",
        "12.8 caller hangup",
    ]
    assert await queue_scenario(12) == expected
    assert await queue_scenario(12) == expected  # the same, every time
    assert await queue_scenario(45) == [
        "0.0 caller answer",
        "0.0 caller play",
        "30.0 caller say",
        "31.2 caller hangup",
        "45.0 agent answer",
        "45.0 agent say",
    ]


async def test_real_io_during_a_call_takes_no_virtual_time() -> None:
    """A webhook round trip to a local server between two prompts: the other leg's pause
    ending at 1 s must not overtake it."""
    clock = VirtualClock(START)
    transcript = Transcript(clock)

    async def webhook_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readline()
        await asyncio.sleep(0.02)  # the server is slow in real time
        writer.write(b"<Response><Say>Next</Say></Response>\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(webhook_server, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    ivr = SimulatedCallLeg(clock, transcript=transcript, name="ivr")
    other = SimulatedCallLeg(clock, transcript=transcript, name="other")

    async def run_ivr() -> None:
        await ivr.say("One moment")  # 0.8 s
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /next\n")
        reply = (await reader.readline()).decode().strip()
        writer.close()
        transcript.emit("webhook", method="POST", url=f"http://127.0.0.1:{port}/next", params={})
        await ivr.say(reply)

    async def run_other() -> None:
        await other.pause(1)
        await other.say("Late")

    async with server:
        await clock.gather(run_ivr(), run_other())
    assert [(e["t"], e["event"], e.get("leg")) for e in transcript] == [
        (0.0, "say", "ivr"),
        (0.0, "pause", "other"),
        (0.8, "webhook", None),
        (0.8, "say", "ivr"),
        (1.0, "say", "other"),
    ]


async def test_a_thousand_short_calls_on_one_clock() -> None:
    clock = VirtualClock(START)
    media = Media()
    last: SimulatedCallLeg | None = None
    for n in range(1000):
        leg = SimulatedCallLeg(
            clock,
            caller=CallerScript.parse("2", hangup_at=60),
            variables={"CallSid": f"CA{n}"},
            media=media,
        )
        await leg.answer()
        result = await gather(leg, "Press two for support")
        assert result.digits == "2"
        await leg.play("https://cdn.example.com/bye.mp3")
        await leg.hangup()
        last = leg
    assert last is not None and last.transcript.brief()[-2:] == [
        "play:https://cdn.example.com/bye.mp3",
        "hangup:normal_clearing",
    ]
    assert clock.elapsed == pytest.approx(1000 * (1.6 + 5.0 + 5.0))
