"""Saved queries: checked on save, run with vars, reachable by id, uuid or name."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from querybuilder import datasets, queries, rows
from querybuilder.errors import QueryRejected
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


async def test_visual_spec_queries_are_saved_and_run(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "visual")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(4):
        await rows.insert_row(leads, {"first_name": f"L{n}", "status": "won" if n % 2 else "new"})
    base = "/api/v1/apps/visual/queries"
    spec = {
        "from": "leads",
        "select": [{"column": "first_name"}],
        "where": {"column": "status", "op": "=", "value": {"param": "status"}},
        "order_by": [{"column": "first_name"}],
    }
    both = await client.post(
        base, headers=headers, json={"name": "x", "sql": "select 1", "spec": spec}
    )
    assert both.status_code == 422
    unknown = {**spec, "select": [{"column": "nope"}]}
    refused = await client.post(base, headers=headers, json={"name": "x", "spec": unknown})
    assert refused.status_code == 422
    assert "select.0" in refused.text

    made = await client.post(
        base, headers=headers, json={"name": "won", "spec": spec, "vars": {"status": "won"}}
    )
    assert made.status_code == 201, made.text
    saved = made.json()
    assert saved["spec"] == spec
    assert saved["sql"] == ""
    ran = await client.post(f"{base}/{saved['id']}/run", headers=headers, json={})
    assert ran.status_code == 200, ran.text
    assert ran.json()["rows"] == [["L1"], ["L3"]]

    # Switching kinds: SQL clears the spec, and back.
    as_sql = await client.patch(
        f"{base}/won", headers=headers, json={"sql": "select count(*) as n from leads"}
    )
    assert as_sql.json()["spec"] is None
    assert (await client.post(f"{base}/won/run", headers=headers, json={})).json()["rows"] == [[4]]
    as_spec = await client.patch(f"{base}/won", headers=headers, json={"spec": spec})
    assert as_spec.json()["sql"] == ""
    ran = await client.post(f"{base}/won/run", headers=headers, json={"vars": {"status": "new"}})
    assert ran.json()["rows"] == [["L0"], ["L2"]]


async def test_date_parameters_resolve_in_the_app_time_zone(
    client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    app = await apps.create_app(SYSTEM, "zoned")
    events = await datasets.create_dataset(
        SYSTEM, app, "events", columns=[{"name": "at", "type": "datetime"}]
    )
    for at in ("2024-11-30T02:00:00Z", "2024-11-30T03:00:00Z"):
        await rows.insert_row(events, {"at": at})
    body = {
        "sql": "select count(*) as n from events where at >= :since",
        "vars": {"since": "2024-11-30T08:00:00"},  # a naive time: local to the app
    }
    run = "/api/v1/apps/zoned/queries/run"
    assert (await client.post(run, headers=headers, json=body)).json()["rows"] == [[0]]

    bad = await client.patch(
        "/api/v1/apps/zoned", headers=headers, json={"timezone": "Mars/Olympus_Mons"}
    )
    assert bad.status_code == 422
    assert bad.json()["error"]["details"][0]["path"] == "timezone"
    moved = await client.patch(
        "/api/v1/apps/zoned", headers=headers, json={"timezone": "Asia/Kolkata"}
    )
    assert moved.json()["timezone"] == "Asia/Kolkata"
    # 08:00 in Kolkata is 02:30 UTC: one event is later.
    assert (await client.post(run, headers=headers, json=body)).json()["rows"] == [[1]]


async def test_large_results_page_by_offset(client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.READONLY)
    app = await apps.create_app(SYSTEM, "paged")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for n in range(7):
        await rows.insert_row(leads, {"first_name": f"L{n}"})
    run = "/api/v1/apps/paged/queries/run"
    for body in (
        {"sql": "select first_name from leads order by first_name"},
        {
            "spec": {
                "from": "leads",
                "select": [{"column": "first_name"}],
                "order_by": [{"column": "first_name"}],
            }
        },
    ):
        seen, offset = [], 0
        while offset is not None:
            page = await client.post(
                run, headers=headers, json={**body, "limit": 3, "offset": offset}
            )
            assert page.status_code == 200, page.text
            assert page.json()["offset"] == offset
            seen += [r[0] for r in page.json()["rows"]]
            offset = page.json()["next_offset"]
        assert seen == [f"L{n}" for n in range(7)], body
    # The query's own limit still holds when paging.
    capped = await client.post(
        run,
        headers=headers,
        json={"sql": "select first_name from leads order by first_name limit 4", "offset": 3},
    )
    assert capped.json()["rows"] == [["L3"]]
    spec_capped = await client.post(
        run,
        headers=headers,
        json={
            "spec": {
                "from": "leads",
                "select": [{"column": "first_name"}],
                "order_by": [{"column": "first_name"}],
                "limit": 4,
            },
            "offset": 3,
        },
    )
    assert spec_capped.json()["rows"] == [["L3"]]


async def test_results_sort_by_a_result_column(db: str, settings: Any) -> None:
    app = await apps.create_app(SYSTEM, "sorted")
    leads = await datasets.create_dataset(SYSTEM, app, "leads", preset=DatasetPreset.LEAD_SET)
    for name in ("Cy", "Ab", "Bo"):
        await rows.insert_row(leads, {"first_name": name})
    url = settings.resolved_database_url
    sql = await queries.create_query(SYSTEM, app, "names", "select first_name from leads")
    spec = await queries.create_query(
        SYSTEM, app, "names spec", spec={"from": "leads", "select": [{"column": "first_name"}]}
    )
    for query in (sql, spec):
        down = await queries.run_query(app, query, {}, database_url=url, sort="-first_name")
        assert down.rows == [["Cy"], ["Bo"], ["Ab"]]
        page = await queries.run_query(
            app, query, {}, database_url=url, sort="first_name", offset=1, max_rows=1
        )
        assert page.rows == [["Bo"]]
    for bad in ('first_name"; drop table leads; --', "1col"):
        with pytest.raises(QueryRejected):
            await queries.run_query(app, sql, {}, database_url=url, sort=bad)
