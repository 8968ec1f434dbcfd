"""The ConneXML interpreter on the simulated leg: each verb and attribute, substitution,
Before first, Gather's paths, Condition at a fixed time in several zones, and the example
documents of tests/fixtures/connexml running to the end without an error."""

from __future__ import annotations

import doctest
import wave
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import (
    CallerScript,
    DialAnswer,
    DialOutcome,
    DialScript,
    Media,
    SimulatedCallLeg,
)
from telephony.calls.transcript import Transcript
from telephony.connexml import interpreter
from telephony.connexml.interpreter import ERROR_TEXT, CallContext, run_document
from telephony.connexml.parser import parse

FIXTURES = Path(__file__).parent.parent / "fixtures" / "connexml"
#: A Monday; 09:30 in New York (EST), 14:30 in London, 23:30 in Tokyo.
MONDAY = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
VARIABLES = {
    "CallSid": "CA100",
    "AccountSid": "AC1",
    "From": "+441234567890",
    "To": "+15550001000",
    "Direction": "inbound",
    "Extension": "ext15551230000",
}
END = "hangup:normal_clearing"


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    """Every local prompt is a 2-second WAV file."""
    path = tmp_path_factory.mktemp("audio") / "prompt.wav"
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * 16000)
    return Media(lambda source: path)


async def simulate(
    xml: str,
    digits: str = "",
    *,
    start: datetime = MONDAY,
    hangup_at: float | None = None,
    dial: DialScript | None = None,
    media: Media | None = None,
    variables: Mapping[str, str] | None = None,
    **options: Any,
) -> tuple[Transcript, SimulatedCallLeg]:
    clock = VirtualClock(start)
    leg = SimulatedCallLeg(
        clock,
        caller=CallerScript.parse(digits, hangup_at=hangup_at),
        dial=dial,
        media=media,
    )
    call = CallContext(
        variables={**VARIABLES, **(variables or {})}, transcript=leg.transcript, **options
    )
    await clock.run(run_document(parse(xml), leg, call=call))
    return leg.transcript, leg


def doc(body: str) -> str:
    return f"<Response>{body}</Response>"


def test_doctests() -> None:
    assert doctest.testmod(interpreter).failed == 0


# -- each verb ------------------------------------------------------------------------------

VERBS = [
    ("<Say>Hello</Say>", ["answer", "say:Hello", END]),
    ("<Play>ivr/welcome.wav</Play>", ["answer", "play:ivr/welcome.wav", END]),
    ("<Pause/><Pause length='3'/>", ["answer", "pause:5", "pause:3", END]),
    ("<Say>a</Say><Hangup/><Say>b</Say>", ["answer", "say:a", END]),
    ("<Hangup/>", [END]),
    ("<Reject/><Say>never</Say>", ["reject:rejected"]),
    ("<Reject reason='busy'/>", ["reject:busy"]),
    ("<Digit>12w#</Digit>", ["answer", "dtmf:12w#", END]),
    ("<Set name='x' value='1'/><Say>x is {{x}}</Say>", ["set:x", "answer", "say:x is 1", END]),
    ("<Dial>15557654321</Dial><Say>after</Say>", ["answer", "dial:completed", "say:after", END]),
    ("<Dial><Number> +15551230000 </Number></Dial>", ["answer", "dial:completed", END]),
    ("<Dial><Client>reception101</Client></Dial>", ["answer", "dial:completed", END]),
]


@pytest.mark.parametrize(("body", "expected"), VERBS)
async def test_verbs(body: str, expected: list[str], media: Media) -> None:
    transcript, _ = await simulate(doc(body), media=media)
    assert transcript.brief() == expected


async def test_say_and_play_attributes(media: Media) -> None:
    transcript, _ = await simulate(
        doc(
            '<Say voice="anna" language="en-GB" loop="3">Hi there</Say>'
            '<Play loop="2">user/hold.wav</Play>'
        ),
        media=media,
    )
    say, play = transcript.events[1:3]
    assert say == {
        "t": 0.0,
        "event": "say",
        "text": "Hi there",
        "voice": "anna",
        "language": "en-GB",
        "loop": 3,
    }
    # Three rounds of two words at 0.4 s each, then the 2-second file twice.
    assert play == {"t": 2.4, "event": "play", "source": "user/hold.wav", "loop": 2}
    assert transcript.events[-1]["t"] == 6.4


async def test_echo_runs_until_the_caller_hangs_up() -> None:
    transcript, leg = await simulate(doc("<Echo/><Say>never</Say>"), hangup_at=12)
    assert transcript.brief() == ["answer", "echo", END]
    assert transcript.events[-1]["by"] == "caller" and leg.ended_by == "caller"


async def test_a_document_without_hangup_ends_the_call_like_twiml() -> None:
    transcript, leg = await simulate(doc("<Say>Bye</Say>"))
    assert transcript.events[-1] == {
        "t": 0.4,
        "event": "hangup",
        "cause": "normal_clearing",
        "by": "app",
    }
    assert leg.variables["CallStatus"] == "completed"


async def test_set_header_goes_to_the_next_outbound_leg() -> None:
    transcript, leg = await simulate(
        doc(
            '<Set name="{{ hname }}" value="{{From}}" header="true"/><Set name="plain" value="v"/>'
        ),
        variables={"hname": "X-Caller"},
    )
    assert leg.headers == {"X-Caller": "+441234567890"}
    assert leg.variables["X-Caller"] == "+441234567890" and leg.variables["plain"] == "v"
    sets = [e for e in transcript if e["event"] == "set"]
    assert sets == [
        {"t": 0.0, "event": "set", "name": "X-Caller", "value": "+441234567890", "header": True},
        {"t": 0.0, "event": "set", "name": "plain", "value": "v"},
    ]


async def test_dial_attributes_and_outcomes() -> None:
    busy = DialScript(targets={"reception101": DialAnswer(DialOutcome.BUSY)})
    transcript, _ = await simulate(
        doc(
            '<Dial callerId="+15550001111" timeout="20">15557654321</Dial>'
            "<Dial><Client>reception101</Client></Dial>"
            "<Say>{{DialCallStatus}} {{DialCallDuration}}</Say>"
        ),
        dial=busy,
    )
    first, second = (e for e in transcript if e["event"] == "dial")
    assert first["caller_id"] == "+15550001111" and first["status"] == "completed"
    assert first["duration"] == 30.0 and first["target"] == "15557654321"
    assert second["status"] == "busy" and second["target"] == "reception101"
    assert transcript.brief()[-2:] == ["say:busy 0", END]


async def test_dial_time_limit_ends_the_bridged_call() -> None:
    long_talk = DialScript(DialAnswer(DialOutcome.ANSWERED, talk=600))
    transcript, _ = await simulate(
        doc(
            '<Dial timeLimit="60">15557654321</Dial>'
            "<Say>{{DialCallStatus}} {{DialCallDuration}}</Say>"
            "<Dial>15557654321</Dial>"
        ),
        dial=long_talk,
    )
    limited, free = (e for e in transcript if e["event"] == "dial")
    assert (limited["status"], limited["duration"], limited["ended"]) == (
        "completed",
        60.0,
        "time_limit",
    )
    assert "say:completed 60" in transcript.brief()
    assert free["duration"] == 600.0 and "ended" not in free  # default: 4 hours


async def test_dial_no_answer_after_its_timeout() -> None:
    transcript, _ = await simulate(
        doc('<Dial timeout="7">123</Dial><Say>{{DialCallStatus}}</Say>'),
        dial=DialScript(DialAnswer(DialOutcome.NO_ANSWER)),
    )
    dial = next(e for e in transcript if e["event"] == "dial")
    assert (dial["t"], dial["status"]) == (7.0, "no-answer")
    assert "say:no-answer" in transcript.brief()


@pytest.mark.parametrize(
    "body",
    [
        "<Dial><Conference>Room 1</Conference></Dial>",
        "<Enqueue>billing</Enqueue>",
    ],
)
async def test_what_does_not_run_yet_ends_the_call_clearly(body: str) -> None:
    transcript, _ = await simulate(doc(body))
    brief = transcript.brief()
    assert brief[-2:] == [f"say:{ERROR_TEXT}", END]
    (error,) = [e for e in transcript if e["event"] == "error"]
    assert "is not supported yet" in error["message"]


# -- substitution and Before ------------------------------------------------------------------


SUBSTITUTIONS = [
    ("<Say>Hi {{From}}</Say>", "Hi +441234567890"),
    ("<Say>Hi {{ From }} / ${To}</Say>", "Hi +441234567890 / +15550001000"),
    ("<Say>Ext {{ substring Extension 3 }}</Say>", "Ext 15551230000"),
    ("<Say>[{{unset}}] stays {plain}</Say>", "[] stays {plain}"),
    ("<Set name='a' value='{{From}}-x'/><Say>{{a}}</Say>", "+441234567890-x"),
]


@pytest.mark.parametrize(("body", "spoken"), SUBSTITUTIONS)
async def test_substitution_in_text_and_attributes(body: str, spoken: str) -> None:
    transcript, _ = await simulate(doc(body))
    assert [e["text"] for e in transcript if e["event"] == "say"] == [spoken]


async def test_templated_attributes_are_converted_at_call_time() -> None:
    transcript, _ = await simulate(
        doc('<Say loop="{{n}}">x</Say><Dial timeout="{{t}}">{{ substring Extension 3 }}</Dial>'),
        variables={"n": "2", "t": "9"},
        dial=DialScript(DialAnswer(DialOutcome.NO_ANSWER)),
    )
    say, dial = (e for e in transcript if e["event"] in ("say", "dial"))
    assert say["loop"] == 2
    assert (dial["target"], dial["status"], dial["t"]) == ("15551230000", "no-answer", 0.8 + 9)


async def test_a_templated_value_that_turns_out_bad_is_an_application_error() -> None:
    transcript, _ = await simulate(doc('<Say loop="{{n}}">x</Say>'), variables={"n": "many"})
    assert transcript.brief() == [
        "answer",
        "error:1:11: Say loop: 'many' is not a whole number",
        f"say:{ERROR_TEXT}",
        END,
    ]


async def test_before_runs_first_wherever_it_is() -> None:
    transcript, _ = await simulate(
        doc(
            "<Say>{{greeting}} from {{city}}</Say>"
            '<Before><Set name="city" value="{{region}}"/>'
            '<Set name="greeting" value="Hi"/></Before>'
            '<Set name="city" value="Leeds"/><Say>{{city}}</Say>'
        ),
        variables={"region": "York"},
    )
    assert transcript.brief() == [
        "set:city",
        "set:greeting",
        "answer",
        "say:Hi from York",
        "set:city",
        "say:Leeds",
        END,
    ]


# -- Gather -----------------------------------------------------------------------------------

MENU = (
    "<Gather {attrs}><Say>Press a key</Say><Play>ivr/menu.wav</Play></Gather>"
    "<Say>got {{{{gather_result}}}}</Say>"
)

GATHERS = [
    # (Gather attributes, caller input, gather event (digits, reason), then said)
    ("", "12#", ("12", "finish_key"), "got 12"),
    ("", "12", ("12", "digits"), "got 12"),
    ('numDigits="2"', "123", ("12", "max_digits"), "got 12"),
    ('maxDigits="3"', "12345", ("123", "max_digits"), "got 123"),
    ('finishOnKey="*"', "45*6", ("45", "finish_key"), "got 45"),
    ('finishOnKey=""', "4#", ("4#", "digits"), "got 4#"),
    ('minDigits="3"', "12", ("12", "timeout"), "got 12"),
    ("", "", ("", "timeout"), "got"),  # text is trimmed once filled in
    ("", "#", ("", "finish_key"), "got"),
]


@pytest.mark.parametrize(("attrs", "digits", "gathered", "said"), GATHERS)
async def test_gather_without_action_runs_the_next_verb(
    attrs: str, digits: str, gathered: tuple[str, str], said: str, media: Media
) -> None:
    transcript, leg = await simulate(doc(MENU.format(attrs=attrs)), digits, media=media)
    gather = next(e for e in transcript if e["event"] == "gather")
    assert (gather["digits"], gather["reason"]) == gathered
    assert transcript.brief()[-2:] == [f"say:{said}", END]
    assert leg.variables["gather_result"] == gathered[0]


async def test_gather_timeout_defaults_to_five_seconds_after_the_prompts(media: Media) -> None:
    transcript, _ = await simulate(doc(MENU.format(attrs="")), "", media=media)
    gather = next(e for e in transcript if e["event"] == "gather")
    # "Press a key" (1.2 s) + the 2-second file, then 5 s without a key.
    assert gather["t"] == 8.2
    transcript, _ = await simulate(doc(MENU.format(attrs='timeout="9"')), "", media=media)
    assert next(e for e in transcript if e["event"] == "gather")["t"] == 12.2


async def test_the_first_digit_interrupts_the_prompts(media: Media) -> None:
    transcript, _ = await simulate(doc(MENU.format(attrs="")), "7#@0.4", media=media)
    # The digit cut "Press a key" 0.4 s in; the Play never started.
    assert transcript.brief() == ["answer", "say:Press a key", "gather:7", "say:got 7", END]
    gather = next(e for e in transcript if e["event"] == "gather")
    assert gather["reason"] == "finish_key"


async def test_a_digit_after_the_first_prompt_skips_the_rest(media: Media) -> None:
    transcript, _ = await simulate(doc(MENU.format(attrs="")), "3@1.5", media=media)
    assert transcript.brief()[:4] == ["answer", "say:Press a key", "play:ivr/menu.wav", "gather:3"]


async def test_gather_with_action_but_no_input_falls_through_without_a_request() -> None:
    transcript, _ = await simulate(
        doc(
            '<Gather action="https://ivr.example.com/next" timeout="3"><Say>Enter</Say></Gather>'
            "<Say>nothing</Say>"
        ),
        "",
    )
    assert "webhook" not in transcript.names()
    assert transcript.brief()[-2:] == ["say:nothing", END]


async def test_the_caller_hanging_up_during_gather_ends_it() -> None:
    transcript, _ = await simulate(
        doc('<Gather action="https://ivr.example.com/next"><Say>Enter</Say></Gather><Say>x</Say>'),
        "",
        hangup_at=2,
    )
    assert transcript.brief() == ["answer", "say:Enter", END, "gather:"]
    assert transcript.events[-2]["by"] == "caller" and transcript.events[-1]["reason"] == "hangup"


# -- Condition --------------------------------------------------------------------------------

CONDITIONS = [
    # (attributes, default zone, matches at MONDAY = 14:30 UTC)
    ('hour="9"', "America/New_York", True),
    ('hour="9"', "UTC", False),
    ('hour="14"', "Europe/London", True),
    ('time-of-day="09:00-17:00"', "Asia/Tokyo", False),
    ('time-of-day="22:00-06:00"', "Asia/Tokyo", True),
    ('time-of-day="00:00-06:00"', "Asia/Tokyo", False),
    ('time-of-day="23:00-06:00"', "Asia/Tokyo", True),
    ('time-of-day="09:00-17:00" timezone="America/New_York"', "Asia/Tokyo", True),
    ('wday="2-6"', "UTC", True),
    ('sunmontuewedthufrisat="mon"', "Pacific/Kiritimati", False),  # already Tuesday there
    ('mon="10-3" year="2026" mday="2"', "UTC", True),
    ('date-time="2026-03-02 14:00~2026-03-02 15:00"', "UTC", True),
    ('date-time="2026-03-02 14:00~2026-03-02 15:00"', "Europe/Berlin", False),
    ('wday="{{day}}"', "UTC", True),
    ("", "UTC", True),
]


@pytest.mark.parametrize(("attrs", "zone", "matches"), CONDITIONS)
async def test_condition_on_a_fixed_clock(attrs: str, zone: str, matches: bool) -> None:
    transcript, _ = await simulate(
        doc(f"<Condition {attrs}><Say>yes</Say></Condition><Say>end</Say>"),
        timezone=zone,
        variables={"day": "mon"},
    )
    said = [e["text"] for e in transcript if e["event"] == "say"]
    assert said == (["yes", "end"] if matches else ["end"])


async def test_weekday_differs_between_zones_near_midnight() -> None:
    # 02:00 UTC on Monday is still Sunday (wday 1) 21:00 in New York.
    early = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    body = doc('<Condition wday="1"><Say>sunday</Say></Condition><Say>end</Say>')
    for zone, said in (("America/New_York", ["sunday", "end"]), ("UTC", ["end"])):
        transcript, _ = await simulate(body, start=early, timezone=zone)
        assert [e["text"] for e in transcript if e["event"] == "say"] == said


@pytest.mark.parametrize(
    ("digits", "said"), [("7", ["hours", "end"]), ("27", ["end"]), ("", ["end"])]
)
async def test_condition_on_the_gathered_digits(digits: str, said: list[str]) -> None:
    transcript, _ = await simulate(
        doc(
            '<Gather numDigits="2" timeout="3"><Say>Go</Say></Gather>'
            '<Condition field="${gather_result}" expression="^7$"><Say>hours</Say></Condition>'
            '<Condition field="gather_result" expression="^$"><Say>none</Say></Condition>'
            "<Say>end</Say>"
        ),
        digits,
    )
    spoken = [e["text"] for e in transcript if e["event"] == "say"][1:]
    assert spoken == (said if digits else ["none", "end"])


async def test_condition_children_set_and_speak_and_nest() -> None:
    transcript, leg = await simulate(
        doc(
            '<Condition field="From" expression="^\\+44"><Set name="uk" value="yes"/>'
            '<Say>UK</Say></Condition><Condition field="From" expression="^\\+1">'
            "<Say>US</Say></Condition>"
        )
    )
    assert transcript.brief() == ["set:uk", "answer", "say:UK", END]
    assert leg.variables["uk"] == "yes"


# -- the example documents --------------------------------------------------------------------

RUNNABLE = [
    ("Say.xml", {}),
    ("Play.xml", {}),
    ("Pause.xml", {}),
    ("Hangup.xml", {}),
    ("Reject.xml", {}),
    ("Echo.xml", {"hangup_at": 30}),
    ("Dial.xml", {}),
    ("Dial-Number.xml", {}),
    ("Dial-Client.xml", {}),
    ("Condition.xml", {"digits": "7"}),
    ("Condition-Date.xml", {}),
    ("Gather-Fail.xml", {"digits": ""}),
    ("Variables.xml", {"variables": {"region": "Yorkshire"}}),
]


@pytest.mark.parametrize(("name", "options"), RUNNABLE)
async def test_fixture_documents_run_without_error(
    name: str, options: dict[str, Any], media: Media
) -> None:
    digits = options.pop("digits", "")
    transcript, leg = await simulate((FIXTURES / name).read_text(), digits, media=media, **options)
    assert "error" not in transcript.names(), transcript.to_jsonl()
    assert transcript.names()[-1] in ("hangup", "reject")
    assert leg.hung_up.is_set()


async def test_the_variables_example_does_what_it_says(media: Media) -> None:
    transcript, leg = await simulate(
        (FIXTURES / "Variables.xml").read_text(), variables={"region": "Yorkshire"}
    )
    assert transcript.brief() == [
        "set:city",
        "set:greeting",
        "set:x-city",
        "answer",
        "say:Good day, you are calling from Yorkshire",
        "dial:completed",
        "dtmf:42#",
        END,
    ]
    assert leg.headers == {"x-city": "Yorkshire"}
    dial = next(e for e in transcript if e["event"] == "dial")
    assert dial["target"] == "15551230000"


# -- what reaches the leg, and a crash ---------------------------------------------------------


class SpyLeg(SimulatedCallLeg):
    """Records what the interpreter asks of bridge; fails a say on request."""

    def __init__(self, *args: Any, fail_on: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bridged: list[dict[str, Any]] = []
        self.fail_on = fail_on

    async def bridge(self, targets: Any, **options: Any) -> Any:
        self.bridged.append({"targets": list(targets), **options})
        return await super().bridge(targets, **options)

    async def say(self, text: str, **options: Any) -> str:
        if text == self.fail_on:
            raise RuntimeError("media server went away")
        return await super().say(text, **options)


async def run_on(leg: SimulatedCallLeg, xml: str) -> None:
    call = CallContext(variables=VARIABLES, transcript=leg.transcript)
    await leg.clock.run(run_document(parse(xml), leg, call=call))


async def test_dial_passes_its_attributes_to_the_bridge() -> None:
    leg = SpyLeg(VirtualClock(MONDAY))
    await run_on(
        leg,
        doc(
            '<Dial callerId="+15550001111" fromDisplayName="Front Desk" timeout="12" '
            'hangupOnStar="true" ringTone="uk" timeLimit="90"><Number>+15551230000</Number>'
            '<Client statusCallbackEvent="ringing answered" statusCallback="https://cb.test/s">'
            "alice</Client><Sip>sip:bob@pbx.example.com</Sip></Dial>"
            "<Dial>15557654321</Dial>"
        ),
    )
    first, second = leg.bridged
    assert [(t.kind, t.address) for t in first["targets"]] == [
        ("number", "+15551230000"),
        ("client", "alice"),
        ("sip", "sip:bob@pbx.example.com"),
    ]
    assert first["targets"][1].options == {
        "statusCallbackEvent": "ringing answered",
        "statusCallback": "https://cb.test/s",
        "statusCallbackMethod": "POST",
    }
    assert callable(first["on_answer"])  # a client with callbacks hears of the answer
    assert {k: v for k, v in first.items() if k not in ("targets", "on_answer")} == {
        "timeout": 12,
        "caller_id": "+15550001111",
        "caller_name": "Front Desk",
        "ring_tone": "uk",
        "hangup_on_star": True,
        "time_limit": 90,
    }
    assert (second["timeout"], second["caller_id"], second["hangup_on_star"]) == (30, "", False)


async def test_a_crash_still_ends_the_call_and_is_reported() -> None:
    leg = SpyLeg(VirtualClock(MONDAY), fail_on="boom")
    with pytest.raises(RuntimeError, match="media server went away"):
        await run_on(leg, doc("<Say>fine</Say><Say>boom</Say><Say>never</Say>"))
    assert leg.transcript.brief() == [
        "answer",
        "say:fine",
        "error:internal error: RuntimeError('media server went away')",
        END,
    ]


async def test_a_set_whose_name_renders_empty_is_an_application_error() -> None:
    transcript, _ = await simulate(doc('<Set name="{{nothing}}" value="1"/>'))
    assert transcript.brief() == [
        "error:Set at line 1 has an empty name",
        "answer",
        f"say:{ERROR_TEXT}",
        END,
    ]
