"""Schedules over the API: cron and time zone validated (422 naming the field), the next run
computed in UTC on create, update and enable, cleared while disabled."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from runtime.auth.principal import SYSTEM
from runtime.models import AuditEntry, Role
from runtime.services import apps
from scriptforge.models import Schedule, Script
from scriptforge.services.scripts import create_script
from tests.api.api_support import assert_error, detail_paths


@pytest.fixture
async def headers(auth_headers: Any) -> dict[str, str]:
    return dict(await auth_headers(Role.DEVELOPER))


@pytest.fixture
async def report(db: str) -> Script:
    app = await apps.create_app(SYSTEM, "shop")
    return await create_script(SYSTEM, app, "report", "export function nightly() {}")


async def create(client: httpx.AsyncClient, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post("/api/v1/schedules", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def at(value: str | None) -> datetime:
    assert value is not None
    return datetime.fromisoformat(value)


async def test_create_computes_the_next_run_in_the_time_zone(
    client: httpx.AsyncClient, headers: dict[str, str], report: Script
) -> None:
    created = await create(
        client,
        headers,
        script=report.id,
        function="nightly",
        cron="30  2 * * *",
        timezone="Asia/Kolkata",
        data={"format": "csv"},
    )

    assert created["cron"] == "30 2 * * *"
    assert created["enabled"] is True
    assert created["data"] == {"format": "csv"}
    assert created["app_id"] == report.app_id  # type: ignore[attr-defined]
    upcoming = at(created["next_run_at"])
    assert upcoming.utcoffset() == timedelta(0)
    local = upcoming.astimezone(ZoneInfo("Asia/Kolkata"))
    assert (local.hour, local.minute) == (2, 30)
    assert datetime.now(UTC) < upcoming <= datetime.now(UTC) + timedelta(days=1)
    got = await client.get(f"/api/v1/schedules/{created['id']}", headers=headers)
    assert got.json() == created


@pytest.mark.parametrize(
    ("body", "paths"),
    [
        ({"cron": "61 * * * *"}, ["cron"]),
        ({"cron": "* * * * * *"}, ["cron"]),
        ({"cron": "@hourly"}, ["cron"]),
        ({"cron": "0 0 30 2 *"}, ["cron"]),  # 30 February never comes
        ({"cron": "0 9 * * *", "timezone": "Mars/Olympus"}, ["timezone"]),
        ({"cron": "0 9 * * *", "timezone": "../../etc/passwd"}, ["timezone"]),
        ({"cron": "bad", "timezone": "Nowhere/City"}, ["cron", "timezone"]),
        ({"cron": "0 9 * * *", "function": "no-dashes"}, ["function"]),
        ({"timezone": "UTC"}, ["cron"]),
    ],
)
async def test_bad_timing_names_the_field(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    report: Script,
    body: dict[str, Any],
    paths: list[str],
) -> None:
    response = await client.post(
        "/api/v1/schedules", json={"script": report.id, **body}, headers=headers
    )
    assert detail_paths(assert_error(response, 422, "validation_error")) == paths
    assert await Schedule.all().count() == 0


async def test_disable_clears_and_enable_recomputes_the_next_run(
    client: httpx.AsyncClient, headers: dict[str, str], report: Script
) -> None:
    created = await create(client, headers, script=str(report.uuid), cron="0 9 * * 1-5")
    url = f"/api/v1/schedules/{created['id']}"

    disabled = await client.patch(url, json={"enabled": False}, headers=headers)
    assert disabled.status_code == 200, disabled.text
    assert disabled.json()["next_run_at"] is None

    enabled = await client.patch(url, json={"enabled": True}, headers=headers)
    assert at(enabled.json()["next_run_at"]) == at(created["next_run_at"])

    moved = await client.patch(
        url, json={"cron": "15 18 * * *", "timezone": "Europe/Berlin"}, headers=headers
    )
    local = at(moved.json()["next_run_at"]).astimezone(ZoneInfo("Europe/Berlin"))
    assert (local.hour, local.minute) == (18, 15)
    bad = await client.patch(url, json={"timezone": "Atlantis/Capital"}, headers=headers)
    assert detail_paths(assert_error(bad, 422, "validation_error")) == ["timezone"]
    kept = await client.get(url, headers=headers)
    assert kept.json()["timezone"] == "Europe/Berlin"
    actions = await AuditEntry.filter(object_type="schedule").values_list("action", flat=True)
    assert sorted(actions) == ["schedule.create", *["schedule.update"] * 3]


async def test_list_filter_get_and_delete(
    client: httpx.AsyncClient, headers: dict[str, str], report: Script
) -> None:
    other = await create_script(SYSTEM, await apps.create_app(SYSTEM, "other"), "o", "")
    first = await create(client, headers, script=report.id, cron="0 * * * *")
    second = await create(client, headers, script=other.id, cron="0 * * * *", enabled=False)

    async def ids(**params: Any) -> list[int]:
        response = await client.get("/api/v1/schedules", params=params, headers=headers)
        assert response.status_code == 200, response.text
        return [s["id"] for s in response.json()["items"]]

    assert await ids() == [first["id"], second["id"]]
    assert await ids(app="other") == [second["id"]]
    assert await ids(script=str(report.id)) == [first["id"]]
    assert await ids(enabled="false") == [second["id"]]

    deleted = await client.delete(f"/api/v1/schedules/{first['id']}", headers=headers)
    assert deleted.status_code == 204
    for method in ("GET", "PATCH", "DELETE"):
        response = await client.request(
            method, f"/api/v1/schedules/{first['id']}", json={}, headers=headers
        )
        assert_error(response, 404, "not_found")
    unknown = await client.post(
        "/api/v1/schedules", json={"script": 999, "cron": "* * * * *"}, headers=headers
    )
    assert detail_paths(assert_error(unknown, 422, "validation_error")) == ["script"]
