"""Press/Enter contexts, Transfer, Refer, Record, Start/Stop/Connect Stream, Sms and Variables
on the simulated leg; Record's action and status callback and Refer's and Stream's callbacks
against a real local HTTP server."""

from __future__ import annotations

import doctest
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest

from telephony.calls.clock import VirtualClock
from telephony.calls.simulated import (
    CallerScript,
    DialAnswer,
    DialOutcome,
    DialScript,
    SimulatedCallLeg,
)
from telephony.calls.transcript import Transcript
from telephony.connexml.interpreter import CallContext, run_document
from telephony.connexml.parser import parse
from telephony.connexml.run import press
from telephony.connexml.run import transfer as transfer_runner
from telephony.connexml.webhooks import SIGNATURE_HEADER, signature, verify_signed_url
from tests.telephony.local_http import serving

FIXTURES = Path(__file__).parent.parent / "fixtures" / "connexml"
START = datetime(2026, 3, 2, 14, 30, tzinfo=UTC)
SECRET = "whsec-verbs2"
CALL = {
    "CallSid": "CA42",
    "AccountSid": "AC1",
    "From": "+441234567890",
    "To": "+15550001000",
    "Direction": "inbound",
}
END = "hangup:normal_clearing"


async def simulate(
    xml: str,
    digits: str = "",
    *,
    takes: str = "",
    hangup_at: float | None = None,
    dial: DialScript | None = None,
    **options: Any,
) -> tuple[Transcript, SimulatedCallLeg]:
    clock = VirtualClock(START)
    caller = CallerScript.parse(digits, hangup_at=hangup_at, takes=takes)
    leg = SimulatedCallLeg(clock, caller=caller, dial=dial)
    options.setdefault("secret", SECRET)
    call = CallContext(variables=CALL, transcript=leg.transcript, **options)
    await clock.run(run_document(parse(xml), leg, call=call))
    return leg.transcript, leg


def doc(body: str) -> str:
    return f"<Response>{body}</Response>"


def events(transcript: Transcript, name: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in e.items() if k != "event"} for e in transcript if e["event"] == name]


def test_doctests() -> None:
    assert doctest.testmod(transfer_runner).failed == 0


# -- a local webhook server ------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    seen: list[dict[str, Any]] = []

    def log_message(self, *args: Any) -> None:
        pass

    def _handle(self, form: dict[str, str]) -> None:
        parts = urlsplit(self.path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        self.seen.append(
            {
                "method": self.command,
                "path": parts.path,
                "query": query,
                "form": form,
                "signature": self.headers.get(SIGNATURE_HEADER),
                "url": f"http://{self.headers['Host']}{self.path}",
            }
        )
        params = {**query, **form}
        if parts.path == "/recorded":
            body = f"<Response><Say>Got {params.get('RecordingDuration')} s</Say></Response>"
        elif parts.path == "/referred":
            body = f"<Response><Say>Refer {params.get('ReferCallStatus')}</Say></Response>"
        elif parts.path == "/fail":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        else:
            body = "ok"
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._handle({})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self._handle(dict(parse_qsl(self.rfile.read(length).decode(), keep_blank_values=True)))


@pytest.fixture(scope="module")
def running_server() -> Iterator[str]:
    with serving(_Handler) as url:
        yield url


@pytest.fixture
def server(running_server: str) -> str:
    _Handler.seen = []
    return running_server


# -- Press and Enter ---------------------------------------------------------------------------

#: ConnexCS's Press.xml: context B first; in B, 1 enters A and 2 hangs up; in A, 1 plays and
#: 2 says something; 3 works in every context.
CONTEXTS = doc(
    "<Enter>B</Enter>"
    '<Press digit="1" context="A"><Say>adam</Say></Press>'
    '<Press digit="2" context="A"><Say>two in A</Say></Press>'
    '<Press digit="3"><Say>anywhere</Say></Press>'
    '<Press digit="2" context="B"><Hangup/></Press>'
    '<Press digit="1" context="B"><Enter>A</Enter></Press>'
)
PRESSES = [
    # (caller input, one per key wait, what happens)
    ("2", ["answer", "gather:2", END]),
    ("1,2", ["answer", "gather:1", "gather:2", "say:two in A", "gather:", END]),
    (
        "1,1,2",
        ["answer", "gather:1", "gather:1", "say:adam", "gather:2", "say:two in A", "gather:", END],
    ),
    (
        "3,1,3",
        [
            "answer",
            "gather:3",
            "say:anywhere",
            "gather:1",
            "gather:3",
            "say:anywhere",
            "gather:",
            END,
        ],
    ),
    ("9,2", ["answer", "gather:9", "warning:no Press for '9' in context 'B'", "gather:2", END]),
    ("", ["answer", "gather:", END]),
]


@pytest.mark.parametrize(("digits", "expected"), PRESSES)
async def test_press_contexts_switch_with_enter(digits: str, expected: list[str]) -> None:
    transcript, _ = await simulate(CONTEXTS, digits)
    assert transcript.brief() == expected


async def test_the_end_of_the_document_waits_for_a_bound_key_then_hangs_up() -> None:
    transcript, _ = await simulate(CONTEXTS, "")
    (gather,) = events(transcript, "gather")
    assert (gather["t"], gather["reason"]) == (press.END_WAIT, "timeout")


async def test_without_enter_the_first_context_bound_is_active() -> None:
    transcript, _ = await simulate(
        doc('<Press digit="1" context="main"><Say>main one</Say></Press>'
            '<Press digit="1" context="other"><Say>other one</Say></Press>'),
        "1",
    )  # fmt: skip
    assert "say:main one" in transcript.brief()
    assert "say:other one" not in transcript.brief()


async def test_a_key_during_a_later_prompt_triggers_the_binding() -> None:
    transcript, _ = await simulate(
        doc(
            '<Press digit="9"><Say>operator</Say></Press>'
            "<Say>one two three four five</Say><Say>after</Say>"
        ),
        "9@0.8",
    )
    # "9" cut the first Say 0.8 s in, ran the binding, then the document went on.
    assert transcript.brief()[:5] == ["answer", "say:one two three four five", "gather:9",
                                      "say:operator", "say:after"]  # fmt: skip
    operator = next(e for e in transcript if e.get("text") == "operator")
    assert operator["t"] == 0.8


async def test_a_key_during_a_pause_triggers_the_binding() -> None:
    transcript, _ = await simulate(
        doc('<Press digit="0"><Say>operator</Say></Press><Pause length="30"/><Say>after</Say>'),
        "0@2.5",
    )
    # The key cut the 30 s pause short at 2.5 s, ran its binding, then the document went on.
    assert transcript.brief()[:5] == ["answer", "pause:30", "gather:0", "say:operator", "say:after"]
    assert next(e for e in transcript if e.get("text") == "operator")["t"] == 2.5


async def test_a_key_sequence_binding_collects_its_other_keys() -> None:
    transcript, _ = await simulate(
        doc('<Press digit="#9"><Say>hash nine</Say></Press>'
            '<Press digit="#"><Say>hash</Say></Press><Say>menu menu menu</Say>'),
        "#9@0.4",
    )  # fmt: skip
    assert transcript.brief()[1:4] == ["say:menu menu menu", "gather:#9", "say:hash nine"]


async def test_keys_outside_bindings_do_not_cut_prompts() -> None:
    transcript, _ = await simulate(
        doc('<Press digit="1" context="A"><Say>one</Say></Press><Enter>B</Enter>'
            "<Say>hello there</Say>"),
        "1@0.2",
    )  # fmt: skip
    # Context B binds nothing: the prompt plays in full and nothing waits at the end.
    say = events(transcript, "say")
    assert [s["text"] for s in say] == ["hello there"]
    assert transcript.brief()[-1] == END and "gather" not in transcript.names()


async def test_gather_keeps_its_keys() -> None:
    transcript, leg = await simulate(
        doc('<Press digit="1"><Say>bound</Say></Press>'
            '<Gather numDigits="1"><Say>choose</Say></Gather><Hangup/>'),
        "1@0.2",
    )  # fmt: skip
    assert "say:bound" not in transcript.brief()
    assert leg.variables["gather_result"] == "1"


async def test_dtmf_leg_b_listens_on_the_caller_with_a_warning() -> None:
    transcript, _ = await simulate(
        doc('<Press digit="5" dtmf_leg="b"><Say>five</Say></Press>'), "5"
    )
    brief = transcript.brief()
    assert brief[0].startswith("warning:Press digit='5' dtmf_leg=\"b\"")
    assert "say:five" in brief


async def test_bindings_end_with_their_document() -> None:
    async def resolver(target: str, params: Mapping[str, str]) -> str:
        return "<Response><Say>next page</Say></Response>"

    transcript, _ = await simulate(
        doc('<Press digit="1"><Redirect>app:next</Redirect></Press>'),
        "1",
        resolver=resolver,
    )
    # The fetched document has no bindings: it ends without waiting for a key.
    assert transcript.brief() == ["answer", "gather:1", "webhook:app:next", "say:next page", END]


async def test_the_press_fixture_runs() -> None:
    transcript, _ = await simulate((FIXTURES / "Press.xml").read_text(), "1,1,#9")
    assert "error" not in transcript.names()
    brief = transcript.brief()
    assert brief[:4] == ["answer", "gather:1", "gather:1", "say:Connecting you to sales"]
    assert brief[-1] == END


# -- Transfer and Refer ------------------------------------------------------------------------

TRANSFERS = [
    # (Transfer, dial script, transfer event (without t), then)
    ("<Transfer>newExtension</Transfer>", DialAnswer(talk=20),
     {"target": "newExtension", "kind": "blind", "destination": "client"}, [END]),
    ('<Transfer attended="false">+15557654321</Transfer>', DialAnswer(DialOutcome.BUSY),
     {"target": "+15557654321", "kind": "blind", "destination": "number"}, [END]),
    ('<Transfer attended="true">sip:ops@pbx.example.com</Transfer>', DialAnswer(talk=20),
     {"target": "sip:ops@pbx.example.com", "kind": "attended", "destination": "sip",
      "status": "completed"}, [END]),
    ('<Transfer attended="true">200</Transfer>', DialAnswer(DialOutcome.NO_ANSWER),
     {"target": "200", "kind": "attended", "destination": "number", "status": "no-answer"},
     ["say:still here no-answer", END]),
]  # fmt: skip


@pytest.mark.parametrize(("verb", "answer", "event", "then"), TRANSFERS)
async def test_transfer(
    verb: str, answer: DialAnswer, event: dict[str, str], then: list[str]
) -> None:
    transcript, _ = await simulate(
        doc(f"{verb}<Say>still here {{{{DialCallStatus}}}}</Say>"), dial=DialScript(answer)
    )
    (transfer,) = events(transcript, "transfer")
    del transfer["t"]
    assert transfer == event
    (dial,) = events(transcript, "dial")
    assert dial["target"] == event["target"] and dial["caller_id"] == CALL["From"]
    assert transcript.brief()[-len(then) :] == then


async def test_a_blind_transfer_is_announced_before_it_rings() -> None:
    transcript, _ = await simulate(doc("<Transfer>300</Transfer>"))
    assert transcript.names() == ["answer", "transfer", "dial", "hangup"]
    transcript, _ = await simulate(doc('<Transfer attended="true">300</Transfer>'))
    assert transcript.names() == ["answer", "dial", "transfer", "hangup"]


async def test_transfer_of_leg_b_warns_and_transfers_the_caller() -> None:
    transcript, _ = await simulate(doc('<Transfer leg="b">300</Transfer>'))
    assert transcript.names() == ["answer", "warning", "transfer", "dial", "hangup"]


REFERS = [
    (DialAnswer(talk=3), "completed", [END]),
    (DialAnswer(DialOutcome.BUSY), "busy", ["say:after busy", END]),
]


@pytest.mark.parametrize(("answer", "status", "then"), REFERS)
async def test_refer_without_action(answer: DialAnswer, status: str, then: list[str]) -> None:
    transcript, _ = await simulate(
        doc("<Refer><Sip>sip:alice@pbx.example.com</Sip></Refer>"
            "<Say>after {{DialCallStatus}}</Say>"),
        dial=DialScript(answer),
    )  # fmt: skip
    (transfer,) = events(transcript, "transfer")
    assert (transfer["kind"], transfer["target"]) == ("refer", "sip:alice@pbx.example.com")
    assert events(transcript, "dial")[0]["status"] == status
    assert transcript.brief()[-len(then) :] == then


@pytest.mark.parametrize(
    ("answer", "status", "notify", "said"),
    [
        (DialAnswer(talk=3), "completed", "200", []),
        (DialAnswer(DialOutcome.BUSY), "busy", "486", ["Refer busy"]),
        (DialAnswer(DialOutcome.NO_ANSWER), "no-answer", "480", ["Refer no-answer"]),
    ],
)
async def test_refer_action_gets_the_outcome(
    server: str, answer: DialAnswer, status: str, notify: str, said: list[str]
) -> None:
    transcript, _ = await simulate(
        doc(f'<Refer action="{server}/referred"><Sip>sip:bob@pbx.example.com</Sip></Refer>'
            "<Say>never</Say>"),
        dial=DialScript(answer),
    )  # fmt: skip
    (seen,) = _Handler.seen
    assert seen["form"]["ReferCallStatus"] == status
    assert seen["form"]["ReferSipResponseCode"] == "202"
    assert seen["form"]["NotifySipResponseCode"] == notify
    # Answered: the call had left; the action's reply is not run.
    assert [e["text"] for e in events(transcript, "say")] == said


# -- Record ------------------------------------------------------------------------------------

RECORDS = [
    # (attributes, caller's take, record event (seconds, finished_by), RecordingDuration, Digits)
    ("", "8", (8.0, None), "8", ""),
    ('finishOnKey="*"', "4*", (4.0, "*"), "4", "*"),
    ('finishOnKey="*"', "4#", (4.0, None), "4", ""),  # '#' does not finish: silence does
    ('maxLength="3"', "8", (3.0, None), "3", ""),
    ('timeout="2"', "2.5", (2.5, None), "2", ""),
    ('timeout="0" maxLength="9"', "2", (2.0, None), "2", ""),
]


@pytest.mark.parametrize(("attrs", "take", "recorded", "duration", "digits"), RECORDS)
async def test_record_with_action(
    server: str,
    attrs: str,
    take: str,
    recorded: tuple[float, str | None],
    duration: str,
    digits: str,
) -> None:
    base = "https://files.example.com/rec"
    transcript, leg = await simulate(
        doc(f'<Record {attrs} action="{server}/recorded"/><Say>never</Say>'),
        takes=take,
        recordings_url=base,
    )
    (record,) = events(transcript, "record")
    assert (record["seconds"], record.get("finished_by")) == recorded
    (seen,) = _Handler.seen
    form = seen["form"]
    assert (form["RecordingDuration"], form["Digits"]) == (duration, digits)
    assert form["RecordingUrl"].startswith(f"{base}/CA42-1.wav?expires=")
    now = leg.clock.now().timestamp()
    assert verify_signed_url(form["RecordingUrl"], SECRET, now=now)
    assert not verify_signed_url(form["RecordingUrl"], "other", now=now)
    assert not verify_signed_url(form["RecordingUrl"], SECRET, now=now + 3601)
    assert seen["signature"] == signature(SECRET, f"{server}/recorded", form)
    assert transcript.brief()[-2:] == [f"say:Got {duration} s", END]


async def test_record_status_callback_then_action(server: str) -> None:
    transcript, leg = await simulate(
        doc(
            f'<Record action="{server}/recorded" method="GET" '
            f'recordingStatusCallback="{server}/status" finishOnKey="#"/>'
        ),
        takes="6#",
        recordings_url="https://files.example.com/rec/",
        recordings_secret="files-secret",
        recordings_ttl=60,
    )
    status, action = _Handler.seen
    assert (status["method"], status["path"]) == ("POST", "/status")
    assert status["form"]["RecordingStatus"] == "completed"
    assert status["form"]["RecordingDuration"] == "6" and status["form"]["CallSid"] == "CA42"
    assert (action["method"], action["path"]) == ("GET", "/recorded")
    assert action["query"]["Digits"] == "#"
    url = action["query"]["RecordingUrl"]
    assert url == status["form"]["RecordingUrl"]
    now = leg.clock.now().timestamp()
    assert verify_signed_url(url, "files-secret", now=now)
    assert not verify_signed_url(url, "files-secret", now=now + 61)
    assert [e["url"].split("?")[0] for e in events(transcript, "webhook")] == [
        f"{server}/status",
        f"{server}/recorded",
    ]
    assert leg.variables["RecordingDuration"] == "6"


async def test_a_failing_status_callback_is_only_a_warning(server: str) -> None:
    transcript, _ = await simulate(
        doc(f'<Record recordingStatusCallback="{server}/fail"/><Say>next</Say>'), takes="3"
    )
    (warning,) = events(transcript, "warning")
    assert "HTTP 500" in warning["message"]
    assert transcript.brief()[-2:] == ["say:next", END]


async def test_record_without_action_runs_the_next_verb() -> None:
    transcript, leg = await simulate(
        doc('<Record playBeep="false" timeout="3"/><Say>thanks {{RecordingDuration}}</Say>'),
        takes="7",
    )
    assert transcript.brief() == ["answer", "record:7.0", "say:thanks 7", END]
    # Without recordings_url (the command-line simulator) the URL is the storage location.
    assert leg.variables["RecordingUrl"] == "recordings/CA42-1.wav"
    assert events(transcript, "record")[0]["t"] == 10.0  # 7 s of speech + 3 s of silence


async def test_an_empty_recording_skips_the_action(server: str) -> None:
    transcript, _ = await simulate(
        doc(f'<Record action="{server}/recorded" timeout="2"/><Say>nothing heard</Say>'),
        takes="0",
    )
    assert _Handler.seen == []
    assert transcript.brief()[-2:] == ["say:nothing heard", END]


async def test_a_hang_up_during_the_recording_still_reaches_the_action(server: str) -> None:
    transcript, _ = await simulate(
        doc(f'<Record action="{server}/recorded"/><Say>never</Say>'), takes="30", hangup_at=4
    )
    (seen,) = _Handler.seen
    assert (seen["form"]["Digits"], seen["form"]["RecordingDuration"]) == ("hangup", "4")
    assert "say" not in transcript.names()


# -- Streams -----------------------------------------------------------------------------------


async def test_start_and_stop_a_named_stream_counts_frames() -> None:
    transcript, _ = await simulate(
        doc(
            '<Start><Stream url="wss://ws.example.com/a" name="agent" mix_type="stereo">'
            '<Parameter name="customer" value="{{From}}"/><Parameter name="lang" value="en"/>'
            "</Stream></Start>"
            "<Pause length='3'/>"
            '<Stop><Stream name="agent"/></Stop><Say>done</Say>'
        )
    )
    started, stopped = events(transcript, "stream")
    assert started == {
        "t": 0.0,
        "status": "started",
        "name": "agent",
        "url": "wss://ws.example.com/a",
        "track": "stereo",
        "parameters": {"customer": CALL["From"], "lang": "en"},
    }
    assert stopped == {
        "t": 3.0,
        "status": "stopped",
        "name": "agent",
        "url": "wss://ws.example.com/a",
        "frames": 150,
    }
    assert transcript.brief()[-2:] == ["say:done", END]


STOPS = [
    # (Stop element, streams stopped by it, streams stopped at the end, warnings)
    ("<Stop><Stream/></Stop>", {"a", "b"}, set(), 0),
    ("<Stop/>", {"a", "b"}, set(), 0),
    ('<Stop><Stream name="b"/></Stop>', {"b"}, {"a"}, 0),
    ('<Stop><Stream name="zzz"/></Stop>', set(), {"a", "b"}, 1),
    ("", set(), {"a", "b"}, 0),
]


@pytest.mark.parametrize(("stop", "by_stop", "at_end", "warnings"), STOPS)
async def test_stop_by_name_or_all_and_the_end_of_the_call(
    stop: str, by_stop: set[str], at_end: set[str], warnings: int
) -> None:
    transcript, _ = await simulate(
        doc(
            '<Start><Stream url="wss://ws.example.com/1" name="a"/>'
            '<Stream url="wss://ws.example.com/2" name="b" mix_type="mixed"/></Start>'
            f"<Pause length='2'/>{stop}<Pause length='1'/>"
        )
    )
    stopped = [e for e in events(transcript, "stream") if e["status"] == "stopped"]
    assert {e["name"] for e in stopped if e["t"] == 2.0} == by_stop
    assert {e["name"] for e in stopped if e["t"] == 3.0} == at_end
    assert {e["frames"] for e in stopped if e["t"] == 3.0} <= {150}
    assert len(events(transcript, "warning")) == warnings
    # Streams the end of the call stops are reported just before the hang-up.
    assert transcript.names()[-1] == "hangup"


async def test_an_unnamed_stream_is_named_by_its_url_and_a_taken_name_is_refused() -> None:
    transcript, _ = await simulate(
        doc(
            '<Start><Stream url="wss://ws.example.com/x"/></Start><Pause length="1"/>'
            '<Start><Stream url="wss://ws.example.com/x"/></Start><Pause length="1"/>'
        )
    )
    streams = events(transcript, "stream")
    assert [(s["status"], s["name"]) for s in streams] == [
        ("started", "wss://ws.example.com/x"),
        ("stopped", "wss://ws.example.com/x"),
    ]
    assert streams[1]["frames"] == 100
    (warning,) = events(transcript, "warning")
    assert "already open" in warning["message"]


async def test_stream_status_callback(server: str) -> None:
    await simulate(
        doc(
            f'<Start><Stream url="wss://ws.example.com/x" name="s1" statusCallback="{server}/st"/>'
            '</Start><Pause length="1"/><Stop><Stream name="s1"/></Stop>'
        )
    )
    assert [(s["form"]["StreamName"], s["form"]["StreamEvent"]) for s in _Handler.seen] == [
        ("s1", "stream-started"),
        ("s1", "stream-stopped"),
    ]
    assert _Handler.seen[1]["form"]["Timestamp"] == "2026-03-02T14:30:01+00:00"


async def test_connect_streams_until_the_caller_hangs_up() -> None:
    transcript, _ = await simulate(
        doc('<Connect><Stream url="wss://ws.example.com/bot"/></Connect><Say>never</Say>'),
        hangup_at=12,
    )
    assert transcript.brief() == ["answer", "stream:started", "stream:stopped", END]
    assert events(transcript, "stream")[1]["frames"] == 600


async def test_stream_and_parameter_at_the_root() -> None:
    transcript, _ = await simulate(
        doc('<Parameter name="k" value="v"/><Stream url="wss://ws.example.com/r"/>')
    )
    assert transcript.names() == ["warning", "answer", "stream", "stream", "hangup"]


async def test_the_stream_fixture_runs() -> None:
    transcript, _ = await simulate((FIXTURES / "Stream.xml").read_text(), hangup_at=5)
    assert "error" not in transcript.names()
    (started,) = [e for e in events(transcript, "stream") if e["status"] == "started"]
    assert started["parameters"] == {"customer": "4411", "language": "en"}


# -- Sms and Variables -------------------------------------------------------------------------

SMS = [
    ("<Sms>Your code is 42</Sms>", {"to": CALL["From"], "from": CALL["To"]}),
    ('<Sms to="+15550002222" from="+15550003333">Hi</Sms>',
     {"to": "+15550002222", "from": "+15550003333"}),
]  # fmt: skip


@pytest.mark.parametrize(("verb", "parties"), SMS)
async def test_sms(verb: str, parties: dict[str, str]) -> None:
    transcript, _ = await simulate(doc(f"{verb}<Say>sent</Say>"))
    (sms,) = events(transcript, "sms")
    assert {"to": sms["to"], "from": sms["from"]} == parties
    assert transcript.brief()[0].startswith("sms:")
    assert transcript.brief()[-2:] == ["say:sent", END]


async def test_variables_is_ignored_with_a_warning() -> None:
    transcript, leg = await simulate(doc("<Variables> a=1\n b=2 </Variables><Say>hi</Say>"))
    assert transcript.brief() == [
        "warning:Variables at line 1 is undocumented and ignored: 'a=1 b=2'",
        "answer",
        "say:hi",
        END,
    ]
    assert "a" not in leg.variables


async def test_the_record_fixture_runs(server: str) -> None:
    xml = (FIXTURES / "TwiML-Record.xml").read_text().replace("https://ivr.example.com", server)
    transcript, _ = await simulate(xml, takes="5*", recordings_url="https://files.example.com")
    assert [s["path"] for s in _Handler.seen] == ["/recording-status", "/recorded"]
    assert transcript.brief()[-2:] == ["say:Got 5 s", END]
