"""The demo's voice content: seeded twice without change, and its DIDs answer as the demo
says (a menu in office hours, voicemail outside them, the builder's support menu)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from runtime import demo
from telephony.class5.models import Did, VoicemailMessage
from telephony.demo import MAIN_LINE, STANDUP_LINE, SUPPORT_LINE
from telephony.simulate import SimulationRequest, simulate

TUESDAY_10_NY = "2026-12-01T10:00"
TUESDAY_22_NY = "2026-12-01T22:00"


def brief(events: list[dict[str, Any]]) -> list[str]:
    return [
        f"{e['event']}:{e.get('text') or e.get('status') or e.get('action') or ''}".rstrip(":")
        for e in events
        if e["event"] in ("say", "dial", "enqueue", "conference", "voicemail", "error")
    ]


async def call(number: str, at: str, tmp_path: Path, **options: Any) -> list[str]:
    simulation = await simulate(
        SimulationRequest(
            did=number, at=at, timezone="America/New_York", allow=(), storage=tmp_path, **options
        )
    )
    return brief(simulation.events)


async def test_the_demo_lines_answer(db: str, tmp_path: Path) -> None:
    said: list[str] = []
    await demo.seed(said.append)
    assert any("DID +15550100200" in line for line in said)
    again: list[str] = []
    await demo.seed(again.append)
    assert not [line for line in again if "DID" in line or "SIP user" in line]
    assert await Did.filter(number__in=[MAIN_LINE, SUPPORT_LINE, STANDUP_LINE]).count() == 3

    # In office hours: 1 rings Sales (alice, then bob, both busy), then alice's voicemail.
    sales = await call(MAIN_LINE, TUESDAY_10_NY, tmp_path, digits="1", dial_result="busy")
    assert sales[:2] == [
        "say:Thank you for calling Acme Telecom.",
        "say:" + ("For sales press 1. For support press 2. To join the stand-up press 9."),
    ]
    assert [e for e in sales if e.startswith("dial")] == ["dial:busy", "dial:busy"]
    assert any(e.startswith("voicemail") for e in sales)

    # 2 goes to the builder's support menu; 1 there joins the Support queue.
    support = await call(MAIN_LINE, TUESDAY_10_NY, tmp_path, digits="2,1", hangup_at=60)
    assert (
        "say:For a fault on your line press 1. To speak to Alice press 2. For the operator "
        "press 0." in support
    )
    assert any(e.startswith("enqueue") for e in support)

    # After hours: straight to voicemail, and a message is left.
    closed = await call(MAIN_LINE, TUESDAY_22_NY, tmp_path, takes="5")
    assert closed[0] == "say:Our office is closed. Please leave a message after the tone."
    assert await VoicemailMessage.all().count() >= 1

    standup = await call(STANDUP_LINE, TUESDAY_10_NY, tmp_path, digits="4321#", hangup_at=30)
    assert not [e for e in standup if e.startswith("error")]
    assert any(e.startswith("conference") for e in standup)
