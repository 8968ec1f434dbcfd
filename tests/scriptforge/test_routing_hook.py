"""The routing hook the Class 4 engine will call: data in, routing data or a rejection out."""

from __future__ import annotations

from typing import Any

import pytest

from scriptforge.hooks import parse_timeout_action, routing_hook
from scriptforge.models import Run, RunTrigger
from tests.scriptforge.conftest import Forge

ROUTING = {
    "routing": {
        "dest_number": "442071234567",
        "cli": "15551234567",
        "account_id": 1042,
        "server": "sbc1.example.net",
        "egress_routing": [{"id": 7, "headers": [], "remove_headers": []}],
    }
}


async def test_a_connexcs_header_script_changes_the_routing(app: Any, forge: Forge) -> None:
    await forge.fixture("routing-helpers.js")
    script = await forge.fixture("sip-headers.js")
    decision = await routing_hook(
        app, script, ROUTING, route_vars={"headers": {"strip": ["X-Debug"]}}
    )
    assert decision.continues
    assert decision.data is not None
    route = decision.data["routing"]["egress_routing"][0]
    keys = [h["key"] for h in route["headers"]]
    assert "X-Account-ID" in keys and "P-Asserted-Identity" in keys
    # replace = remove, then add (ConnexCS's header-manipulation rule)
    assert route["remove_headers"] == [{"key": "P-Asserted-Identity"}, {"key": "X-Debug"}]
    run = await Run.get(id=decision.run_id)
    assert run.trigger == RunTrigger.ROUTING
    assert ROUTING["routing"]["egress_routing"][0]["headers"] == [], "input left untouched"


@pytest.mark.parametrize(
    ("code", "expected_headers", "expected_cli"),
    [
        pytest.param(
            "export function main(data) { data.routing.cli = '1000'; return data }",
            [],
            "1000",
            id="whole-data",
        ),
        pytest.param(
            "export function main(data) { return { ...data.routing, cli: '2000' } }",
            [],
            "2000",
            id="routing-only",
        ),
        pytest.param(
            "export function main() { return [{ key: 'X-TTS', value: 'hi' }] }",
            [{"key": "X-TTS", "value": "hi"}],
            "15551234567",
            id="header-array",
        ),
        pytest.param("export function main() {}", [], "15551234567", id="nothing"),
    ],
)
async def test_every_result_shape_of_the_examples_is_accepted(
    app: Any, forge: Forge, code: str, expected_headers: list[Any], expected_cli: str
) -> None:
    decision = await routing_hook(app, await forge.script(code), ROUTING)
    assert decision.continues and decision.data is not None
    assert decision.data["routing"]["cli"] == expected_cli
    assert decision.data["routing"].get("headers", []) == expected_headers


async def test_rejections_and_failures(app: Any, forge: Forge) -> None:
    dnc = await forge.script(
        "export function main() {\n  return Promise.reject([604, 'Number on DNC List']) }", "dnc"
    )
    decision = await routing_hook(app, dnc, ROUTING)
    assert (decision.data, decision.rejection) == (None, (604, "Number on DNC List"))

    broken = await forge.script("export function main(d) { const x = null; return x.y }", "broken")
    failed = await routing_hook(app, broken, ROUTING)
    assert failed.rejection == (503, "ScriptForge failed")
    carry_on = await routing_hook(app, broken, ROUTING, timeout_action="200 OK")
    assert carry_on.continues and carry_on.data == ROUTING

    slow = await forge.script("export function main() { while (true) {} }", "slow", cpu_ms=50)
    timed_out = await routing_hook(app, slow, ROUTING, timeout_action="480 Busy Here")
    assert timed_out.rejection == (480, "Busy Here")
    assert timed_out.outcome.status == "timeout"


def test_timeout_actions_parse() -> None:
    assert parse_timeout_action("200 OK") == (200, "OK")
    assert parse_timeout_action("503") == (503, "")
    assert parse_timeout_action("nonsense") == (503, "ScriptForge failed")
    assert parse_timeout_action(None) == (503, "ScriptForge failed")
