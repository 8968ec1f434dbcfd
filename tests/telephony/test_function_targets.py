"""``scriptforge:`` targets: a document's Redirect or action runs a ScriptForge function with
the call's parameters, and the ConneXML it returns is the next document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from runtime.auth.principal import SYSTEM
from runtime.services import apps
from scriptforge.models import Run, RunTrigger
from scriptforge.services import scripts as script_service
from telephony.class5 import routing
from telephony.class5.models import DestinationType
from telephony.simulate import SimulationRequest, simulate
from telephony.voice_scripts import install_runner, uninstall_runner
from tests.telephony.test_did_routing import acme, make_app, make_did

__all__ = ["acme"]  # the fixture

MENU = """
export function menu(data) {
  if (data.Digits === '1') return '<Response><Say>Sales, hold on</Say></Response>';
  return `<Response><Gather numDigits="1" action="scriptforge:desk/ivr:menu">
    <Say>Hello ${data.From}, press 1 for sales</Say></Gather></Response>`;
}
export function broken() { throw new Error('no menu today'); }
export function notxml() { return {say: 'hi'}; }
"""


@pytest.fixture
def server(app: Any) -> Iterator[Any]:
    """What the server's lifespan does for voice: the runner bound to the app."""
    install_runner(app=app)
    yield app
    uninstall_runner()


@pytest.fixture
async def desk(db: str) -> Any:
    owner = await apps.create_app(SYSTEM, "desk")
    await script_service.create_script(SYSTEM, owner, "ivr", MENU)
    return owner


def brief(simulation: Any) -> list[str]:
    return simulation.transcript.brief()


@pytest.mark.usefixtures("server", "desk")
async def test_a_did_reaches_a_function_that_answers_with_connexml(acme: Any) -> None:
    voice = await make_app(
        acme, "front", "<Response><Redirect>scriptforge:desk/ivr:menu</Redirect></Response>"
    )
    await make_did(acme, "15550000777", {"type": DestinationType.CONNEXML_APP, "target": voice.id})
    simulation = await simulate(
        SimulationRequest(did="15550000777", digits="1", caller="+15557654321", allow=())
    )
    assert brief(simulation) == [
        "webhook:scriptforge:desk/ivr:menu",
        "answer",
        "say:Hello +15557654321, press 1 for sales",
        "gather:1",
        "webhook:scriptforge:desk/ivr:menu",
        "say:Sales, hold on",
        "hangup:normal_clearing",
    ]
    second = [e for e in simulation.events if e["event"] == "webhook"][1]
    assert second["params"]["Digits"] == "1"
    runs = await Run.filter(trigger=RunTrigger.VOICE).order_by("id")
    assert [(r.function, r.status) for r in runs] == [("menu", "ok"), ("menu", "ok")]


@pytest.mark.usefixtures("server", "desk")
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("scriptforge:desk/ivr:broken", "the function failed"),
        ("scriptforge:desk/ivr:notxml", "returned dict, not a ConneXML document"),
        ("scriptforge:desk/nothere", "the app 'desk' has no script 'nothere'"),
        ("scriptforge:nowhere/ivr", "no app 'nowhere'"),
        ("scriptforge:999999", "no script with the id 999999"),
    ],
)
async def test_a_failing_function_ends_the_call_with_a_clear_error(
    target: str, message: str
) -> None:
    simulation = await simulate(
        SimulationRequest(
            document=f"<Response><Say>One moment</Say><Redirect>{target}</Redirect></Response>",
            internal_targets=True,
            allow=(),
        )
    )
    events = simulation.events
    error = next(e for e in events if e["event"] == "error")
    assert message in error["message"]
    assert events[-1]["event"] == "hangup"


async def test_without_a_server_the_target_says_so(db: str) -> None:
    assert routing._function_documents is None
    simulation = await simulate(
        SimulationRequest(
            document="<Response><Redirect>scriptforge:desk/ivr</Redirect></Response>",
            internal_targets=True,
        )
    )
    error = next(e for e in simulation.events if e["event"] == "error")
    assert "ScriptForge functions answer only on a running server" in error["message"]
