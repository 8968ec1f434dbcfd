"""Every example document (tests/fixtures/connexml, our own equivalents of the public
ConnexCS examples and a few TwiML ones) runs in the simulator to its end without an error:
webhooks go to a real local HTTP server (the documents' hosts rewritten to it), prompts are
local WAV files, the voicemail box the examples dial exists."""

from __future__ import annotations

import re
import wave
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.services import customers
from telephony.calls.simulated import Media
from telephony.class5.services import sip_users, voicemail
from telephony.simulate import SimulationRequest, simulate
from tests.telephony.local_http import serving

FIXTURES = Path(__file__).parent.parent / "fixtures" / "connexml"
NEXT = b"<Response><Say>Next step</Say><Hangup/></Response>"
#: What the caller does in each example (keys per collection; when they hang up).
CALLER: dict[str, dict[str, Any]] = {
    "Echo.xml": {"hangup_at": 20},
    "Stream.xml": {"hangup_at": 60},
    "Enqueue.xml": {"hangup_at": 90},
    "Dial-Queue.xml": {"hangup_at": 90},
    "Dial-Conference.xml": {"hangup_at": 60},
    "TwiML-Conference.xml": {"hangup_at": 60},
    "TwiML-Queue.xml": {"hangup_at": 90},
    "Gather.xml": {"digits": "1"},
    "Gather-Success.xml": {"digits": "2"},
    "Condition.xml": {"digits": "1"},
    "Press.xml": {"digits": "1", "hangup_at": 120},
    "Dial-Voicemail-Inbox.xml": {"digits": "1234#,#", "hangup_at": 120},
    "TwiML-Menu.xml": {"digits": "1"},
    "Variables.xml": {"variables": {"region": "Yorkshire", "Extension": "ext15551230000"}},
}
#: Not run by Trunkline yet: the call ends with a clear "not supported" error.
UNSUPPORTED = {"Dial-LLMAgent.xml": "LLM", "Dial-Barge.xml": "Barge"}


class _Next(BaseHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(NEXT)))
        self.end_headers()
        self.wfile.write(NEXT)

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self._answer()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serving(_Next) as url:
        yield url


@pytest.fixture(scope="module")
def media(tmp_path_factory: pytest.TempPathFactory) -> Media:
    path = tmp_path_factory.mktemp("audio") / "prompt.wav"
    with wave.open(str(path), "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(2)
        audio.setframerate(8000)
        audio.writeframes(b"\0\0" * 8000)
    return Media(lambda source: path)


def _local(text: str, server: str) -> str:
    """The document with its webhook URLs pointed at the local server (paths kept)."""
    return re.sub(r"https?://[^/\"'<\s]+", server, text)


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.xml")))
async def test_example_runs_to_its_end(
    name: str, server: str, media: Media, db: str, tmp_path: Path
) -> None:
    acme = await customers.create_customer(SYSTEM, "Acme")
    user = {"customer": acme.id, "username": "adam", "password": "adam pw 1", "extension": "1001"}
    adam = await sip_users.create_sip_user(SYSTEM, user, realm="trunkline")
    box = {"customer": acme.id, "mailbox": "1001", "pin": "1234", "sip_user": adam.id}
    await voicemail.create_box(SYSTEM, {**box, "name": "Adam"})
    maria = {**user, "username": "maria", "extension": "1002"}
    maria_id = (await sip_users.create_sip_user(SYSTEM, maria, realm="trunkline")).id
    await voicemail.create_box(
        SYSTEM, {**box, "mailbox": "1002", "sip_user": maria_id, "name": "Maria"}
    )
    text = _local((FIXTURES / name).read_text(), server)
    request = SimulationRequest(
        document=text,
        media=media,
        storage=tmp_path,
        url=f"{server}/start",  # the TwiML examples' relative actions resolve against it
        customer=acme.id,
        **CALLER.get(name, {}),
    )
    result = await simulate(request)
    assert not result.failed, result.problems
    assert result.transcript is not None
    errors = [e for e in result.events if e["event"] == "error"]
    if name in UNSUPPORTED:
        assert [e["message"] for e in errors if "not supported" in e["message"]], errors
        assert UNSUPPORTED[name] in errors[0]["message"]
    else:
        assert errors == [], result.transcript.to_jsonl()
    # The call ended (a queue or room may still note the caller's leaving after the hang-up).
    ends = [e["event"] for e in result.events if e["event"] in ("hangup", "reject")]
    assert ends, result.transcript.to_jsonl()
