"""Saved queries: checked on save, run with vars, reachable by id, uuid or name."""

from __future__ import annotations

from typing import Any

import httpx

from querybuilder import datasets, rows
from querybuilder.models import DatasetPreset
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps


async def test_saved_query_lifecycle(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "reports")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(5):
        await rows.insert_row(leads, {"first_name": f"L{n}", "status": "won" if n < 2 else "new"})
    base = "/api/v1/apps/reports/queries"

    refused = await client.post(
        base, headers=headers, json={"name": "bad", "sql": "select * from sqlite_master"}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "query_rejected"

    made = await client.post(
        base,
        headers=headers,
        json={
            "name": "by status",
            "sql": "select first_name from leads where status = :status order by first_name",
            "vars": {"status": "won"},
        },
    )
    assert made.status_code == 201, made.text
    saved = made.json()
    assert (
        await client.post(base, headers=headers, json={"name": "by status", "sql": "select 1"})
    ).status_code == 409

    for ref in (saved["id"], saved["uuid"], "by status"):
        ran = await client.post(f"{base}/{ref}/run", headers=headers, json={})
        assert ran.status_code == 200, ran.text
        assert ran.json()["rows"] == [["L0"], ["L1"]]
    overridden = await client.post(
        f"{base}/{saved['id']}/run", headers=headers, json={"vars": {"status": "new"}, "limit": 2}
    )
    assert overridden.json()["rows"] == [["L2"], ["L3"]]
    assert overridden.json()["truncated"] is True

    patched = await client.patch(
        f"{base}/{saved['id']}", headers=headers, json={"sql": "select count(*) as n from leads"}
    )
    assert patched.status_code == 200
    ran = await client.post(f"{base}/{saved['id']}/run", headers=headers, json={})
    assert ran.json()["rows"] == [[5]]
    bad_patch = await client.patch(
        f"{base}/{saved['id']}", headers=headers, json={"sql": "delete from leads"}
    )
    assert bad_patch.status_code == 422
    assert (await client.delete(f"{base}/{saved['id']}", headers=headers)).status_code == 204
    assert (await client.get(f"{base}/{saved['id']}", headers=headers)).status_code == 404


async def test_date_phrases_as_parameters(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.READONLY)
    app = await apps.create_app(SYSTEM, "recent")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(3):
        await rows.insert_row(leads, {"first_name": f"L{n}"})
    sql = "select count(*) as n from leads where created_at >= :since"
    for since, expected in (("1 hour ago", 3), ("tomorrow", 0), ("last monday", 3)):
        ran = await client.post(
            "/api/v1/apps/recent/queries/run",
            headers=headers,
            json={"sql": sql, "vars": {"since": since}},
        )
        assert ran.status_code == 200, ran.text
        assert ran.json()["rows"] == [[expected]], since
