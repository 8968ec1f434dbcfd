"""The run log over the API: newest first with keyset pages, filters, and one run with its
logs and result or error. Runs outlive their script."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps
from scriptforge.models import RunStatus, RunTrigger, Script
from scriptforge.services import record_run
from scriptforge.services.scripts import create_script, delete_script
from tests.api.api_support import assert_error, detail_paths


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.READONLY))


@pytest.fixture
async def script(db: str) -> Script:
    app = await apps.create_app(SYSTEM, "shop")
    return await create_script(SYSTEM, app, "router", "export function main(d) { return d; }")


async def listed(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> Any:
    response = await client.get("/api/v1/runs", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_one_run_carries_its_logs_and_outcome(
    client: httpx.AsyncClient, headers: dict[str, str], script: Script
) -> None:
    started = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    logs = [{"level": "log", "message": "checking DNC", "at": "2026-05-01T12:00:00.001Z"}]
    run = await record_run(
        script=script,
        status=RunStatus.REJECTED,
        trigger=RunTrigger.ROUTING,
        trigger_ref="route:7",
        caller="sip:203.0.113.9",
        request_id="req-1",
        started_at=started,
        duration_ms=3.25,
        cpu_ms=1.5,
        memory_peak=2_000_000,
        logs=logs,
        error={"message": "604 Number on DNC List", "code": 604, "reason": "Number on DNC List"},
    )

    response = await client.get(f"/api/v1/runs/{run.id}", headers=headers)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["script_id"] == script.id
    assert body["app_id"] == script.app_id  # type: ignore[attr-defined]
    assert (body["script_name"], body["function"]) == ("router", "main")
    assert (body["status"], body["trigger"], body["trigger_ref"]) == (
        "rejected",
        "routing",
        "route:7",
    )
    assert (body["duration_ms"], body["cpu_ms"], body["memory_peak"]) == (3.25, 1.5, 2_000_000)
    assert datetime.fromisoformat(body["started_at"]) == started
    assert body["logs"] == logs
    assert body["result"] is None
    assert body["error"]["code"] == 604
    assert_error(await client.get("/api/v1/runs/999999", headers=headers), 404, "not_found")


async def test_list_filters_pages_and_leaves_out_logs(
    client: httpx.AsyncClient, headers: dict[str, str], script: Script
) -> None:
    other = await create_script(SYSTEM, await apps.create_app(SYSTEM, "other"), "x", "")
    base = datetime(2026, 5, 1, tzinfo=UTC)
    ids = []
    for n, (status, trigger) in enumerate(
        [
            (RunStatus.OK, RunTrigger.HTTP),
            (RunStatus.ERROR, RunTrigger.JOB),
            (RunStatus.OK, RunTrigger.CRON),
            (RunStatus.TIMEOUT, RunTrigger.HTTP),
        ]
    ):
        run = await record_run(
            script=script,
            status=status,
            trigger=trigger,
            started_at=base + timedelta(minutes=n),
            logs=[{"level": "log", "message": "x", "at": ""}],
            result={"n": n},
        )
        ids.append(run.id)
    foreign = (await record_run(script=other, status=RunStatus.OK, trigger=RunTrigger.API)).id

    everything = await listed(client, headers)
    assert [r["id"] for r in everything["items"]] == [foreign, *reversed(ids)]
    assert all("logs" not in r and "result" not in r for r in everything["items"])

    def only(page: Any) -> list[int]:
        return [r["id"] for r in page["items"]]

    assert only(await listed(client, headers, app="shop")) == ids[::-1]
    assert only(await listed(client, headers, script=str(other.uuid))) == [foreign]
    assert only(await listed(client, headers, status="ok", app="shop")) == [ids[2], ids[0]]
    assert only(await listed(client, headers, trigger="http")) == [ids[3], ids[0]]
    window = {"since": "2026-05-01T00:01:00Z", "until": "2026-05-01T00:03:00Z"}
    assert only(await listed(client, headers, **window)) == [ids[2], ids[1]]
    first = await listed(client, headers, app="shop", limit=3)
    rest = await listed(client, headers, app="shop", limit=3, cursor=first["next"])
    assert only(first) + only(rest) == ids[::-1]
    assert rest["next"] is None
    bad = await client.get("/api/v1/runs", params={"status": "meh"}, headers=headers)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["status"]
    cursor = await client.get("/api/v1/runs", params={"cursor": "zzz"}, headers=headers)
    assert detail_paths(assert_error(cursor, 422, "validation_error")) == ["cursor"]


async def test_runs_outlive_their_script(
    client: httpx.AsyncClient, headers: dict[str, str], script: Script
) -> None:
    run = await record_run(script=script, status=RunStatus.OK, trigger=RunTrigger.API)
    await delete_script(SYSTEM, script.id)

    body = (await client.get(f"/api/v1/runs/{run.id}", headers=headers)).json()

    assert body["script_id"] is None
    assert body["script_name"] == "router"
    assert body["app_id"] == script.app_id  # type: ignore[attr-defined]
    assert [r["id"] for r in (await listed(client, headers, app="shop"))["items"]] == [run.id]
