"""``trunkline connexml simulate``, run as a real process: a transcript of one JSON object
per line, the caller's flags, webhooks to a local server, problems printed as ``check``
prints them, and ``--did`` against both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from telephony.calls.transcript import EVENTS
from tests.telephony.local_http import serving
from tests.telephony.test_did_routing import make, make_app, make_did, make_user, say

TRUNKLINE = [sys.executable, "-m", "runtime"]


def trunkline(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*TRUNKLINE, *args], capture_output=True, text=True, timeout=120, check=False, env=env
    )


def events(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def brief(rows: list[dict[str, Any]]) -> list[str]:
    shown = {"say": "text", "gather": "digits", "dial": "status", "hangup": "cause"}
    return [
        f"{r['event']}:{r[shown[r['event']]]}" if r["event"] in shown else r["event"] for r in rows
    ]


@pytest.fixture
def document(tmp_path: Path) -> Any:
    def write(text: str, name: str = "app.xml") -> str:
        path = tmp_path / name
        path.write_text(text)
        return str(path)

    return write


MENU = (
    "<Response>"
    '<Gather numDigits="2" timeout="3"><Say>Enter your code</Say></Gather>'
    "<Say>Code {{gather_result}} from {{From}} to {{To}} for {{customer}}</Say>"
    '<Gather numDigits="1"><Say>Again</Say></Gather>'
    "<Dial>+15550007777</Dial>"
    "</Response>"
)


def test_the_transcript_is_one_json_object_per_line(document: Any) -> None:
    rows = events(
        trunkline(
            "connexml", "simulate", document(MENU),
            "--digits", "42,", "--from", "+15551230000", "--to", "+15559870000",
            "--var", "customer=Acme", "--dial-result", "busy", "--at", "2026-01-05T09:00:00Z",
        )
    )  # fmt: skip
    assert brief(rows) == [
        "answer",
        "say:Enter your code",
        "gather:42",
        "say:Code 42 from +15551230000 to +15559870000 for Acme",
        "say:Again",
        "gather:",
        "dial:busy",
        "hangup:normal_clearing",
    ]
    assert all(set(row) >= {"t", "event"} and row["event"] in EVENTS for row in rows)
    # The virtual clock: 3 words of TTS (1.2 s), then the digits 0.2 s apart.
    assert [r["t"] for r in rows[:3]] == [0.0, 0.0, 1.4]
    assert rows[2]["reason"] == "max_digits"
    assert rows[5]["reason"] == "timeout"


@pytest.mark.parametrize(
    ("at", "tz", "heard"),
    [
        ("2026-01-05T10:00:00", "UTC", "open"),
        ("2026-01-05T10:00:00", "Asia/Tokyo", "open"),
        ("2026-01-05T20:00:00+00:00", "UTC", "closed"),
        ("2026-01-05T20:00:00+00:00", "America/Los_Angeles", "open"),  # 12:00 there
    ],
)
def test_at_and_tz_fix_the_clock_for_conditions(
    document: Any, at: str, tz: str, heard: str
) -> None:
    path = document(
        "<Response>"
        '<Condition wday="mon-fri" time-of-day="09:00-17:00"><Say>open</Say></Condition>'
        "<Say>bye</Say>"
        "</Response>"
    )
    rows = events(trunkline("connexml", "simulate", path, "--at", at, "--tz", tz))
    expected = ["open", "bye"] if heard == "open" else ["bye"]
    assert [r["text"] for r in rows if r["event"] == "say"] == expected


def test_the_caller_hangs_up_at_a_time(document: Any) -> None:
    rows = events(
        trunkline("connexml", "simulate", document("<Response><Dial>+1555</Dial></Response>"),
                  "--hangup-at", "3", "--at", "2026-01-05T09:00:00Z")
    )  # fmt: skip
    assert (
        rows[-2:]
        == [
            {"t": 3.0, "event": "hangup", "cause": "normal_clearing", "by": "caller"},
            {"t": 3.0, "event": "dial", "target": "+1555", "status": "canceled", "duration": 0.0},
        ]
        or rows[-2]["status"] == "canceled"
    )


class _Hooks(BaseHTTPRequestHandler):
    seen: list[tuple[str, str, dict[str, list[str]]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self.seen.append(("POST", self.path, form))
        digits = form.get("Digits", [""])[0]
        body = f"<Response><Say>You pressed {digits}</Say></Response>".encode()
        self.send_response(200)
        self.send_header("content-type", "text/xml")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def hooks() -> Iterator[str]:
    with serving(_Hooks) as url:
        yield url


def test_webhooks_go_to_the_documents_urls_loopback_included(document: Any, hooks: str) -> None:
    path = document(f'<Response><Gather numDigits="1" action="{hooks}/menu"/></Response>')
    rows = events(trunkline("connexml", "simulate", path, "--digits", "5", "--from", "+1999"))
    assert brief(rows)[-2:] == ["say:You pressed 5", "hangup:normal_clearing"]
    webhook = next(r for r in rows if r["event"] == "webhook")
    assert (webhook["method"], webhook["url"]) == ("POST", f"{hooks}/menu")
    assert webhook["params"]["Digits"] == "5" and webhook["params"]["From"] == "+1999"
    assert _Hooks.seen[0][1] == "/menu" and _Hooks.seen[0][2]["Digits"] == ["5"]


def test_a_document_with_errors_prints_them_like_check(document: Any) -> None:
    path = document('<Response>\n  <Pause length="0"/>\n  <Sayy/>\n</Response>')
    result = trunkline("connexml", "simulate", path)
    checked = trunkline("connexml", "check", path)
    assert result.returncode == 1 and checked.returncode == 1
    assert result.stdout == checked.stdout
    assert result.stdout.splitlines() == [
        "2:3: Pause length: 0 is out of range 1-180",
        "3:3: unknown element <Sayy>",
    ]


def test_warnings_go_to_stderr_and_the_call_runs(document: Any) -> None:
    result = trunkline(
        "connexml",
        "simulate",
        document("<Response><Play digits='1'>http://x/a.wav</Play></Response>"),
    )
    assert "warning: Play digits" in result.stderr
    assert brief(events(result)) == ["answer", "play", "hangup:normal_clearing"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--digits", "1x"], "digits: not a DTMF key: 'x' in '1x'"),
        (["--at", "yesterday"], "at: 'yesterday' is not an ISO 8601 time"),
        (["--tz", "Mars/Base"], "tz: unknown time zone 'Mars/Base'"),
        (["--var", "novalue"], "--var 'novalue': expected NAME=VALUE"),
        (["--did", "15550001"], "give either FILE or --did NUMBER"),
    ],
)
def test_bad_flags_are_one_line_errors(document: Any, args: list[str], message: str) -> None:
    result = trunkline("connexml", "simulate", document(say("hi")), *args)
    assert result.returncode == 1
    assert result.stderr == f"trunkline: error: {message}\n" and result.stdout == ""


def test_a_voice_script_runs_from_the_command_line(document: Any) -> None:
    script = (
        "function main(data, ctx) {\n"
        "  return ctx.answer().then(() => ctx.tts('Hello ' + data.From))\n}"
    )
    result = trunkline("connexml", "simulate", document(script, "ivr.js"), "--from", "4401")
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["event"], e.get("text")) for e in events] == [
        ("answer", None),
        ("say", "Hello 4401"),
        ("hangup", None),
    ]


@pytest.fixture
def env(db: str, db_url: str, tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TRUNKLINE_")}
    return {**clean, "TRUNKLINE_DATABASE_URL": db_url, "TRUNKLINE_DATA_DIR": str(tmp_path / "d")}


async def test_did_runs_its_destination_from_the_database(env: dict[str, str]) -> None:
    from runtime.auth.principal import SYSTEM
    from runtime.services import customers
    from telephony.class5.services import features

    acme = await customers.create_customer(SYSTEM, "Acme")
    bob = await make_user(acme, "bob", "1002")
    night = await make_app(acme, "night", say("Closed for the night"))
    menu = await make(
        features.IVR_MENU,
        acme,
        name="Main",
        prompt={"say": "Press 1 for Bob"},
        options={"1": {"type": "extension", "target": bob.id}},
        tries=1,
    )
    await make_did(
        acme,
        "+1 555 010 0900",
        {"type": "ivr_menu", "target": menu.id},
        alternatives=[
            {
                "when": {"hour": "18-8"},
                "destination": {"type": "connexml_app", "target": night.id},
            }
        ],
    )
    day = events(
        trunkline("connexml", "simulate", "--did", "15550100900", "--digits", "1",
                  "--at", "2026-01-05T10:00:00Z", env=env)
    )  # fmt: skip
    assert brief(day) == [
        "answer",
        "say:Press 1 for Bob",
        "gather:1",
        "webhook",
        "dial:completed",
        "hangup:normal_clearing",
    ]
    assert day[3]["url"] == f"app:extension/{bob.id}" and day[4]["target"] == "bob"
    assert day[3]["params"]["To"] == "+15550100900"
    night_rows = events(
        trunkline("connexml", "simulate", "--did", "15550100900",
                  "--at", "2026-01-05T07:00", "--tz", "Europe/Berlin", env=env)
    )  # fmt: skip
    assert brief(night_rows) == ["answer", "say:Closed for the night", "hangup:normal_clearing"]
    missing = trunkline("connexml", "simulate", "--did", "4420", env=env)
    assert (missing.returncode, missing.stderr) == (1, "trunkline: error: No DID 4420\n")
