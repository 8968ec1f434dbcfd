"""The ConneXML parser: the typed tree, defaults, both spellings, every error at once with
its line and column, warnings for TwiML attributes Trunkline ignores, and the hardened
XML reader."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from runtime.errors import ValidationFailed
from telephony.connexml.nodes import ConneXMLError, Node, Problem, Severity
from telephony.connexml.parser import MAX_BYTES, MAX_DEPTH, MAX_ELEMENTS, Document, check, parse
from telephony.connexml.verbs import REGISTRY
from telephony.connexml.verbs.response import CONNEXML_VERBS

IGNORED = "is a TwiML attribute Trunkline does not implement; it is ignored"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "connexml"
SCHEMA_ELEMENTS = [
    *("Response", "Say", "Play", "Pause", "Gather", "Dial", "Number", "Client", "Conference"),
    *("Queue", "Voicemail", "Barge", "LLMAgent", "LLM-Agent", "Hangup", "Reject", "Redirect"),
    *("Enqueue", "Press", "Transfer", "Enter", "Before", "Set", "Digit", "Condition", "Start"),
    *("Stop", "Connect", "Stream", "Parameter", "Echo", "Variables"),
]
TWIML_ELEMENTS = ["Record", "Leave", "Refer", "Sms", "Sip"]


def verb(snippet: str) -> Node:
    """The first verb of a document holding ``snippet``."""
    return parse(f"<Response>{snippet}</Response>").verbs[0]


def problems(snippet: str) -> list[str]:
    """Problems of ``snippet`` placed at line 2, column 3."""
    return [str(p) for p in check(f"<Response>\n  {snippet}\n</Response>")]


# --- the example documents ----------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.xml")), ids=lambda p: p.name)
def test_every_fixture_parses_without_errors(path: Path) -> None:
    document = parse(path.read_bytes())
    assert document.verbs
    assert [p for p in document.warnings if "speech" in p.message] == []


def test_fixtures_cover_every_example_of_the_spec() -> None:
    examples = [
        *("Condition-Date", "Condition", "Dial-Barge", "Dial-Client", "Dial-Conference"),
        *("Dial-LLMAgent", "Dial-Number", "Dial-Queue", "Dial-Voicemail-Inbox", "Dial-Voicemail"),
        *("Dial", "Echo", "Enqueue", "Hangup", "Gather", "Gather-Fail", "Gather-Success", "Pause"),
        *("Play", "Press", "Redirect", "Reject", "Say", "Stream", "Variables"),
    ]
    assert {f"{name}.xml" for name in examples} <= {p.name for p in FIXTURES.glob("*.xml")}


def test_fixture_details() -> None:
    number = parse((FIXTURES / "Dial-Number.xml").read_bytes()).verbs[0].children[0]
    assert (number.name, number.text, number.line, number.column) == (
        "Number",
        "+15551230000",
        4,
        3,
    )
    hangup = parse((FIXTURES / "Hangup.xml").read_text()).verbs
    assert [v.name for v in hangup] == ["Say", "Hangup"]
    gather = parse((FIXTURES / "Gather.xml").read_bytes()).verbs[0]
    assert gather.action == "https://ivr.example.com/menu?step=1&lang=en"  # type: ignore[attr-defined]
    press = parse((FIXTURES / "Press.xml").read_bytes())
    assert [(n.name, n.text) for n in press.walk() if n.name == "Enter"] == [
        ("Enter", "main"),
        ("Enter", "sales"),
    ]
    stream = parse((FIXTURES / "Stream.xml").read_bytes()).verbs[0].children[0]
    assert [(p.key, p.value) for p in stream.children] == [  # type: ignore[attr-defined]
        ("customer", "4411"),
        ("language", "en"),
    ]


# --- the registry and the tree ------------------------------------------------------------


def test_every_schema_and_twiml_element_is_registered() -> None:
    assert set(SCHEMA_ELEMENTS + TWIML_ELEMENTS) == set(REGISTRY)
    for tag, cls in REGISTRY.items():
        assert tag == cls.TAG
    assert {"Say", "Play", "Gather", "Dial", "Conference", "Stream", "Variables"} <= CONNEXML_VERBS


def test_document_walk_and_positions() -> None:
    text = (
        '<?xml version="1.0"?>\n<Response>\n\t<Dial>\n\t\t<Number>1</Number>\n\t</Dial>\n'
        "\t<Hangup/>\n</Response>"
    )
    document = parse(text)
    assert isinstance(document, Document)
    assert [n.name for n in document] == ["Dial", "Hangup"]
    assert [(n.name, n.line, n.column) for n in document.walk()] == [
        ("Dial", 3, 2),
        ("Number", 4, 3),
        ("Hangup", 6, 2),
    ]
    assert document.root.name == "Response"
    assert document.verbs[0].child_nodes("Number")[0].text == "1"


def test_nodes_are_immutable_values() -> None:
    say = verb("<Say>hi</Say>")
    with pytest.raises(AttributeError):
        say.text = "bye"  # type: ignore[misc]
    assert say == verb("<Say>hi</Say>")


def test_columns_count_characters() -> None:
    document = parse("<Response><Say>café</Say><Say>b</Say></Response>")
    assert [v.column for v in document.verbs] == [11, 26]


def test_str_and_bytes_in_any_declared_encoding() -> None:
    latin1 = b'<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>caf\xe9</Say></Response>'
    assert verb_text(parse(latin1)) == "café"
    declared = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>café</Say></Response>'
    assert verb_text(parse(declared)) == "café"
    with_bom = b"\xef\xbb\xbf<Response><Say>ok</Say></Response>"
    assert verb_text(parse(with_bom)) == "ok"


def verb_text(document: Document) -> str:
    return document.verbs[0].text


def test_comments_cdata_and_padded_text() -> None:
    say = verb("<Say>\n   <!-- a comment -->  Hello <![CDATA[<world>]]>  \n</Say>")
    assert say.text == "Hello <world>"


# --- attributes: defaults, conversions, both spellings --------------------------------------

DEFAULTS: list[tuple[str, dict[str, Any]]] = [
    ("<Say>x</Say>", {"voice": "", "language": "", "loop": 1}),
    ("<Play>ivr/x.wav</Play>", {"loop": 1}),
    ("<Pause/>", {"length": 5}),
    ("<Reject/>", {"reason": "rejected"}),
    ("<Redirect>https://a.example/x</Redirect>", {"method": "POST"}),
    (
        "<Gather/>",
        {
            "action": None,
            "method": "POST",
            "timeout": 5,
            "num_digits": None,
            "finish_on_key": "#",
            "action_on_empty_result": False,
            "min_digits": 1,
            "max_digits": 128,
            "input": ("dtmf",),
            "digit_range": (1, 128),
        },
    ),
    (
        "<Dial>123</Dial>",
        {
            "action": None,
            "method": "POST",
            "timeout": 30,
            "barge": False,
            "ringtone": "us",
            "caller_id": None,
            "from_display_name": None,
            "hangup_on_star": False,
            "hangup_on_star_context": None,
            "time_limit": 14400,
        },
    ),
    ("<Transfer>100</Transfer>", {"attended": False, "leg": "a"}),
    ("<Digit>1</Digit>", {"dtmf_leg": "a"}),
    ("<Set name='n'/>", {"var": "n", "value": "", "header": False}),
    ("<Press digit='1'><Hangup/></Press>", {"digit": "1", "context": "", "dtmf_leg": "a"}),
    ("<Enqueue>q</Enqueue>", {"action": None, "method": "POST", "wait_url": None}),
    (
        "<Conference>room</Conference>",
        {
            "muted": False,
            "start_conference_on_enter": True,
            "end_conference_on_exit": False,
            "max_participants": 250,
            "wait_url": None,
        },
    ),
    (
        "<Record/>",
        {
            "action": None,
            "method": "POST",
            "timeout": 5,
            "finish_on_key": "1234567890*#",
            "max_length": 3600,
            "play_beep": True,
            "recording_status_callback": None,
            "recording_status_callback_method": "POST",
        },
    ),
    ("<Start><Stream url='wss://s.example'/></Start>", {}),
    ("<Condition year='2030'><Say>x</Say></Condition>", {"field": None, "timezone": None}),
    ("<Sms>hello</Sms>", {"to": None, "sender": None}),
]


@pytest.mark.parametrize(("snippet", "expected"), DEFAULTS, ids=lambda v: str(v)[:30])
def test_defaults(snippet: str, expected: dict[str, Any]) -> None:
    node = verb(snippet)
    assert {name: getattr(node, name) for name in expected} == expected


NOUN_DEFAULTS: list[tuple[str, str, dict[str, Any]]] = [
    ("<Number>+44 </Number>", "+44", {}),
    (
        "<Client>bob</Client>",
        "bob",
        {"status_callback_event": (), "status_callback": None, "status_callback_method": "POST"},
    ),
    ("<Conference>Room 1</Conference>", "Room 1", {"muted": False}),
    (
        "<Queue>support</Queue>",
        "support",
        {"action": None, "timeout": None, "timeout_destination": None, "music": None, "url": None},
    ),
    ("<Voicemail/>", "", {"inbox": False, "user": None}),
    ("<Barge/>", "", {"whisper": "ab", "bridge": "ab", "commands": True}),
    ("<LLM-Agent> asst_abc </LLM-Agent>", "asst_abc", {"app_id": None, "assistant_id": "asst_abc"}),
    ("<LLMAgent>Be kind.</LLMAgent>", "Be kind.", {"voice": "", "assistant_id": None}),
    ("<Sip>sip:a@b.example</Sip>", "sip:a@b.example", {}),
]


@pytest.mark.parametrize(("snippet", "text", "expected"), NOUN_DEFAULTS, ids=lambda v: str(v)[:20])
def test_nouns(snippet: str, text: str, expected: dict[str, Any]) -> None:
    dial = verb(f"<Dial>{snippet}</Dial>")
    noun = dial.children[0]
    assert noun.name == snippet[1:].split(">")[0].split()[0].rstrip("/")
    assert noun.text == text
    assert {name: getattr(noun, name) for name in expected} == expected


VALUES: list[tuple[str, str, Any]] = [
    ("<Say loop='0'>x</Say>", "loop", 0),
    ("<Say voice='kal' language='en-US'>x</Say>", "voice", "kal"),
    ("<Play loop='100'>ivr/x.wav</Play>", "loop", 100),
    ("<Pause length='180'/>", "length", 180),
    ("<Pause length=' 1 '/>", "length", 1),
    ("<Reject reason='busy'/>", "reason", "busy"),
    ("<Redirect method='get'>/next</Redirect>", "method", "GET"),
    ("<Gather timeout='120'/>", "timeout", 120),
    ("<Gather finishOnKey=''/>", "finish_on_key", ""),
    ("<Gather numDigits='4'/>", "digit_range", (4, 4)),
    ("<Gather minDigits='2' maxDigits='6'/>", "digit_range", (2, 6)),
    ("<Gather actionOnEmptyResult='TRUE'/>", "action_on_empty_result", True),
    ("<Gather input='dtmf'/>", "input", ("dtmf",)),
    ("<Gather action='/relative?a=1&amp;b=2'/>", "action", "/relative?a=1&b=2"),
    ("<Dial ringtone='uk'>1</Dial>", "ringtone", "uk"),
    ("<Dial ringTone='de'>1</Dial>", "ringtone", "de"),
    ("<Dial callerId='+4420'>1</Dial>", "caller_id", "+4420"),
    ("<Dial fromDisplayName='Acme Ltd.'>1</Dial>", "from_display_name", "Acme Ltd."),
    ("<Dial hangupOnStar='true' timeout='600'>1</Dial>", "hangup_on_star", True),
    ("<Dial barge='1'>1</Dial>", "barge", True),
    ("<Transfer attended='true' leg='b'>x</Transfer>", "leg", "b"),
    ("<Digit dtmf_leg='b'>12w#</Digit>", "dtmf_leg", "b"),
    ("<Set name='x-h' value='v' header='true'/>", "header", True),
    ("<Press digit='#0' context='A' dtmf_leg='b'><Hangup/></Press>", "digit", "#0"),
    ("<Condition minute-of-day='540-1020'><Say>x</Say></Condition>", "minute_of_day", "540-1020"),
    ("<Condition minute_of_day='1'><Say>x</Say></Condition>", "minute_of_day", "1"),
    ("<Condition time-of-day='09:00-17:00'><Say>x</Say></Condition>", "time_of_day", "09:00-17:00"),
    ("<Condition time_of_day='22:00-06:00'><Say>x</Say></Condition>", "time_of_day", "22:00-06:00"),
    (
        "<Condition date-time='2026-12-24 18:00~2026-12-26 08:00:00'><Say>x</Say></Condition>",
        "date_time",
        "2026-12-24 18:00~2026-12-26 08:00:00",
    ),
    (
        "<Condition date_time='2026-01-01 00:00~2026-01-02 00:00'><Say>x</Say></Condition>",
        "date_time",
        "2026-01-01 00:00~2026-01-02 00:00",
    ),
    ("<Condition mon='10-2'><Say>x</Say></Condition>", "mon", "10-2"),
    ("<Condition wday='mon-fri'><Say>x</Say></Condition>", "wday", "mon-fri"),
    ("<Condition sunmontuewedthufrisat='sat,sun'><Say>x</Say></Condition>", "weekdays", "sat,sun"),
    (
        "<Condition time='09:00-12:00,14:00-17:00'><Say>x</Say></Condition>",
        "time",
        "09:00-12:00,14:00-17:00",
    ),
    (
        "<Condition hour='8-18' timezone='America/New_York'><Say>x</Say></Condition>",
        "timezone",
        "America/New_York",
    ),
    (
        "<Condition field='gather_result' expression='^1$'><Say>x</Say></Condition>",
        "expression",
        "^1$",
    ),
    ("<Start><Stream url='wss://x.example/a' mix_type='stereo'/></Start>", "children", None),
    (
        "<Enqueue waitUrl='https://h.example/wait' waitUrlMethod='GET'>q</Enqueue>",
        "wait_url_method",
        "GET",
    ),
    ("<Record maxLength='30' finishOnKey='*' playBeep='false'/>", "play_beep", False),
    ("<Sms to='+1555' from='+1666'>hi</Sms>", "sender", "+1666"),
]


@pytest.mark.parametrize(("snippet", "name", "expected"), VALUES, ids=lambda v: str(v)[:40])
def test_values(snippet: str, name: str, expected: Any) -> None:
    node = verb(snippet)
    if expected is None:
        return
    assert getattr(node, name) == expected


@pytest.mark.parametrize(
    ("snippet", "name", "expected"),
    [
        (
            "<Client statusCallbackEvent='initiated ringing answered completed'>u</Client>",
            "status_callback_event",
            ("initiated", "ringing", "answered", "completed"),
        ),
        (
            "<Client statusCallbackMethod='get' statusCallback='https://cb.example/s'>u</Client>",
            "status_callback_method",
            "GET",
        ),
        (
            "<Queue timeout='60' timeout-destination='700' music='user/m.wav'>q</Queue>",
            "timeout_destination",
            "700",
        ),
        ("<Queue timeout_destination='800'>q</Queue>", "timeout_destination", "800"),
        ("<Queue action='pickup'>q</Queue>", "action", "pickup"),
        ("<Queue url='https://x.example/connect'>q</Queue>", "url", "https://x.example/connect"),
        ("<Voicemail inbox='true' user='adam'/>", "inbox", True),
        ("<Barge whisper='b' bridge='a' commands='false'>groupA</Barge>", "bridge", "a"),
        ("<LLM-Agent appId='123' voice='bob'>asst_X1</LLM-Agent>", "app_id", "123"),
        ("<Conference muted='true' maxParticipants='10'>r</Conference>", "max_participants", 10),
    ],
)
def test_noun_values(snippet: str, name: str, expected: Any) -> None:
    assert getattr(verb(f"<Dial>{snippet}</Dial>").children[0], name) == expected


def test_stream_under_stop_needs_no_url_and_parameters_are_children() -> None:
    stop = verb("<Stop><Stream/></Stop>")
    assert stop.children[0].url is None  # type: ignore[attr-defined]
    start = verb(
        "<Start><Stream url='wss://x.example' name='s1'>"
        "<Parameter name='a' value='1'/></Stream></Start>"
    )
    stream = start.children[0]
    assert stream.stream_name == "s1"  # type: ignore[attr-defined]
    assert stream.children[0].name == "Parameter"


# --- errors, each with its line and column ------------------------------------------------

ERRORS: list[tuple[str, str]] = [
    ("<say>x</say>", "2:3: unknown element <say> (did you mean <Say>? names are case-sensitive)"),
    ("<Whisper/>", "2:3: unknown element <Whisper>"),
    ("<Say rate='2'>x</Say>", "2:3: unknown attribute 'rate' on <Say>"),
    ("<Say Loop='2'>x</Say>", "2:3: unknown attribute 'Loop' on <Say> (did you mean loop?)"),
    ("<Pause length='0'/>", "2:3: Pause length: 0 is out of range 1-180"),
    ("<Pause length='181'/>", "2:3: Pause length: 181 is out of range 1-180"),
    ("<Pause length='ten'/>", "2:3: Pause length: 'ten' is not a whole number"),
    ("<Pause length='2.5'/>", "2:3: Pause length: '2.5' is not a whole number"),
    ("<Gather timeout='0'/>", "2:3: Gather timeout: 0 is out of range 1-120"),
    ("<Gather timeout='121'/>", "2:3: Gather timeout: 121 is out of range 1-120"),
    ("<Gather minDigits='0'/>", "2:3: Gather minDigits: 0 is out of range 1-128"),
    ("<Gather maxDigits='129'/>", "2:3: Gather maxDigits: 129 is out of range 1-128"),
    ("<Gather numDigits='0'/>", "2:3: Gather numDigits: 0 is out of range 1-128"),
    (
        "<Gather minDigits='5' maxDigits='3'/>",
        "2:3: Gather minDigits (5) is larger than maxDigits (3)",
    ),
    ("<Gather finishOnKey='x'/>", "2:3: Gather finishOnKey: 'x' has 'x', which is not a DTMF key"),
    ("<Gather finishOnKey='#*'/>", "2:3: Gather finishOnKey: '#*' is more than one key"),
    ("<Gather input='voice'/>", "2:3: Gather input: 'voice' is not one of dtmf, speech"),
    ("<Play loop='101'>a.wav</Play>", "2:3: Play loop: 101 is out of range 0-100"),
    ("<Play loop='-1'>a.wav</Play>", "2:3: Play loop: -1 is out of range 0-100"),
    (
        "<Play>../etc/passwd</Play>",
        "2:3: Play: '../etc/passwd': the path must stay inside the audio store",
    ),
    (
        "<Play>file:///etc/passwd</Play>",
        "2:3: Play: 'file:///etc/passwd': only http(s) URLs or audio file paths",
    ),
    ("<Play/>", "2:3: Play needs text"),
    ("<Reject reason='Busy'/>", "2:3: Reject reason: 'Busy' is not one of rejected, busy"),
    ("<Redirect method='PUT'>/x</Redirect>", "2:3: Redirect method: 'PUT' is not one of GET, POST"),
    (
        "<Redirect>javascript:alert(1)</Redirect>",
        "2:3: Redirect: 'javascript:alert(1)': the scheme 'javascript' is not allowed",
    ),
    ("<Redirect>  </Redirect>", "2:3: Redirect needs text"),
    (
        "<Gather action='ftp://x.example/'/>",
        "2:3: Gather action: 'ftp://x.example/': the scheme 'ftp' is not allowed",
    ),
    ("<Dial barge='yes'>1</Dial>", "2:3: Dial barge: 'yes' is not true or false"),
    (
        "<Dial ringtone='xx'>1</Dial>",
        "2:3: Dial ringtone: 'xx' is not one of at, au, bg, br, be, ch, cl, cn, cz, de, dk, ee, "
        "es, fi, fr, gr, hu, il, in, it, lt, jp, mx, my, nl, no, nz, ph, pl, pt, ru, se, sg, th, "
        "uk, us, us-old, tw, ve, za",
    ),
    (
        "<Dial ringtone='uk' ringTone='us'>1</Dial>",
        "2:3: Dial ringtone is given twice (ringtone, ringTone)",
    ),
    ("<Dial callerId='bob'>1</Dial>", "2:3: Dial callerId: 'bob' is not a phone number"),
    (
        "<Dial fromDisplayName='a;b'>1</Dial>",
        "2:3: Dial fromDisplayName: 'a;b': only letters, digits, spaces and -_~!.+",
    ),
    ("<Dial>abc</Dial>", "2:3: Dial: 'abc' is not a phone number"),
    ("<Dial/>", "2:3: Dial needs a number or a noun (Number, Client, Conference...)"),
    (
        "<Dial>123<Number>456</Number></Dial>",
        "2:3: Dial has both a number in its text and nested nouns",
    ),
    ("<Dial><Barge whisper='c'/></Dial>", "2:9: Barge whisper: 'c' is not one of a, b, ab"),
    (
        "<Dial><Client statusCallbackEvent='hungup'>u</Client></Dial>",
        "2:9: Client statusCallbackEvent: 'hungup' is not one of initiated, ringing, answered, "
        "completed",
    ),
    (
        "<Dial><Client statusCallbackMethod='PUT'>u</Client></Dial>",
        "2:9: Client statusCallbackMethod: 'PUT' is not one of GET, POST",
    ),
    (
        "<Dial><Voicemail inbox='maybe'/></Dial>",
        "2:9: Voicemail inbox: 'maybe' is not true or false",
    ),
    ("<Dial><Number>12a</Number></Dial>", "2:9: Number: '12a' is not a phone number"),
    ("<Dial><Sip>alice</Sip></Dial>", "2:9: Sip: 'alice' is not a sip: URI"),
    (
        "<Start><Stream url='wss://x.example' mix_type='quad'/></Start>",
        "2:10: Stream mix_type: 'quad' is not one of mono, stereo, mixed",
    ),
    (
        "<Start><Stream url='https://x.example'/></Start>",
        "2:10: Stream url: 'https://x.example' is not a ws:// or wss:// URL",
    ),
    ("<Start><Stream/></Start>", "2:10: Stream inside Start needs a url"),
    (
        "<Stop><Stream><Parameter name='a'/></Stream></Stop>",
        "2:9: Stream inside Stop takes no Parameter",
    ),
    (
        "<Start><Stream url='wss://x.example'><Parameter value='1'/></Stream></Start>",
        "2:40: Parameter needs a name attribute",
    ),
    (
        "<Press digit='1' dtmf_leg='c'><Hangup/></Press>",
        "2:3: Press dtmf_leg: 'c' is not one of a, b",
    ),
    ("<Press><Hangup/></Press>", "2:3: Press needs a digit attribute"),
    (
        "<Press digit='1'><Pause/></Press>",
        "2:20: <Pause> is not allowed inside <Press> "
        "(allowed: Dial, Enter, Hangup, Play, Redirect, Say, Transfer)",
    ),
    (
        "<Gather><Dial>1</Dial></Gather>",
        "2:11: <Dial> is not allowed inside <Gather> (allowed: Pause, Play, Say)",
    ),
    (
        "<Condition year='2020'><Hangup/></Condition>",
        "2:26: <Hangup> is not allowed inside <Condition> (allowed: Connect, Dial, Enter, "
        "Gather, Play, Press, Redirect, Say, Set, Start, Voicemail)",
    ),
    ("<Before><Say>x</Say></Before>", "2:11: <Say> is not allowed inside <Before> (allowed: Set)"),
    (
        "<Number>123</Number>",
        "2:3: <Number> is not allowed inside <Response>; it goes inside <Dial>",
    ),
    ("<Barge/>", "2:3: <Barge> is not allowed inside <Response>; it goes inside <Dial>"),
    (
        "<Sip>sip:a@b</Sip>",
        "2:3: <Sip> is not allowed inside <Response>; it goes inside <Dial>, <Refer>",
    ),
    (
        "<Say>hi<Play>a.wav</Play></Say>",
        "2:10: <Play> is not allowed inside <Say>, which takes no elements",
    ),
    ("<Pause>5</Pause>", "2:3: Pause takes no text"),
    ("<Hangup>now</Hangup>", "2:3: Hangup takes no text"),
    ("<Transfer attended='no'>x</Transfer>", "2:3: Transfer attended: 'no' is not true or false"),
    ("<Transfer leg='c'>x</Transfer>", "2:3: Transfer leg: 'c' is not one of a, b"),
    ("<Enter/>", "2:3: Enter needs text"),
    ("<Digit>12x</Digit>", "2:3: Digit: '12x' has 'x', which is not a DTMF key"),
    ("<Digit dtmf_leg='ab'>1</Digit>", "2:3: Digit dtmf_leg: 'ab' is not one of a, b"),
    ("<Set value='1'/>", "2:3: Set needs a name attribute"),
    ("<Set name='a' header='y'/>", "2:3: Set header: 'y' is not true or false"),
    (
        "<Condition field='x'><Say>a</Say></Condition>",
        "2:3: Condition field and expression go together",
    ),
    (
        "<Condition field='x' expression='(1'><Say>a</Say></Condition>",
        "2:3: Condition expression: '(1' is not a valid regular expression "
        "(missing ), unterminated subpattern at position 0)",
    ),
    ("<Condition wday='8'><Say>a</Say></Condition>", "2:3: Condition wday: 8 is out of range 1-7"),
    (
        "<Condition wday='funday'><Say>a</Say></Condition>",
        "2:3: Condition wday: 'funday' is not a number or day name",
    ),
    ("<Condition mon='0-3'><Say>a</Say></Condition>", "2:3: Condition mon: 0 is out of range 1-12"),
    (
        "<Condition minute-of-day='1441'><Say>a</Say></Condition>",
        "2:3: Condition minute-of-day: 1441 is out of range 1-1440",
    ),
    (
        "<Condition time-of-day='9-17'><Say>a</Say></Condition>",
        "2:3: Condition time-of-day: '9-17' is not hh:mm[:ss]-hh:mm[:ss] (comma-separated)",
    ),
    (
        "<Condition date-time='2026-01-01~2026-02-01'><Say>a</Say></Condition>",
        "2:3: Condition date-time: '2026-01-01~2026-02-01' "
        "is not YYYY-MM-DD hh:mm[:ss]~YYYY-MM-DD hh:mm[:ss]",
    ),
    (
        "<Condition sunmontuewedthufrisat='mon,xyz'><Say>a</Say></Condition>",
        "2:3: Condition sunmontuewedthufrisat: 'xyz' "
        "is not one of sun, mon, tue, wed, thu, fri, sat",
    ),
    (
        "<Condition hour='1' timezone='Mars/Olympus'><Say>a</Say></Condition>",
        "2:3: Condition timezone: 'Mars/Olympus' is not a known time zone",
    ),
    ("<Record maxLength='0'/>", "2:3: Record maxLength: 0 is out of range 1-14400"),
    ("<Record playBeep='loud'/>", "2:3: Record playBeep: 'loud' is not true or false"),
    ("<Record>text</Record>", "2:3: Record takes no text"),
    ("<Refer><Sip>sip:a@b</Sip><Sip>sip:c@d</Sip></Refer>", "2:3: Refer needs exactly one Sip"),
    ("<Sms to='bob'>hi</Sms>", "2:3: Sms to: 'bob' is not a phone number"),
    (
        "<Conference maxParticipants='1'>r</Conference>",
        "2:3: Conference maxParticipants: 1 is out of range 2-250",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), ERRORS, ids=lambda v: str(v)[:40])
def test_errors(snippet: str, expected: str) -> None:
    assert problems(snippet) == [expected]
    with pytest.raises(ConneXMLError) as caught:
        parse(f"<Response>\n  {snippet}\n</Response>")
    assert [str(p) for p in caught.value.problems] == [expected]


def test_root_must_be_response() -> None:
    assert [str(p) for p in check("<Say>x</Say>")] == [
        "1:1: the root element must be <Response>, not <Say>"
    ]
    assert [str(p) for p in check("<response/>")] == [
        "1:1: unknown element <response> (did you mean <Response>? names are case-sensitive)"
    ]


def test_every_error_of_a_document_at_once() -> None:
    text = """<?xml version="1.0"?>
<Response>
\t<Say loop="many">Hello</Say>
\t<Gather timeout="500" minDigits="0">
\t\t<Dial>123</Dial>
\t\t<Play>ivr/ok.wav</Play>
\t</Gather>
\t<Number>123</Number>
\t<Pause length="2" size="big"/>
\t<Dial record="true"><Client>bob</Client></Dial>
\t<Hangup/>
\t<Reject reason="never"/>
</Response>
"""
    with pytest.raises(ConneXMLError) as caught:
        parse(text)
    error = caught.value
    assert [str(p) for p in error.problems] == [
        "3:2: Say loop: 'many' is not a whole number",
        "4:2: Gather timeout: 500 is out of range 1-120",
        "4:2: Gather minDigits: 0 is out of range 1-128",
        "5:3: <Dial> is not allowed inside <Gather> (allowed: Pause, Play, Say)",
        "8:2: <Number> is not allowed inside <Response>; it goes inside <Dial>",
        "9:2: unknown attribute 'size' on <Pause>",
        "12:2: Reject reason: 'never' is not one of rejected, busy",
    ]
    assert [str(p) for p in error.warnings] == [f"10:2: warning: Dial record {IGNORED}"]
    assert isinstance(error, ValidationFailed)
    assert error.status_code == 422
    assert error.details[0] == {
        "line": 3,
        "column": 2,
        "message": "Say loop: 'many' is not a whole number",
        "severity": "error",
    }
    assert error.message.startswith("ConneXML has 7 errors: 3:2: Say loop")
    assert check(text) == sorted(
        [*error.problems, *error.warnings], key=lambda p: (p.line, p.column)
    )


# --- warnings -----------------------------------------------------------------------------

WARNINGS: list[tuple[str, str]] = [
    ("<Dial record='record-from-answer' answerOnBridge='true'>1</Dial>", f"Dial record {IGNORED}"),
    (
        "<Dial><Number sendDigits='ww12' url='https://x.example/screen'>1</Number></Dial>",
        f"Number sendDigits {IGNORED}",
    ),
    ("<Play digits='1w2'>a.wav</Play>", f"Play digits {IGNORED}"),
    (
        "<Gather input='dtmf speech'/>",
        "Gather input: speech is not supported; only DTMF is collected",
    ),
    (
        "<Gather input='speech' speechTimeout='auto'/>",
        "Gather input: speech is not supported; only DTMF is collected",
    ),
    ("<Record transcribe='true'/>", f"Record transcribe {IGNORED}"),
    ("<Conference beep='false'>r</Conference>", f"Conference beep {IGNORED}"),
    ("<Enqueue workflowSid='WW1'>q</Enqueue>", f"Enqueue workflowSid {IGNORED}"),
    ("<Echo>test</Echo>", "the text inside Echo is ignored"),
    ("<Press digit='1'/>", "Press digit='1' has nothing to do"),
    ("<Condition><Say>a</Say></Condition>", "Condition has no test, so it always matches"),
    (
        "<Dial hangupOnStar='true'><Conference>r</Conference></Dial>",
        "Dial hangupOnStar has no effect on a Conference",
    ),
]


@pytest.mark.parametrize(("snippet", "expected"), WARNINGS, ids=lambda v: str(v)[:40])
def test_warnings_do_not_stop_parsing(snippet: str, expected: str) -> None:
    document = parse(f"<Response>{snippet}</Response>")
    messages = [p.message for p in document.warnings]
    assert expected in messages
    assert all(p.severity is Severity.WARNING for p in document.warnings)


def test_warning_text_format() -> None:
    problem = Problem(3, 7, "x is ignored", Severity.WARNING)
    assert str(problem) == "3:7: warning: x is ignored"
    assert str(Problem(1, 2, "bad")) == "1:2: bad"


def test_xmlns_attributes_are_ignored() -> None:
    assert check('<Response xmlns="urn:x"><Say>x</Say></Response>') == []


# --- templates are checked when the call runs ---------------------------------------------


def test_templated_values_are_kept_raw_and_resolved_later() -> None:
    pause = verb('<Pause length="{{delay}}"/>')
    assert pause.length == 5  # type: ignore[attr-defined]
    assert pause.templated == {"length": "{{delay}}"}
    resolved = pause.resolve(lambda raw: raw.replace("{{delay}}", "12"))
    assert resolved.length == 12  # type: ignore[attr-defined]
    assert resolved.templated == {}
    with pytest.raises(ConneXMLError) as caught:
        pause.resolve(lambda raw: "999")
    assert [p.message for p in caught.value.problems] == ["Pause length: 999 is out of range 1-180"]


def test_templated_text_skips_the_text_check() -> None:
    dial = verb("<Dial><Number>{{ substring Extension 5 }}</Number></Dial>")
    number = dial.children[0]
    assert number.text == "{{ substring Extension 5 }}"
    assert number.resolve(lambda raw: " 67890 ").text == "67890"
    with pytest.raises(ConneXMLError):
        number.resolve(lambda raw: "not a number")
    set_ = verb('<Set name="{{ x-name }}" value="${v}" header="true"/>')
    assert (set_.var, set_.value) == ("{{ x-name }}", "${v}")  # type: ignore[attr-defined]


def test_untemplated_node_resolves_to_itself() -> None:
    say = verb("<Say>plain</Say>")
    assert say.resolve(str.upper) is say


# --- the hardened reader ------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Response><Say>&lol9;</Say></Response>"""

HOSTILE: list[tuple[str, str]] = [
    (BILLION_LAUGHS, "2:1: DOCTYPE declarations are not allowed"),
    (
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<Response><Say>&xxe;</Say></Response>",
        "2:1: DOCTYPE declarations are not allowed",
    ),
    (
        '<!DOCTYPE Response SYSTEM "https://evil.example/x.dtd"><Response/>',
        "1:1: DOCTYPE declarations are not allowed",
    ),
    ("<Response><Say>&xxe;</Say></Response>", "1:16: XML is not well-formed: undefined entity"),
    ("<Response><Say>x</Response>", "1:19: XML is not well-formed: mismatched tag"),
    ("<Response/><Response/>", "1:12: XML is not well-formed: junk after document element"),
    ("", "1:1: XML is not well-formed: no element found"),
    (
        "<Response>" + "<Dial>" * MAX_DEPTH + "</Dial>" * MAX_DEPTH + "</Response>",
        f"1:{11 + 6 * (MAX_DEPTH - 1)}: elements are nested too deeply (the limit is {MAX_DEPTH})",
    ),
    (
        "<Response>" + "<Hangup/>" * MAX_ELEMENTS + "</Response>",
        f"1:{11 + 9 * (MAX_ELEMENTS - 1)}: too many elements (the limit is {MAX_ELEMENTS})",
    ),
    (
        "<Response><Say>" + "a" * MAX_BYTES + "</Say></Response>",
        f"1:1: the document is {MAX_BYTES + 32:,} bytes; the limit is {MAX_BYTES:,}",
    ),
]


@pytest.mark.parametrize(("text", "expected"), HOSTILE, ids=lambda v: str(v)[:30])
def test_hostile_documents_are_refused(text: str, expected: str) -> None:
    assert [str(p) for p in check(text)] == [expected]
    with pytest.raises(ConneXMLError):
        parse(text.encode())


def test_entities_predefined_by_xml_still_work() -> None:
    assert verb("<Say>Tom &amp; Jerry &lt;3 &#65;</Say>").text == "Tom & Jerry <3 A"


def test_depth_just_under_the_limit_is_accepted_as_xml() -> None:
    depth = MAX_DEPTH - 1
    text = "<Response>" + "<Dial>" * depth + "</Dial>" * depth + "</Response>"
    # Well-formed and within limits: only grammar errors (Dial inside Dial) remain.
    assert all("nested too deeply" not in p.message for p in check(text))


def test_a_200_verb_document() -> None:
    body = "".join(f'<Say loop="{i % 5 + 1}">Step {i}</Say><Pause length="1"/>' for i in range(100))
    document = parse(f"<Response>{body}</Response>")
    assert len(document.verbs) == 200
    assert document.verbs[198].text == "Step 99"


def test_templated_condition_values_count_as_given() -> None:
    condition = verb(
        "<Condition field='${gather_result}' expression='{{wanted}}'><Say>x</Say></Condition>"
    )
    assert condition.field == "${gather_result}"  # type: ignore[attr-defined]
    assert condition.templated == {"field": "${gather_result}", "expression": "{{wanted}}"}


def test_hyphen_and_underscore_spellings_of_one_attribute_clash() -> None:
    snippet = (
        "<Condition time-of-day='09:00-10:00' time_of_day='11:00-12:00'><Say>x</Say></Condition>"
    )
    assert problems(snippet) == [
        "2:3: Condition time-of-day is given twice (time-of-day, time_of_day)"
    ]


def test_one_module_per_verb() -> None:
    modules = {cls.__module__ for cls in REGISTRY.values()}
    # LLMAgent and LLM-Agent share a module; every other element has its own.
    assert len(modules) == len(REGISTRY) - 1
    assert all(m.startswith("telephony.connexml.verbs.") for m in modules)


def test_parse_cached_remembers_small_documents_by_their_text() -> None:
    from telephony.connexml.parser import CACHED_SIZE, parse_cached

    text = "<Response><Say>Remembered</Say></Response>"
    first = parse_cached(text)
    assert parse_cached(text) is first  # parsed once, shared (documents are immutable)
    assert parse_cached(text.replace("Remembered", "Other")) is not first
    big = "<Response>" + "<Pause/>" * (CACHED_SIZE // 8) + "</Response>"
    assert parse_cached(big) is not parse_cached(big)  # too large to keep
    for _ in range(2):  # a broken document is never remembered: it fails each time
        with pytest.raises(ConneXMLError):
            parse_cached("<Response><Nope/></Response>")
