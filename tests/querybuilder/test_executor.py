"""Running SQL over an app's datasets: results, limits, and the second wall."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from querybuilder import datasets, executor, rows
from querybuilder.errors import QueryRejected
from querybuilder.models import DatasetPreset
from querybuilder.sql_guard import GuardedQuery
from runtime.auth.principal import SYSTEM
from runtime.models import Role
from runtime.services import apps


@pytest.fixture
async def crm(db: str, settings: Any) -> Any:
    app = await apps.create_app(SYSTEM, "crm")
    leads = await datasets.create_dataset(
        SYSTEM,
        app,
        "leads",
        preset=DatasetPreset.LEAD_SET,
        columns=[{"name": "spend", "type": "decimal(10,2)"}],
    )
    for n in range(6):
        await rows.insert_row(
            leads,
            {
                "first_name": f"L{n}",
                "phone": f"44{n}",
                "status": "won" if n % 2 else "new",
                "spend": n * 1.5,
            },
        )
    other = await apps.create_app(SYSTEM, "elsewhere")
    secret = await datasets.create_dataset(SYSTEM, other, "secrets", preset=DatasetPreset.KEY_VALUE)
    await rows.insert_row(secret, {"key": "k", "value": "do not read"})
    return app


async def test_sql_over_datasets_with_parameters(crm: Any, settings: Any) -> None:
    result = await executor.run_sql(
        crm.id,
        "select status, count(*) as n, sum(spend) as total from leads "
        "where phone <> :skip group by status order by status",
        {"skip": "440"},
        database_url=settings.resolved_database_url,
    )
    assert [c["name"] for c in result.columns] == ["status", "n", "total"]
    assert result.rows[0][:2] == ["new", 2]
    assert result.rows[1][:2] == ["won", 3]
    assert float(result.rows[1][2]) == pytest.approx(13.5)
    assert not result.truncated


async def test_row_cap_says_truncated(crm: Any, settings: Any) -> None:
    result = await executor.run_sql(
        crm.id,
        "select first_name from leads order by id",
        max_rows=4,
        database_url=settings.resolved_database_url,
    )
    assert [r[0] for r in result.rows] == ["L0", "L1", "L2", "L3"]
    assert result.truncated


@pytest.mark.parametrize(
    "sql",
    [
        "select * from secrets",
        "delete from leads",
        "select * from leads; drop table leads",
        "select load_extension('x')",
    ],
)
async def test_other_apps_and_writes_are_refused(crm: Any, settings: Any, sql: str) -> None:
    with pytest.raises(QueryRejected):
        await executor.run_sql(crm.id, sql, database_url=settings.resolved_database_url)


async def test_the_second_wall_holds_without_the_validator(
    crm: Any, settings: Any, db: str
) -> None:
    """Hand the executor a write as if the validator had let it through: it still fails."""
    tables = await executor.dataset_tables(crm.id, db)
    physical = tables["leads"]
    for sql in (f"DELETE FROM {physical}", f"UPDATE {physical} SET status = 'x'"):
        bogus = GuardedQuery(sql=sql, params=(), tables=("leads",), dialect=db, max_rows=10)
        with pytest.raises(QueryRejected):
            await executor.run_guarded(
                bogus,
                {},
                physical_tables=list(tables.values()),
                database_url=settings.resolved_database_url,
            )
    if db == "sqlite":  # the authorizer: only this app's tables
        other = (await executor.dataset_tables(2, db))["secrets"]
        bogus = GuardedQuery(
            sql=f"SELECT * FROM {other}", params=(), tables=(), dialect=db, max_rows=10
        )
        with pytest.raises(QueryRejected):
            await executor.run_guarded(
                bogus,
                {},
                physical_tables=list(tables.values()),
                database_url=settings.resolved_database_url,
            )
    result = await executor.run_sql(
        crm.id, "select count(*) from leads", database_url=settings.resolved_database_url
    )
    assert result.rows == [[6]], "nothing was changed"


async def test_run_endpoint(crm: Any, client: httpx.AsyncClient, auth_headers: Any) -> None:
    headers = await auth_headers(Role.READONLY)
    ok = await client.post(
        "/api/v1/apps/crm/queries/run",
        headers=headers,
        json={
            "sql": "select first_name from leads where status = :s order by id",
            "vars": {"s": "won"},
        },
    )
    assert ok.status_code == 200, ok.text
    assert ok.json()["rows"] == [["L1"], ["L3"], ["L5"]]
    refused = await client.post(
        "/api/v1/apps/crm/queries/run", headers=headers, json={"sql": "select * from sqlite_master"}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "query_rejected"


async def test_run_endpoint_takes_a_spec_too(
    crm: Any, client: httpx.AsyncClient, auth_headers: Any
) -> None:
    headers = await auth_headers(Role.READONLY)
    spec = {
        "from": "leads",
        "select": [{"column": "first_name"}],
        "where": {"column": "status", "op": "=", "value": "won"},
        "order_by": [{"column": "first_name"}],
    }
    ran = await client.post("/api/v1/apps/crm/queries/run", headers=headers, json={"spec": spec})
    assert ran.status_code == 200, ran.text
    assert ran.json()["rows"] == [["L1"], ["L3"], ["L5"]]
    both = await client.post(
        "/api/v1/apps/crm/queries/run", headers=headers, json={"spec": spec, "sql": "select 1"}
    )
    assert both.status_code == 422


async def test_postgres_queries_run_as_the_apps_reader_role(
    crm: Any, settings: Any, db: str
) -> None:
    """Third wall: a query that escaped the validator still cannot read outside its app."""
    if db != "postgres":
        pytest.skip("roles are PostgreSQL's")
    tables = await executor.dataset_tables(crm.id, db)
    theirs = (await executor.dataset_tables(crm.id + 1, db))["secrets"]  # the fixture's other app
    for sql in (f"SELECT * FROM {theirs}", "SELECT * FROM public.users", "SELECT current_user"):
        bogus = GuardedQuery(sql=sql, params=(), tables=(), dialect=db, max_rows=10)
        run = executor.run_guarded(
            bogus,
            {},
            physical_tables=list(tables.values()),
            database_url=settings.resolved_database_url,
            app_id=crm.id,
        )
        if sql.endswith("current_user"):
            assert (await run).rows[0][0].endswith(f"_app_{crm.id}_ro")
        else:
            with pytest.raises(QueryRejected, match="permission denied"):
                await run
    mine = await executor.run_sql(
        crm.id, "select count(*) from leads", database_url=settings.resolved_database_url
    )
    assert mine.rows == [[6]]


async def test_an_app_without_datasets_reads_nothing(db: str, settings: Any) -> None:
    """No datasets, no app role yet: queries run as the read-nothing role."""
    if db != "postgres":
        pytest.skip("roles are PostgreSQL's")
    await executor.ensure_nobody_role()
    bare = await apps.create_app(SYSTEM, "bare")
    bogus = GuardedQuery(
        sql="SELECT * FROM public.users", params=(), tables=(), dialect=db, max_rows=10
    )
    with pytest.raises(QueryRejected, match="permission denied"):
        await executor.run_guarded(
            bogus,
            {},
            physical_tables=[],
            database_url=settings.resolved_database_url,
            app_id=bare.id,
        )
    who = GuardedQuery(sql="SELECT current_user", params=(), tables=(), dialect=db, max_rows=1)
    result = await executor.run_guarded(
        who, {}, physical_tables=[], database_url=settings.resolved_database_url, app_id=bare.id
    )
    # The read-nothing role, or a leftover role of an earlier app with this id (the tests
    # reuse ids; roles outlive databases): never the platform's own user.
    assert str(result.rows[0][0]).endswith(("_nobody", f"_app_{bare.id}_ro"))
