"""Scripts in the style of ConnexCS's public examples run unchanged.

Each file of ``tests/fixtures/scriptforge`` (see the README there) is loaded as it is into
an app and run through ``invoke()`` or the HTTP endpoint, with real databases, the real
sandbox and real SMTP/HTTP servers on localhost.
"""

from __future__ import annotations

import asyncio
import copy
import email
from email import policy
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import customers
from scriptforge.models import Job, JobState, Run, RunTrigger
from scriptforge.services import kv_get, kv_set
from tests.api.api_support import assert_error
from tests.scriptforge.conftest import FIXTURES, Forge

ROUTING: dict[str, Any] = {
    "routing": {
        "dest_number": "442079460000",
        "cli": "441614960000",
        "account_id": 1002,
        "server": "sbc1.example.net",
        "egress_routing": [
            {
                "card": "uk-premium",
                "headers": [{"key": "P-Asserted-Identity", "value": "<sip:anonymous@invalid>"}],
                "gw": {"17": {"cli": "441614960000"}, "18": {"cli": "441614960000"}},
            },
            {"card": "uk-backup", "gw": {"23": {"cli": "441614960000"}}},
        ],
    }
}


def routing(**extra: Any) -> dict[str, Any]:
    return {**copy.deepcopy(ROUTING), **extra}


def test_every_fixture_is_listed_in_the_readme() -> None:
    readme = (FIXTURES / "README.md").read_text()
    files = sorted(p.name for p in FIXTURES.glob("*.js"))
    assert len(files) >= 9
    for name in files:
        assert f"`{name}`" in readme, f"{name} is not described in the fixtures README"


def test_both_module_styles_are_represented() -> None:
    sources = {p.name: p.read_text() for p in FIXTURES.glob("*.js")}
    legacy = [n for n, s in sources.items() if "require(" in s or "module.exports" in s]
    modules = [n for n, s in sources.items() if "\nimport " in s or "\nexport " in s]
    assert len(legacy) >= 3 and len(modules) >= 3, (legacy, modules)


# -- header manipulation ------------------------------------------------------------------


async def test_sip_headers_changes_the_headers_of_every_egress_route(forge: Forge) -> None:
    await forge.fixture("routing-helpers.js")
    script = await forge.fixture("sip-headers.js")
    data = routing(headers={"strip": ["X-Internal-Trace", "X-Debug"]})

    result = await forge.result(script, data)

    first, second = result["routing"]["egress_routing"]
    for route in (first, second):
        keys = [h["key"] for h in route["headers"]]
        assert keys.count("P-Asserted-Identity") == 1
        values = {h["key"]: h["value"] for h in route["headers"]}
        assert values["X-Account-ID"] == "1002"
        assert values["X-Routed-At"].isdigit()
        assert values["P-Asserted-Identity"] == "<sip:441614960000@sbc1.example.net>"
        assert route["remove_headers"] == [
            {"key": "P-Asserted-Identity"},
            {"key": "X-Internal-Trace"},
            {"key": "X-Debug"},
        ]
    # Everything else of the routing data comes back as it went in.
    assert first["gw"] == ROUTING["routing"]["egress_routing"][0]["gw"]
    assert {k: v for k, v in result["routing"].items() if k != "egress_routing"} == {
        k: v for k, v in ROUTING["routing"].items() if k != "egress_routing"
    }


async def test_sip_headers_leaves_data_without_egress_routes_alone(forge: Forge) -> None:
    await forge.fixture("routing-helpers.js")
    script = await forge.fixture("sip-headers.js")
    data = {"routing": {"dest_number": "123"}, "anything": [1, 2]}
    assert await forge.result(script, data) == data


# -- time-of-day restriction ----------------------------------------------------------------

# 2026-05-04 is a Monday, 2026-05-09 a Saturday.
HOURS = {"week": "9-21", "weekend": "10-16", "offset": -4}


@pytest.mark.parametrize(
    ("schedule", "now", "expected"),
    [
        pytest.param(HOURS, "2026-05-04T15:00:00Z", None, id="weekday-11h-local"),
        pytest.param(HOURS, "2026-05-04T12:00:00Z", 480, id="weekday-8h-local"),
        pytest.param(HOURS, "2026-05-05T02:30:00Z", 480, id="weekday-22h-local"),
        pytest.param(HOURS, "2026-05-09T18:00:00Z", None, id="saturday-14h-local"),
        pytest.param(HOURS, "2026-05-09T21:00:00Z", 480, id="saturday-17h-local"),
        pytest.param({"week": "0-23"}, "2026-05-10T12:00:00Z", 480, id="no-weekend-hours"),
        pytest.param({"week": "9-25"}, "2026-05-04T12:00:00Z", 503, id="bad-hours"),
        pytest.param({"week": "0-23", "weekend": "0-23"}, None, None, id="open-all-day-now"),
    ],
)
async def test_time_of_day_restriction(
    forge: Forge, schedule: dict[str, Any], now: str | None, expected: int | None
) -> None:
    script = await forge.fixture("time-of-day-restriction.js")
    data = routing(schedule=schedule, **({"now": now} if now else {}))

    outcome, run = await forge.run(script, data)

    if expected is None:
        assert outcome.status == "ok", outcome.error
        assert outcome.result == data
        assert outcome.logs[0]["message"].startswith("allowed: ")
    else:
        assert outcome.status == "rejected"
        reason = {
            480: "Disallowed by Date/Time Restriction",
            503: "Date/Time Restriction Syntax Error",
        }
        assert outcome.rejection == (expected, reason[expected])
        assert run.status == "rejected"


async def test_time_of_day_rejection_over_http(forge: Forge, client: httpx.AsyncClient) -> None:
    script = await forge.fixture("time-of-day-restriction.js", access="public")
    outside = routing(schedule=HOURS, now="2026-05-05T02:00:00Z")

    response = await client.post(f"/scriptforge/{script.uuid}", json=outside)

    error = assert_error(response, 422, "rejected")
    assert error["message"] == "Disallowed by Date/Time Restriction"
    assert error["details"]["sip_code"] == 480
    inside = routing(schedule=HOURS, now="2026-05-04T13:00:00Z")
    ok = await client.post(f"/scriptforge/{script.uuid}", json=inside)
    assert ok.status_code == 200, ok.text
    assert ok.json() == inside


async def test_routing_fixtures_through_the_run_api(
    forge: Forge, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    await forge.fixture("routing-helpers.js")
    sip = await forge.fixture("sip-headers.js")
    hours = await forge.fixture("time-of-day-restriction.js")

    async def run(script: Any, data: Any) -> dict[str, Any]:
        response = await client.post(
            f"/api/v1/scripts/{script.id}/run", json={"data": data}, headers=headers
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    changed = await run(sip, routing())
    outside = await run(hours, routing(schedule=HOURS, now="2026-05-10T12:00:00Z"))

    assert changed["status"] == "ok"
    [first, _] = changed["result"]["routing"]["egress_routing"]
    assert "X-Account-ID" in {h["key"] for h in first["headers"]}
    assert outside["status"] == "rejected"
    assert outside["error"] == {"code": 480, "reason": "Disallowed by Date/Time Restriction"}


# -- random CLI from ranges -----------------------------------------------------------------


async def test_random_cli_comes_from_the_ranges_and_reaches_every_gateway(forge: Forge) -> None:
    script = await forge.fixture("random-cli-ranges.js")
    ranges = [[4420700000, 4420700009], [4416100050, 4416100050]]
    seen = set()
    for _ in range(12):
        result = await forge.result(script, routing(cli={"range": ranges}))
        cli = result["routing"]["cli"]
        assert any(low <= int(cli) <= high for low, high in ranges), cli
        gateways = [
            gw["cli"] for r in result["routing"]["egress_routing"] for gw in r["gw"].values()
        ]
        assert gateways == [cli, cli, cli]
        seen.add(cli)
    assert len(seen) > 1  # random, not a constant


@pytest.mark.parametrize("vars_", [{}, {"cli": {"range": []}}])
async def test_random_cli_without_ranges_is_rejected(forge: Forge, vars_: dict[str, Any]) -> None:
    script = await forge.fixture("random-cli-ranges.js")
    outcome, _ = await forge.run(script, routing(**vars_))
    assert outcome.rejection == (503, "No CLI Ranges Configured")


# -- PIN check against KV -----------------------------------------------------------------


async def test_pin_check_against_kv(forge: Forge) -> None:
    script = await forge.fixture("pin-check.js")
    shop = await forge.app_named()
    await kv_set(shop.id, "pin_441614960000", "4321")

    def call(cli: str, pin: str) -> dict[str, Any]:
        data = routing(pin=pin)
        data["routing"]["cli"] = cli
        return data

    ok = await forge.result(script, call("+441614960000", "4321"))
    assert ok["routing"]["pin_verified"] is True

    unknown, _ = await forge.run(script, call("449999", "4321"))
    assert unknown.rejection == (401, "CLI Not Authorized")

    for attempt in (1, 2, 3):
        wrong, run = await forge.run(script, call("441614960000", "0000"))
        assert wrong.rejection == (401, "Invalid PIN")
        assert run.logs[0]["message"] == f"wrong PIN for 441614960000 ({attempt} of 3)"
    assert await kv_get(shop.id, "pin_failures_441614960000") == "3"

    blocked, _ = await forge.run(script, call("441614960000", "4321"))
    assert blocked.rejection == (403, "Too Many PIN Attempts")


# -- e-mail ------------------------------------------------------------------------------


async def test_email_report_reaches_the_smtp_server(
    forge: Forge, make_app: Any, smtp_server: Any
) -> None:
    mailer = make_app(smtp_host=smtp_server.host, smtp_port=smtp_server.port)
    script = await forge.fixture("email-report.js")
    data = {"to": "noc@example.com", "customer": "Acme <UK>", "calls": 1200, "minutes": 3456}

    result = await forge.result(script, data, application=mailer)

    assert result == {"sent": True, "subject": "Traffic report for Acme <UK>"}
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == ["noc@example.com"]
    message = email.message_from_bytes(envelope.content, policy=policy.default)
    assert message["Subject"] == "Traffic report for Acme <UK>"
    html_part, text_part = message.get_body(("html",)), message.get_body(("plain",))
    assert html_part is not None and text_part is not None
    html = html_part.get_content()
    assert "<h1>Acme &lt;UK&gt;</h1>" in html
    assert "<tr><th>Minutes</th><td>3456</td></tr>" in html
    assert "Acme <UK>: 1200 calls, 3456 minutes" in text_part.get_content()


# -- job queue producer and worker -----------------------------------------------------------


async def test_queue_producer_and_worker(forge: Forge, work: Any) -> None:
    producer = await forge.fixture("queue-producer.js")
    await forge.fixture("queue-worker.js")

    outcome, run = await work(forge.run(producer, {"numbers": ["+44 20 7946 0000", "1-212-555"]}))

    assert outcome.status == "ok", outcome.error
    assert outcome.result["queued"] == 2
    results = sorted(outcome.result["results"], key=lambda r: r["lookups"])
    assert [(r["number"], r["country"]) for r in results] in (
        [("442079460000", "GB"), ("1212555", "US")],
        [("1212555", "US"), ("442079460000", "GB")],
    )
    assert [r["lookups"] for r in results] == [1, 2]
    jobs = await Job.all().order_by("id")
    assert [j.state for j in jobs] == [JobState.COMPLETED, JobState.COMPLETED]
    assert [j.progress for j in jobs] == [100, 100]
    assert jobs[0].data == {"number": "+44 20 7946 0000", "country": "GB"}
    assert (jobs[0].max_attempts, jobs[0].backoff) == (3, {"type": "fixed", "delay_ms": 0})
    job_runs = await Run.filter(trigger=RunTrigger.JOB).order_by("id")
    assert {r.trigger_ref for r in job_runs} == {str(j.id) for j in jobs}
    assert all(r.function == "lookup" and r.script_name == "queue-worker" for r in job_runs)
    assert run.logs[0]["message"] == f"queued 2 jobs: {jobs[0].id}, {jobs[1].id}"


async def test_a_failing_lookup_fails_the_producer_after_its_attempts(
    forge: Forge, work: Any
) -> None:
    producer = await forge.fixture("queue-producer.js")
    await forge.fixture("queue-worker.js")

    outcome, _ = await work(forge.run(producer, {"numbers": ["no digits"]}))

    assert outcome.status == "error"
    assert "failed: Not a number: no digits" in outcome.error["message"]
    job = await Job.get()
    assert (job.state, job.attempts_made) == (JobState.FAILED, 3)


# -- REST API as an API user ---------------------------------------------------------------


async def test_rest_api_as_the_api_user(forge: Forge, make_user: Any) -> None:
    await make_user(Role.READONLY, username="api@example.com")
    await forge.env("CX_API_USER", "api@example.com")
    acme = await customers.create_customer(SYSTEM, "Acme")
    await customers.create_customer(SYSTEM, "Globex", currency="EUR")
    script = await forge.fixture("rest-api-user.js")

    listed = await forge.result(script)
    assert listed["count"] == 2
    assert {c["name"] for c in listed["customers"]} == {"Acme", "Globex"}

    one = await forge.result(script, {"id": acme.id}, function="customer")
    assert (one["id"], one["name"], one["currency"]) == (acme.id, "Acme", "USD")

    refused, _ = await forge.run(script, {"name": "Initech"}, function="create")
    assert refused.rejection == (403, "Your role (readonly) lacks the permission 'customers:write'")
    assert await customers.Customer.filter(name="Initech").count() == 0


async def test_rest_api_writes_as_a_user_allowed_to(forge: Forge, make_user: Any) -> None:
    await make_user(Role.SUPPORT, username="api@example.com")
    await forge.env("CX_API_USER", "api@example.com")
    script = await forge.fixture("rest-api-user.js")

    created = await forge.result(script, {"name": "Initech", "currency": "GBP"}, function="create")

    assert (created["name"], created["currency"]) == ("Initech", "GBP")


async def test_fixtures_run_concurrently(forge: Forge) -> None:
    """Several apps' routing scripts at once: each gets its own answer."""
    await forge.fixture("routing-helpers.js")
    headers = await forge.fixture("sip-headers.js")
    cli = await forge.fixture("random-cli-ranges.js")
    runs = [forge.run(headers, routing()) for _ in range(5)]
    runs += [forge.run(cli, routing(cli={"range": [[7, 7]]})) for _ in range(5)]
    outcomes = await asyncio.gather(*runs)
    assert all(o.status == "ok" for o, _ in outcomes)
    assert [o.result["routing"]["cli"] for o, _ in outcomes[5:]] == ["7"] * 5
