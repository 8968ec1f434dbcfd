"""Voice scripts on the simulated leg: both entry points, the ctx methods, virtual time.

The scripts run in the real QuickJS sandbox pool; the leg is the simulator's, so every
event's time is exact virtual time (TTS 0.4 s a word, digits 0.2 s apart...).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scriptforge.sandbox import SandboxPool
from telephony.calls.clock import ClockStalled, VirtualClock
from telephony.calls.simulated import (
    CallerScript,
    DialAnswer,
    DialOutcome,
    DialScript,
    SimulatedCallLeg,
)
from telephony.voice_ops import dial_target
from telephony.voice_scripts import VoiceRun, run_voice_script

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "voice"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
CALL = {"CallSid": "CA1", "From": "+15550001", "To": "+15559999", "Direction": "inbound"}


@pytest.fixture
async def pool() -> AsyncIterator[SandboxPool]:
    sandbox = SandboxPool(size=1)
    await sandbox.start()
    yield sandbox
    await sandbox.aclose()


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text()


def make_leg(
    digits: str = "",
    *,
    hangup_at: float | None = None,
    dial: str = "answered",
    takes: str = "",
) -> SimulatedCallLeg:
    return SimulatedCallLeg(
        VirtualClock(START),
        caller=CallerScript.parse(digits, hangup_at=hangup_at, takes=takes),
        dial=DialScript(DialAnswer(DialOutcome(dial), talk=30)),
        variables=CALL,
    )


def timeline(leg: SimulatedCallLeg) -> list[tuple[float, str]]:
    """``(t, "event:main field")`` for every transcript event."""
    return list(zip([e["t"] for e in leg.transcript], leg.transcript.brief(), strict=True))


async def run(pool: SandboxPool, name: str, leg: SimulatedCallLeg, **kwargs: Any) -> VoiceRun:
    return await run_voice_script(fixture(name), leg, pool=pool, **kwargs)


# -- the three-step IVR, both styles --------------------------------------------------------

MENU_ANSWERED = [
    (0.0, "answer"),
    (0.0, "say:Welcome to Trunkline"),
    (1.2, "say:Press 1 for sales or 2 for support"),  # 3 words: 1.2 s
    (4.4, "gather:9"),  # 8 words: 3.2 s; the wrong key comes at once
    (4.4, "say:Sorry"),  # invalid_file
    (4.8, "say:Press 1 for sales or 2 for support"),
    (8.0, "gather:1"),
    (43.0, "dial:completed"),  # rings 5 s, talks 30 s
    (43.0, "hangup:normal_clearing"),  # the script returned: the call ends
]


@pytest.mark.parametrize("name", ["ivr-menu-modern.js", "ivr-menu-legacy.js"])
async def test_menu_wrong_then_right_entry_then_an_answered_bridge(
    pool: SandboxPool, name: str
) -> None:
    leg = make_leg("9,1")
    result = await run(pool, name, leg)
    assert result.ok, result.outcome.error
    assert timeline(leg) == MENU_ANSWERED
    assert leg.transcript.events[1]["voice"] == "alice"
    assert leg.transcript.events[7]["target"] == "sip:sales@desk.example"
    assert result.outcome.result == {
        "from": "+15550001",
        "choice": {"status": "ok", "value": "1"},
        "bridged": {"status": "completed", "answered": "sip:sales@desk.example", "duration": 30.0},
    }
    assert leg.ended_by == "app"


@pytest.mark.parametrize("name", ["ivr-menu-modern.js", "ivr-menu-legacy.js"])
async def test_menu_bridge_busy_speaks_and_hangs_up(pool: SandboxPool, name: str) -> None:
    leg = make_leg("2", dial="busy")
    result = await run(pool, name, leg)
    assert result.outcome.result["bridged"]["status"] == "busy"
    assert timeline(leg)[3:] == [
        (4.4, "gather:2"),
        (6.4, "dial:busy"),  # busy after 2 s of ringing
        (6.4, "say:Nobody is free"),
        (7.6, "hangup:normal_clearing"),
    ]


async def test_menu_gives_up_after_three_timeouts(pool: SandboxPool) -> None:
    leg = make_leg("")
    result = await run(pool, "ivr-menu-modern.js", leg)
    assert result.outcome.result == {"choice": {"status": "timeout", "value": ""}}
    gathers = [(t, e) for t, e in timeline(leg) if e.startswith("gather")]
    assert gathers == [(9.4, "gather:"), (17.6, "gather:"), (25.8, "gather:")]
    assert timeline(leg)[-2:] == [(25.8, "say:Goodbye"), (26.2, "hangup:normal_clearing")]


@pytest.mark.parametrize(
    ("options", "digits", "expected", "dialled"),
    [
        ("{tries: 2, regexp: '^[0-9]{4}$'}", "12,1234", {"status": "ok", "value": "1234"}, []),
        ("{tries: 1}", "5#", {"status": "ok", "value": "5"}, []),
        ("{tries: 1, regexp: '^1'}", "9", {"status": "invalid", "value": "9"}, []),
        (
            "{tries: 1, transfer_on_failure: '1001'}",
            "",
            {"status": "failed", "value": "", "transfer": "completed"},
            ["1001"],
        ),
    ],
)
async def test_ivr_options(
    pool: SandboxPool, options: str, digits: str, expected: dict[str, Any], dialled: list[str]
) -> None:
    source = (
        "export async function main(data, ctx) {\n"
        f"  return ctx.ivr('tts:Your PIN', 3, 1, 4, '#', {options});\n"
        "}\n"
    )
    leg = make_leg(digits)
    result = await run_voice_script(source, leg, pool=pool)
    assert result.outcome.result == expected
    assert [e["target"] for e in leg.transcript if e["event"] == "dial"] == dialled


async def test_a_key_during_the_prompt_cuts_it_short(pool: SandboxPool) -> None:
    leg = make_leg("2@0.5")
    source = "async function main(d, ctx) { return ctx.ivr('tts:one two three four', 5, 1, 1) }"
    result = await run_voice_script(source, leg, pool=pool)
    assert result.outcome.result == {"status": "ok", "value": "2"}
    assert timeline(leg)[:2] == [(0.0, "say:one two three four"), (0.5, "gather:2")]


# -- variables, headers, record, waits ------------------------------------------------------


async def test_variables_headers_and_log(pool: SandboxPool) -> None:
    leg = make_leg()
    result = await run(pool, "variables.js", leg)
    assert result.outcome.result == {
        "caller": "+15550001",
        "tier": "gold",
        "header": "gold",
        "missing": None,
    }
    assert leg.variables["tier"] == "gold"
    assert leg.headers == {"X-Tier": "gold"}
    assert timeline(leg) == [
        (0.0, "set:tier"),
        (0.0, "set:X-Tier"),
        (0.0, "log:tier set for +15550001"),
        (0.0, "hangup:normal_clearing"),
    ]
    assert [e["message"] for e in result.outcome.logs] == ["tier set for +15550001"]


async def test_record_a_message(pool: SandboxPool) -> None:
    leg = make_leg(takes="8#")
    result = await run(pool, "record.js", leg)
    take = result.outcome.result
    assert take == {"url": "recordings/CA1-1.wav", "seconds": 8.0, "finished_by": "#"}
    assert leg.variables["message_url"] == take["url"]
    assert timeline(leg) == [
        (0.0, "answer"),
        (0.0, "say:Leave a message after the tone"),
        (10.4, "record:8.0"),  # after 6 words (2.4 s): 8 s of speech, ended by "#"
        (10.4, "set:message_url"),
        (10.4, "say:Thank you"),
        (11.2, "hangup:normal_clearing"),
    ]


async def test_wait_for_seconds_keys_and_hangup(pool: SandboxPool) -> None:
    leg = make_leg("42", hangup_at=20)
    result = await run(pool, "waits.js", leg)
    assert result.outcome.result == "42"
    assert timeline(leg) == [
        (0.0, "answer"),
        (0.0, "pause:2.0"),
        (12.2, "gather:42"),  # keys at 2.0 and 2.2, then 10 s without one
        (12.2, "say:Got it"),
        (20.0, "hangup:normal_clearing"),
    ]
    assert leg.ended_by == "caller"


# -- the call ends cleanly ------------------------------------------------------------------


async def test_caller_hangs_up_mid_tts(pool: SandboxPool) -> None:
    leg = make_leg(hangup_at=2.5)
    result = await run(pool, "long-tts.js", leg)
    assert result.ok
    assert result.outcome.result == "done"  # later media return at once
    assert timeline(leg) == [
        (0.0, "answer"),
        (0.0, "say:one two three four five six seven eight nine ten"),
        (2.5, "hangup:normal_clearing"),
        (2.5, "set:reached"),
    ]
    assert leg.ended_by == "caller"


async def test_an_exception_hangs_up_with_an_error_event(pool: SandboxPool) -> None:
    leg = make_leg()
    result = await run(pool, "throws.js", leg)
    assert result.outcome.status == "error"
    assert timeline(leg) == [
        (0.0, "answer"),
        (0.0, "say:Hello"),
        (0.4, "error:no route for this caller (voice:8)"),
        (0.4, "hangup:normal_clearing"),
    ]


async def test_a_sip_rejection_before_answer_rejects_the_call(pool: SandboxPool) -> None:
    leg = make_leg()
    source = "export function main() { throw new Error('486 Busy Here') }"
    result = await run_voice_script(source, leg, pool=pool)
    assert result.outcome.rejection == (486, "Busy Here")
    assert timeline(leg) == [(0.0, "error:486 Busy Here"), (0.0, "reject:busy")]


async def test_ctx_only_reaches_its_own_call(pool: SandboxPool) -> None:
    leg = make_leg()
    source = (
        "import cxC5Server from 'cxC5Server';\n"
        "export async function main() {\n"
        "  try { await new cxC5Server('someone-else').answer() } catch (e) { return e.message }\n"
        "}\n"
    )
    result = await run_voice_script(source, leg, pool=pool)
    assert "no live call 'someone-else'" in result.outcome.result
    assert not leg.answered


async def test_kv_during_a_call_takes_no_virtual_time(pool: SandboxPool) -> None:
    leg = make_leg(hangup_at=30)
    source = (
        "import { kv } from 'cxKV';\n"
        "export async function main(data, ctx) {\n"
        "  await ctx.tts('one two');\n"
        "  await kv.set('seen', data.From);\n"
        "  await ctx.tts(await kv.get('seen'));\n"
        "}\n"
    )
    await run_voice_script(source, leg, pool=pool)
    assert timeline(leg) == [
        (0.0, "say:one two"),
        (0.8, "say:+15550001"),
        (1.2, "hangup:normal_clearing"),
    ]


@pytest.mark.parametrize(
    ("destination", "kind", "address"),
    [
        ("1001", "number", "1001"),
        ("+441234567890", "number", "+441234567890"),
        ("sip:bob@example.com", "sip", "sip:bob@example.com"),
        ("client:alice", "client", "alice"),
        ("user:alice", "client", "alice"),
    ],
)
def test_bridge_destinations(destination: str, kind: str, address: str) -> None:
    target = dial_target(destination)
    assert (target.kind, target.address) == (kind, address)


# -- an app's script ------------------------------------------------------------------------


async def test_an_app_script_runs_on_the_call_and_is_recorded(app: Any) -> None:
    from runtime.auth.principal import SYSTEM
    from runtime.services import apps
    from scriptforge.models import Run, RunTrigger
    from scriptforge.services import scripts

    owner = await apps.create_app(SYSTEM, "voice")
    code = (
        "import cxC5Server from 'cxC5Server';\n"
        "import { kv } from 'cxKV';\n"
        "export async function main(data) {\n"
        "  const ctx = new cxC5Server(process.env.CORRELATION_ID);\n"
        "  await ctx.answer();\n"
        "  await kv.set('last caller', data.From);\n"
        "  await ctx.tts('Hello ' + (await kv.get('last caller')));\n"
        "  return process.env.APP_ID;\n"
        "}\n"
    )
    script = await scripts.create_script(SYSTEM, owner, "greeter", code)
    leg = make_leg(hangup_at=60)
    result = await run_voice_script(script, leg, app=app)
    assert result.outcome.result == str(owner.id)
    assert timeline(leg) == [
        (0.0, "answer"),
        (0.0, "say:Hello +15550001"),  # database I/O took no virtual time
        (0.8, "hangup:normal_clearing"),
    ]
    run = await Run.get(script_id=script.id)
    assert (run.trigger, run.trigger_ref, run.caller) == (RunTrigger.VOICE, "CA1", "+15550001")


async def test_sleep_and_set_timeout_wait_on_the_call_clock(pool: SandboxPool) -> None:
    leg = make_leg(hangup_at=60)
    source = (
        "async function main(data, ctx) {\n"
        "  await sleep(1500);\n"
        "  await ctx.tts('late');\n"
        "  await new Promise((ok) => setTimeout(ok, 2000));\n"
        "  await ctx.tts('later');\n"
        "}\n"
    )
    await run_voice_script(source, leg, pool=pool)
    assert timeline(leg) == [(1.5, "say:late"), (3.9, "say:later"), (4.3, "hangup:normal_clearing")]


# -- the simulator's seam -------------------------------------------------------------------


@pytest.fixture
def installed(pool: SandboxPool) -> Any:
    from telephony.class5 import routing
    from telephony.voice_scripts import install_runner

    before = routing.voice_script_runner()
    install_runner(pool=pool)
    yield
    routing.set_voice_script_runner(before)


@pytest.mark.usefixtures("installed")
async def test_the_simulator_runs_a_voice_script_file() -> None:
    from telephony.simulate import SimulationRequest, simulate

    request = SimulationRequest(
        script=fixture("ivr-menu-legacy.js"), digits="1", dial_result="no-answer"
    )
    simulation = await simulate(request)
    assert simulation.transcript is not None
    assert simulation.transcript.brief()[-4:] == [
        "gather:1",
        "dial:no-answer",
        "say:Nobody is free",
        "hangup:normal_clearing",
    ]
    assert [e["t"] for e in simulation.events][-3:] == [24.4, 24.4, 25.6]  # rings 20 s


async def test_a_missing_function_and_a_call_that_can_never_end(pool: SandboxPool) -> None:
    leg = make_leg()
    result = await run_voice_script("export const other = 1", leg, pool=pool)
    assert result.outcome.error is not None
    assert "Script 'voice' has no function main" in result.outcome.error["message"]
    assert leg.transcript.brief()[-1] == "hangup:normal_clearing"
    # Waiting for a caller who never hangs up: the simulation stalls (the simulator
    # reports it as an error event, as for <Echo/>).
    stuck = make_leg()
    source = "async function main(d, ctx) { await ctx.answer(); await ctx.waitForHangup() }"
    with pytest.raises(ClockStalled):
        await run_voice_script(source, stuck, pool=pool)
    assert (await run_voice_script("function main() { return 1 }", make_leg(), pool=pool)).ok
