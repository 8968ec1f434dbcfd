"""Redirect and every ``action`` against a real local HTTP server: GET and POST with the
call's parameters (Digits, DialCallStatus...), relative URLs, internal targets, and servers
that are slow, failing, not XML, not allowed, unreachable or loop, which end the call with
a spoken error instead of leaving it stuck."""

from __future__ import annotations

import socket
import time
import wave
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest

from runtime import netguard
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
from telephony.connexml.interpreter import ERROR_TEXT, CallContext, FetchFailed, run_document
from telephony.connexml.parser import parse
from telephony.connexml.webhooks import MAX_REDIRECTS, SIGNATURE_HEADER, signature
from tests.telephony.local_http import serving

SECRET = "whsec-test"
CALL = {
    "CallSid": "CA7",
    "AccountSid": "AC9",
    "From": "+441234567890",
    "To": "+15550001000",
    "Direction": "inbound",
    "Extension": "sales",
}
END = "hangup:normal_clearing"
SORRY = f"say:{ERROR_TEXT}"


def _reply_for(path: str, params: dict[str, str]) -> tuple[int, str, str]:
    """(status, content type, body) the test server answers ``path`` with."""
    xml = "application/xml"
    if path == "/menu":
        return 200, xml, "<Response><Say>Main menu</Say></Response>"
    if path == "/digits":
        return 200, xml, f"<Response><Say>You entered {params.get('Digits', '-')}</Say></Response>"
    if path == "/dialled":
        status, duration = params.get("DialCallStatus"), params.get("DialCallDuration")
        return 200, xml, f"<Response><Say>Dial {status} {duration}</Say></Response>"
    if path == "/step":
        return (
            200,
            xml,
            '<Response><Gather numDigits="1" action="/step"/><Say>Menu done</Say></Response>',
        )
    if path == "/relative":
        return 200, xml, '<Response><Redirect method="GET">menu</Redirect></Response>'
    if path == "/loop":
        return 200, xml, "<Response><Say>again</Say><Redirect>/loop</Redirect></Response>"
    if path == "/slow":
        time.sleep(1.0)
        return 200, xml, "<Response><Say>too late</Say></Response>"
    if path == "/error":
        return 500, "text/plain", "oops"
    if path == "/html":
        return 200, "text/html", "<html><body>Not ConneXML</body></html>"
    if path == "/invalid":
        return 200, xml, "<Response><Say loop='x'>hi</Say><Wait/></Response>"
    return 404, "text/plain", "no such page"


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
        status, content_type, body = _reply_for(parts.path, {**query, **form})
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
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


async def simulate(
    xml: str,
    digits: str = "",
    *,
    dial: DialScript | None = None,
    media: Media | None = None,
    **options: Any,
) -> tuple[Transcript, SimulatedCallLeg]:
    clock = VirtualClock(datetime(2026, 3, 2, 14, 30, tzinfo=UTC))
    leg = SimulatedCallLeg(clock, caller=CallerScript.parse(digits), dial=dial, media=media)
    options.setdefault("secret", SECRET)
    call = CallContext(variables=CALL, transcript=leg.transcript, **options)
    await clock.run(run_document(parse(xml), leg, call=call))
    return leg.transcript, leg


def errors(transcript: Transcript) -> list[str]:
    return [e["message"] for e in transcript if e["event"] == "error"]


# -- round trips ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_gather_action_gets_the_digits(server: str, method: str) -> None:
    transcript, _ = await simulate(
        f'<Response><Gather action="{server}/digits?step=2" method="{method}" numDigits="3">'
        "<Say>Account</Say></Gather><Say>never</Say></Response>",
        "123",
    )
    assert transcript.brief() == [
        "answer",
        "say:Account",
        "gather:123",
        f"webhook:{server}/digits?step=2",
        "say:You entered 123",
        END,
    ]
    (seen,) = _Handler.seen
    expected = {**{k: v for k, v in CALL.items() if k != "Extension"}}
    expected.update(CallStatus="in-progress", Digits="123")
    assert seen["method"] == method
    if method == "GET":
        assert seen["query"] == {"step": "2", **expected} and seen["form"] == {}
        assert seen["signature"] == signature(SECRET, seen["url"])
    else:
        assert seen["query"] == {"step": "2"} and seen["form"] == expected
        assert seen["signature"] == signature(SECRET, f"{server}/digits?step=2", expected)
    webhook = next(e for e in transcript if e["event"] == "webhook")
    assert webhook["method"] == method and webhook["params"] == expected


async def test_gather_method_defaults_to_post(server: str) -> None:
    await simulate(f'<Response><Gather action="{server}/digits"/></Response>', "5#")
    assert [(s["method"], s["form"]["Digits"]) for s in _Handler.seen] == [("POST", "5")]


@pytest.mark.parametrize(("on_empty", "requests"), [("true", 1), ("false", 0)])
async def test_action_on_empty_result(server: str, on_empty: str, requests: int) -> None:
    transcript, _ = await simulate(
        f'<Response><Gather action="{server}/digits" actionOnEmptyResult="{on_empty}" '
        'timeout="2"><Say>Go</Say></Gather><Say>fell through</Say></Response>',
        "",
    )
    assert len(_Handler.seen) == requests
    said = [e["text"] for e in transcript if e["event"] == "say"][1:]
    assert said == (["You entered"] if requests else ["fell through"])
    if requests:
        assert _Handler.seen[0]["form"]["Digits"] == ""


@pytest.mark.parametrize(
    ("answer", "status", "duration"),
    [
        (DialAnswer(talk=42.7), "completed", "42"),
        (DialAnswer(DialOutcome.BUSY), "busy", "0"),
        (DialAnswer(DialOutcome.NO_ANSWER), "no-answer", "0"),
        (DialAnswer(DialOutcome.FAILED), "failed", "0"),
    ],
)
async def test_dial_action_gets_the_status_and_duration(
    server: str, answer: DialAnswer, status: str, duration: str
) -> None:
    transcript, _ = await simulate(
        f'<Response><Dial action="{server}/dialled" timeout="10">15557654321</Dial>'
        "<Say>never</Say></Response>",
        dial=DialScript(answer),
    )
    assert transcript.brief()[-3:] == [
        f"webhook:{server}/dialled",
        f"say:Dial {status} {duration}",
        END,
    ]
    (seen,) = _Handler.seen
    assert seen["method"] == "POST"
    assert (seen["form"]["DialCallStatus"], seen["form"]["DialCallDuration"]) == (status, duration)


async def test_redirect_continues_there_and_ignores_the_rest(server: str) -> None:
    transcript, _ = await simulate(
        f'<Response><Say>First</Say><Redirect method="GET">{server}/menu</Redirect>'
        "<Say>never</Say></Response>"
    )
    assert transcript.brief() == [
        "answer",
        "say:First",
        f"webhook:{server}/menu",
        "say:Main menu",
        END,
    ]
    assert _Handler.seen[0]["method"] == "GET"
    assert _Handler.seen[0]["query"]["CallSid"] == "CA7"


async def test_redirect_inside_a_condition_leaves_the_document(server: str) -> None:
    transcript, _ = await simulate(
        f'<Response><Condition field="Extension" expression="^sales$">'
        f"<Redirect>{server}/menu</Redirect></Condition><Say>never</Say></Response>"
    )
    assert transcript.brief()[-2:] == ["say:Main menu", END]


async def test_relative_urls_resolve_against_the_documents_url(server: str) -> None:
    transcript, _ = await simulate(
        "<Response><Redirect>/relative</Redirect></Response>", url=f"{server}/app/start.xml"
    )
    assert [s["path"] for s in _Handler.seen] == ["/relative", "/menu"]
    assert [e["url"] for e in transcript if e["event"] == "webhook"] == [
        f"{server}/relative",
        f"{server}/menu",
    ]
    assert transcript.brief()[-2:] == ["say:Main menu", END]


async def test_a_relative_url_without_a_document_url_is_an_error() -> None:
    transcript, _ = await simulate("<Response><Redirect>/next</Redirect></Response>")
    assert transcript.brief() == [
        "error:the relative URL '/next' needs a document fetched over HTTP",
        "answer",
        SORRY,
        END,
    ]


# -- failures ---------------------------------------------------------------------------------

FAILURES = [
    ("/slow", {"webhook_timeout": 0.2}, "did not answer within 0.2 s"),
    ("/error", {}, "answered HTTP 500"),
    ("/html", {}, "did not answer with a ConneXML document (text/html)"),
    ("/invalid", {}, "is not valid ConneXML"),
    ("/menu", {"allow": ["*.example.com"]}, "127.0.0.1 is not on the app's list of webhook hosts"),
]


@pytest.mark.parametrize(("path", "options", "message"), FAILURES)
async def test_failing_servers_end_in_a_spoken_error(
    server: str, path: str, options: dict[str, Any], message: str
) -> None:
    transcript, leg = await simulate(
        f"<Response><Say>Hello</Say><Redirect>{server}{path}</Redirect><Say>never</Say></Response>",
        **options,
    )
    brief = transcript.brief()
    assert brief[:3] == ["answer", "say:Hello", f"webhook:{server}{path}"]
    assert brief[4:] == [SORRY, END]
    (error,) = errors(transcript)
    assert message in error
    assert leg.hung_up.is_set()


async def test_an_unreachable_server_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    transcript, _ = await simulate(
        f'<Response><Gather action="http://127.0.0.1:{port}/x"/></Response>', "1#"
    )
    (error,) = errors(transcript)
    assert "could not be reached" in error
    assert transcript.brief()[-2:] == [SORRY, END]


async def test_a_redirect_loop_ends_after_max_redirects(server: str) -> None:
    transcript, _ = await simulate(f"<Response><Redirect>{server}/loop</Redirect></Response>")
    assert len(_Handler.seen) == MAX_REDIRECTS
    assert transcript.names().count("webhook") == MAX_REDIRECTS
    assert errors(transcript) == [
        f"more than {MAX_REDIRECTS} documents fetched one after another without the caller "
        "pressing a key (a redirect loop?)"
    ]
    assert transcript.brief()[-2:] == [SORRY, END]


async def test_a_caller_walking_a_deep_menu_is_not_a_loop(server: str) -> None:
    steps = MAX_REDIRECTS + 5
    transcript, _ = await simulate(
        '<Response><Gather action="/step" numDigits="1"/></Response>',
        ",".join(["1"] * steps),
        url=f"{server}/start",
    )
    assert errors(transcript) == []
    assert len(_Handler.seen) == steps
    assert transcript.brief()[-3:] == ["gather:", "say:Menu done", END]


async def test_a_caller_who_hung_up_hears_no_error() -> None:
    clock = VirtualClock(datetime(2026, 3, 2, tzinfo=UTC))
    leg = SimulatedCallLeg(clock, caller=CallerScript.parse("", hangup_at=0.2))
    call = CallContext(variables=CALL, transcript=leg.transcript)
    xml = "<Response><Say>Hello there</Say><Redirect>/rel</Redirect></Response>"
    await clock.run(run_document(parse(xml), leg, call=call))
    assert leg.transcript.brief() == ["answer", "say:Hello there", END]


# -- internal targets -------------------------------------------------------------------------


async def test_internal_targets_go_through_the_resolver() -> None:
    asked: list[tuple[str, dict[str, str]]] = []

    async def resolver(target: str, params: Mapping[str, str]) -> str:
        asked.append((target, dict(params)))
        if target == "app:sales":
            return "<Response><Say>Sales app</Say></Response>"
        raise LookupError("no such app")

    transcript, _ = await simulate(
        '<Response><Gather action="app:sales" numDigits="1"/></Response>', "4", resolver=resolver
    )
    assert transcript.brief()[-3:] == ["webhook:app:sales", "say:Sales app", END]
    assert asked[0][0] == "app:sales" and asked[0][1]["Digits"] == "4"

    transcript, _ = await simulate(
        "<Response><Redirect>scriptforge:42</Redirect></Response>", resolver=resolver
    )
    assert errors(transcript) == ["scriptforge:42: no such app"]


async def test_internal_targets_without_a_resolver_fail_clearly() -> None:
    transcript, _ = await simulate("<Response><Redirect>app:sales</Redirect></Response>")
    assert errors(transcript) == ["app:sales cannot be reached from this call"]
    assert transcript.brief()[-2:] == [SORRY, END]


def test_fetch_failed_keeps_the_kind() -> None:
    exc = FetchFailed("timeout", "slow")
    assert (exc.kind, exc.message, exc.details) == ("timeout", "slow", {"kind": "timeout"})


async def test_the_callers_http_client_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    requests: list[httpx.Request] = []

    async def public(hostname: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    monkeypatch.setattr(netguard, "resolve", public)

    def reply(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, text="<Response><Say>mocked</Say></Response>")

    async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as client:
        transcript, _ = await simulate(
            "<Response><Redirect>https://ivr.example.com/next</Redirect></Response>",
            client=client,
            allow=["*.example.com"],
        )
    assert transcript.brief()[-2:] == ["say:mocked", END]
    (request,) = requests
    # A wildcard-listed host is resolved, checked and reached at the address checked.
    assert request.method == "POST" and request.url.host == "93.184.215.14"
    assert request.headers["Host"] == "ivr.example.com"
    assert request.headers[SIGNATURE_HEADER]


# -- example documents that fetch --------------------------------------------------------------

FIXTURES = Path(__file__).parent.parent / "fixtures" / "connexml"


@pytest.mark.parametrize(
    ("name", "digits", "method", "url", "params"),
    [
        (
            "Gather.xml",
            "12",
            "POST",
            "https://ivr.example.com/menu?step=1&lang=en",
            {"Digits": "12"},
        ),
        ("Gather-Success.xml", "", "GET", "https://ivr.example.com/account", {"Digits": ""}),
        (
            "Gather-Success.xml",
            "1234",
            "GET",
            "https://ivr.example.com/account",
            {"Digits": "1234"},
        ),
        ("Gather-Fail.xml", "4321", "GET", "https://ivr.example.com/account", {"Digits": "4321"}),
        # A Redirect before any media: the call is not answered yet.
        ("Redirect.xml", "", "GET", "https://ivr.example.com/next-step", {"CallStatus": "ringing"}),
    ],
)
async def test_fixture_documents_fetch_their_next_step(
    name: str, digits: str, method: str, url: str, params: dict[str, str], tmp_path: Path
) -> None:
    prompt = tmp_path / "prompt.wav"
    with wave.open(str(prompt), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * 8000)
    requests: list[httpx.Request] = []

    def reply(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, text="<Response><Say>next step</Say></Response>")

    async with httpx.AsyncClient(transport=httpx.MockTransport(reply)) as client:
        transcript, _ = await simulate(
            (FIXTURES / name).read_text(),
            digits,
            client=client,
            allow=["ivr.example.com"],
            media=Media(lambda source: prompt),
        )
    assert errors(transcript) == []
    brief = transcript.brief()
    assert brief.index(f"webhook:{url}") < brief.index("say:next step")
    assert brief[-2:] == ["say:next step", END]
    webhook = next(e for e in transcript if e["event"] == "webhook")
    assert webhook["method"] == method
    assert webhook["params"] == {
        **{k: v for k, v in CALL.items() if k != "Extension"},
        "CallStatus": "in-progress",
        **params,
    }
    (request,) = requests
    assert request.method == method


async def test_twiml_menu_with_relative_urls(server: str) -> None:
    menu = (FIXTURES / "TwiML-Menu.xml").read_text()
    # A key half a second into the first prompt: the Gather's action, relative to the
    # document's URL, gets it; nothing after that prompt in the Gather plays.
    transcript, _ = await simulate(menu, "2@0.5", url=f"{server}/ivr/start")
    assert errors(transcript) == []
    assert [(s["path"], s["form"]["Digits"]) for s in _Handler.seen] == [("/menu", "2")]
    assert "play" not in transcript.names()
    assert transcript.brief()[-2:] == ["say:Main menu", END]
    # No key: the Gather falls through to <Redirect>/menu</Redirect> (the hold music plays
    # once here; loop="0" would repeat it until a key).
    _Handler.seen.clear()
    transcript, _ = await simulate(
        menu.replace('loop="0"', 'loop="1"'), "", url=f"{server}/ivr/start", media=None
    )
    assert errors(transcript) == []
    assert [(s["method"], s["path"], "Digits" in s["form"]) for s in _Handler.seen] == [
        ("POST", "/menu", False)
    ]
    assert transcript.brief()[-2:] == ["say:Main menu", END]
