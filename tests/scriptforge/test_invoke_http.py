"""Scripts as HTTP functions (``/scriptforge/<uuid>[/<function>]``) and test runs over the API
(``POST /api/v1/scripts/{script}/run``): access modes, data in and out, run records, the
mapping of rejections, errors, time-outs and rate limits onto HTTP, the built-in
``process.env`` and the scrubbing of protected values everywhere a run leaves a trace."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apikeys
from scriptforge.models import Run, RunStatus, RunTrigger, Script
from tests.api.api_support import assert_error
from tests.scriptforge.conftest import Forge
from tests.ui.ui_support import Ui

ECHO = """\
export function main(data) {
  return { data, who: process.env.SCRIPTFORGE_NAME }
}
export function shout(data) {
  return String(data.text).toUpperCase()
}
"""


@pytest.fixture
async def api_key(make_user: Any) -> tuple[str, str]:
    """``(username, secret)`` of a developer's API key."""
    account = await make_user(Role.DEVELOPER)
    _, secret = await apikeys.create_key(SYSTEM, account.user, "scripts")
    return account.username, secret


def url(script: Script, function: str | None = None) -> str:
    return f"/scriptforge/{script.uuid}" + (f"/{function}" if function else "")


# -- access ----------------------------------------------------------------------------------


async def test_apikey_access_wants_an_api_key(
    forge: Forge, client: httpx.AsyncClient, api_key: tuple[str, str], make_user: Any
) -> None:
    script = await forge.script(ECHO)  # access defaults to apikey
    username, secret = api_key

    anonymous = await client.post(url(script), json={"n": 1})
    assert "API key" in assert_error(anonymous, 401, "unauthorized")["message"]

    keyed = await client.post(url(script), json={"n": 1}, headers={"X-Api-Key": secret})
    assert keyed.status_code == 200, keyed.text
    assert keyed.headers["content-type"].startswith("application/json")
    assert keyed.json() == {"data": {"n": 1}, "who": "main"}

    bad_key = await client.post(url(script), headers={"X-Api-Key": "tk_not-a-key"})
    assert_error(bad_key, 401, "unauthorized")

    operator = await make_user(Role.READONLY)
    signed_in = await Ui(client).sign_in(operator.username, operator.password)
    assert signed_in.status_code == 303, signed_in.text
    with_cookie = await client.post(url(script), json={"n": 1})
    assert_error(with_cookie, 401, "unauthorized")

    runs = await Run.filter(script_id=script.id).order_by("id")
    assert [(r.status, r.caller) for r in runs] == [(RunStatus.OK, username)]


async def test_public_access_needs_no_credentials(
    forge: Forge, client: httpx.AsyncClient, api_key: tuple[str, str]
) -> None:
    script = await forge.script(ECHO, access="public")

    response = await client.post(url(script), json={"n": 2})

    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"n": 2}
    run = await Run.get(id=int(response.headers["X-Run-Id"]))
    assert run.caller == "public:203.0.113.7"
    named, secret = api_key
    keyed = await client.post(url(script), json={}, headers={"X-Api-Key": secret})
    assert keyed.status_code == 200
    assert (await Run.get(id=int(keyed.headers["X-Run-Id"]))).caller == named


async def test_session_access_wants_a_signed_in_session(
    forge: Forge, client: httpx.AsyncClient, api_key: tuple[str, str], make_user: Any
) -> None:
    script = await forge.script(ECHO, access="session")
    _, secret = api_key

    anonymous = await client.post(url(script), json={})
    assert "signed-in session" in assert_error(anonymous, 401, "unauthorized")["message"]
    keyed = await client.post(url(script), json={}, headers={"X-Api-Key": secret})
    assert_error(keyed, 401, "unauthorized")

    operator = await make_user(Role.READONLY)
    ui = Ui(client)
    signed_in = await ui.sign_in(operator.username, operator.password)
    assert signed_in.status_code == 303, signed_in.text
    forged = await client.post(url(script), json={"from": "another site"})
    assert assert_error(forged, 403, "forbidden")["details"] == {"reason": "csrf"}
    token = await ui.token("/")
    response = await client.post(
        url(script), json={"from": "page"}, headers={"X-CSRF-Token": token}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"from": "page"}
    run = await Run.get(id=int(response.headers["X-Run-Id"]))
    assert run.caller == operator.username


# -- data in, value out ----------------------------------------------------------------------


async def test_named_functions_get_data_and_runs_are_recorded(
    forge: Forge, client: httpx.AsyncClient
) -> None:
    script = await forge.script(ECHO, access="public")

    posted = await client.post(url(script, "shout"), json={"text": "hello"})
    got = await client.get(url(script), params={"a": "1", "b": "two"})
    empty = await client.post(url(script))

    assert (posted.status_code, posted.json()) == (200, "HELLO")
    assert got.json() == {"data": {"a": "1", "b": "two"}, "who": "main"}
    assert empty.json()["data"] == {}
    run = await Run.get(id=int(posted.headers["X-Run-Id"]))
    assert (run.trigger, run.function, run.status, run.result) == (
        RunTrigger.HTTP,
        "shout",
        RunStatus.OK,
        "HELLO",
    )
    assert (run.script_id, run.app_id) == (script.id, script.app_id)  # type: ignore[attr-defined]
    assert run.request_id == posted.headers["X-Request-ID"]
    missing = await client.post(url(script, "nope"), json={})
    assert "has no function 'nope'" in assert_error(missing, 500, "script_error")["message"]
    malformed = await client.post(
        url(script), content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_error(malformed, 400, "bad_request")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/scriptforge/0b7c0e0e-7a61-4c5c-9f49-5d2b3c4d5e6f", 404),
        ("/scriptforge/0b7c0e0e-7a61-4c5c-9f49-5d2b3c4d5e6f/main", 404),
        ("/scriptforge/not-a-uuid", 404),
    ],
)
async def test_unknown_scripts_are_404(client: httpx.AsyncClient, path: str, status: int) -> None:
    assert_error(await client.post(path, json={}), status, "not_found")


# -- failures mapped onto HTTP ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "http", "sip", "reason"),
    [
        pytest.param(
            "throw new Error('480 Disallowed by Date/Time Restriction')",
            422,
            480,
            "Disallowed by Date/Time Restriction",
            id="480-throw",
        ),
        pytest.param(
            "return Promise.reject([604, 'Number on DNC List'])",
            403,
            604,
            "Number on DNC List",
            id="604-reject",
        ),
        pytest.param("throw new Error('404 Not Found')", 404, 404, "Not Found", id="404"),
        pytest.param(
            "return Promise.reject([503, 'No Routes Available'])",
            503,
            503,
            "No Routes Available",
            id="503",
        ),
        pytest.param("throw new Error('401 CLI Not Authorized')", 401, 401, "CLI Not Authorized"),
    ],
)
async def test_rejections_map_onto_http(
    forge: Forge, client: httpx.AsyncClient, code: str, http: int, sip: int, reason: str
) -> None:
    script = await forge.script(f"export function main() {{ {code} }}", access="public")

    response = await client.post(url(script), json={})

    error = assert_error(response, http, "rejected")
    assert error["message"] == reason
    assert error["details"]["sip_code"] == sip
    assert error["details"]["reason"] == reason
    run = await Run.get(id=error["details"]["run_id"])
    assert run.status == RunStatus.REJECTED
    assert (run.error["code"], run.error["reason"]) == (sip, reason)


async def test_script_errors_are_500_with_script_and_line(
    forge: Forge, client: httpx.AsyncClient
) -> None:
    await forge.script(
        "// helpers\nexport function boom() {\n  const config = null\n  return config.x\n}", "lib"
    )
    script = await forge.script(
        "import { boom } from './lib'\nexport function main() {\n  return boom()\n}",
        access="public",
    )

    error = assert_error(await client.post(url(script), json={}), 500, "script_error")

    assert "null" in error["message"]
    assert (error["details"]["script"], error["details"]["line"]) == ("lib", 4)
    run = await Run.get(id=error["details"]["run_id"])
    assert (run.status, run.error["line"]) == (RunStatus.ERROR, 4)


async def test_a_runaway_script_times_out_and_the_server_keeps_serving(
    forge: Forge, client: httpx.AsyncClient
) -> None:
    looping = await forge.script(
        "export function main() { while (true) {} }", "loop", access="public", cpu_ms=200
    )
    fine = await forge.script(ECHO, access="public")

    error = assert_error(await client.post(url(looping), json={}), 504, "script_timeout")

    assert "CPU time limit" in error["message"]
    run = await Run.get(id=error["details"]["run_id"])
    assert run.status == RunStatus.TIMEOUT
    for n in range(3):
        after = await client.post(url(fine), json={"n": n})
        assert (after.status_code, after.json()["data"]) == (200, {"n": n})
    assert (await client.get("/healthz")).status_code == 200


async def test_calls_are_rate_limited_per_script(forge: Forge, client: httpx.AsyncClient) -> None:
    limited = await forge.script(ECHO, access="public", rate_limit_per_minute=2)
    other = await forge.script(ECHO, "other", access="public", rate_limit_per_minute=2)

    statuses = [(await client.post(url(limited), json={})).status_code for _ in range(2)]
    third = await client.post(url(limited), json={})

    assert statuses == [200, 200]
    error = assert_error(third, 429, "rate_limited")
    assert "2 calls a minute" in error["message"]
    assert third.headers["Retry-After"] == "60"
    assert (await client.post(url(other), json={})).status_code == 200
    assert await Run.filter(script_id=limited.id).count() == 2


# -- test runs over the API ------------------------------------------------------------------


@pytest.fixture
async def developer(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


async def test_run_api_returns_the_outcome_of_every_kind(
    forge: Forge, client: httpx.AsyncClient, developer: dict[str, str]
) -> None:
    script = await forge.script(
        "export function main(d) {\n"
        "  console.log('checking', d.number)\n"
        "  if (d.number === 'dnc') return Promise.reject([604, 'Number on DNC List'])\n"
        "  if (d.number === 'bad') return d.nothing.here\n"
        "  return { number: d.number, currency: process.env.currency }\n"
        "}\n"
    )

    async def run(body: dict[str, Any]) -> dict[str, Any]:
        response = await client.post(
            f"/api/v1/scripts/{script.id}/run", json=body, headers=developer
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    ok = await run({"data": {"number": "4420"}, "vars": {"currency": "GBP"}})
    rejected = await run({"data": {"number": "dnc"}})
    failed = await run({"data": {"number": "bad"}})

    assert set(ok) >= {"run_id", "status", "result", "logs", "cpu_ms", "wall_ms", "memory"}
    assert (ok["status"], ok["result"], ok["error"]) == (
        "ok",
        {"number": "4420", "currency": "GBP"},
        None,
    )
    assert [e["message"] for e in ok["logs"]] == ["checking 4420"]
    assert ok["cpu_ms"] >= 0 and ok["wall_ms"] > 0 and ok["memory"] > 0
    assert rejected["status"] == "rejected"
    assert (rejected["error"]["code"], rejected["error"]["reason"]) == (604, "Number on DNC List")
    assert rejected["result"] is None
    assert failed["status"] == "error"
    assert "undefined" in failed["error"]["message"]
    assert failed["error"]["line"] == 4
    runs = {r.id: r for r in await Run.filter(script_id=script.id)}
    assert [runs[r["run_id"]].status for r in (ok, rejected, failed)] == [
        RunStatus.OK,
        RunStatus.REJECTED,
        RunStatus.ERROR,
    ]
    assert all(r.trigger == RunTrigger.API for r in runs.values())
    assert runs[ok["run_id"]].caller.startswith("developer")
    by_uuid = await client.post(
        f"/api/v1/scripts/{script.uuid}/run", json={"data": {"number": "1"}}, headers=developer
    )
    assert by_uuid.json()["result"]["number"] == "1"


async def test_run_api_needs_apps_write_and_an_existing_script(
    forge: Forge, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    script = await forge.script(ECHO)
    readonly = await auth_headers(Role.READONLY)
    refused = await client.post(f"/api/v1/scripts/{script.id}/run", json={}, headers=readonly)
    assert_error(refused, 403, "forbidden")
    developer = await auth_headers(Role.DEVELOPER)
    missing = await client.post("/api/v1/scripts/999999/run", json={}, headers=developer)
    assert_error(missing, 404, "not_found")
    named = await client.post(
        f"/api/v1/scripts/{script.id}/run",
        json={"function": "shout", "data": {"text": "hi"}},
        headers=developer,
    )
    assert named.json()["result"] == "HI"


async def test_process_env_has_the_builtins_and_the_app_variables(
    forge: Forge, client: httpx.AsyncClient, developer: dict[str, str]
) -> None:
    await forge.env("currency", "EUR")
    await forge.env("did_mask_size", "4", private=True)
    await forge.env("OTHER_APP_ONLY", "x", app="other")
    script = await forge.script("export const main = () => process.env", "env-dump")

    response = await client.post(
        f"/api/v1/scripts/{script.id}/run", json={"vars": {"EXTRA": "1"}}, headers=developer
    )

    env = response.json()["result"]
    assert env["SCRIPTFORGE_ID"] == str(script.id)
    assert env["SCRIPTFORGE_UUID"] == str(script.uuid)
    assert env["SCRIPTFORGE_NAME"] == "env-dump"
    assert env["APP_ID"] == str(script.app_id)  # type: ignore[attr-defined]
    assert env["EXEC_HOST"]
    assert (env["currency"], env["did_mask_size"], env["EXTRA"]) == ("EUR", "4", "1")
    assert "OTHER_APP_ONLY" not in env
    plain = await forge.result(script)
    assert "EXTRA" not in plain  # vars are for that one run


# -- protected values -------------------------------------------------------------------------

SECRET = "sk_live_4f9a2b7c1d8e"

LEAKY = """\
export function main(d) {
  const key = process.env.PAYMENT_KEY
  console.log('using key', key)
  console.error({ key, nested: [key + ':suffix'] })
  if (d.mode === 'throw') throw new Error('payment failed for key ' + key)
  if (d.mode === 'reject') return Promise.reject([402, 'bad key ' + key])
  return { key, env: process.env, all: getEnvVars() }
}
"""


async def test_protected_values_never_leave_a_run(
    forge: Forge, client: httpx.AsyncClient, developer: dict[str, str], auth_headers: Any
) -> None:
    await forge.env("PAYMENT_KEY", SECRET, protected=True)
    script = await forge.script(LEAKY, access="public")
    traces: list[str] = []

    for mode in ("return", "throw", "reject"):
        body = {"data": {"mode": mode}}
        api = await client.post(f"/api/v1/scripts/{script.id}/run", json=body, headers=developer)
        http = await client.post(url(script), json={"mode": mode})
        assert api.status_code == 200, api.text
        assert (
            api.json()["status"] == {"return": "ok", "throw": "error", "reject": "rejected"}[mode]
        )
        assert http.status_code == {"return": 200, "throw": 500, "reject": 422}[mode]
        traces += [api.text, http.text]

    ok = json.loads(traces[0])
    assert ok["result"]["key"] == "***"
    assert ok["result"]["env"]["PAYMENT_KEY"] == "***"
    assert ok["result"]["all"]["PAYMENT_KEY"] == "***"
    assert [e["message"] for e in ok["logs"]] == [
        "using key ***",
        '{"key":"***","nested":["***:suffix"]}',
    ]
    assert "payment failed for key ***" in traces[3]
    assert "bad key ***" in traces[5]
    for run in await Run.filter(script_id=script.id):
        traces.append(json.dumps([run.logs, run.result, run.error]))
    admin = await auth_headers(Role.ADMIN)
    listed = await client.get("/api/v1/runs", params={"limit": 100}, headers=admin)
    traces.append(listed.text)
    for entry in await AuditEntry.all():
        traces.append(json.dumps([entry.before, entry.after, entry.object_repr], default=str))
    audit = await client.get("/api/v1/audit", params={"limit": 500}, headers=admin)
    traces.append(audit.text)
    assert len(traces) > 10
    for text in traces:
        assert SECRET not in text
