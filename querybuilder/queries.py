"""Saved queries: named SQL or visual specs over an app's datasets, checked when saved and
again when run (a dataset or column may have gone since)."""

from __future__ import annotations

import re
import uuid
from typing import Any

from tortoise.transactions import in_transaction

from querybuilder.executor import QueryResult, dataset_tables, run_sql
from querybuilder.models import SavedQuery
from querybuilder.sql_guard import validate
from runtime import db as database
from runtime.auth.principal import Principal
from runtime.errors import ValidationFailed
from runtime.models import App
from runtime.services import audit, revisions
from runtime.services.common import find_by_ref, unique

QUERY_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]{0,99}$")


def snapshot(query: SavedQuery) -> dict[str, Any]:
    return {
        "id": query.id,
        "name": query.name,
        "sql": query.sql,
        "spec": query.spec,
        "vars": query.vars,
        "description": query.description,
    }


def _check_name(name: str) -> str:
    if not QUERY_NAME.match(name):
        raise ValidationFailed.field("name", "1-100 characters: letters, digits, space . _ -")
    return name


async def check(app: App, sql: str) -> None:
    """Refuse SQL the validator would refuse at run time (naming the construct)."""
    dialect = database.dialect_of_connection()
    validate(sql, await dataset_tables(app.id, dialect), dialect=dialect)


async def check_spec(app: App, spec: Any) -> None:
    """Refuse a visual spec that does not compile for the app (errors name the JSON path)."""
    from querybuilder.spec import compile_for_app

    await compile_for_app(app.id, spec)


async def _check_source(app: App, sql: str | None, spec: Any) -> None:
    if (sql is None) == (spec is None):
        raise ValidationFailed.field("sql", "give either 'sql' or 'spec'")
    if spec is not None:
        await check_spec(app, spec)
    else:
        await check(app, sql or "")


async def get_query(app: App, ref: str | int) -> SavedQuery:
    return await find_by_ref(SavedQuery, ref, "query", f" in app {app.name!r}", app_id=app.id)


async def create_query(
    actor: Principal,
    app: App,
    name: str,
    sql: str | None = None,
    *,
    spec: Any = None,
    vars: dict[str, Any] | None = None,
    description: str = "",
) -> SavedQuery:
    """Save SQL text or a visual spec (exactly one) under ``name``."""
    _check_name(name)
    await _check_source(app, sql, spec)
    async with (
        unique("name", f"The app already has a query named {name!r}"),
        in_transaction() as conn,
    ):
        query = await SavedQuery.create(
            uuid=uuid.uuid4(),
            app=app,
            name=name,
            sql=sql or "",
            spec=spec,
            vars=vars or {},
            description=description,
            created_by=actor.name[:128],
            using_db=conn,
        )
        await audit.record(
            actor,
            "query.create",
            "query",
            query.id,
            f"{app.name}/{name}",
            after=snapshot(query),
            using_db=conn,
        )
        await _revision(actor, app, query, conn)
    return query


async def _revision(actor: Principal, app: App, query: SavedQuery, conn: Any) -> None:
    """The query's history for the IDE (a no-op when its SQL or spec did not change)."""
    text = revisions.query_text(query.sql, query.spec)
    await revisions.record(actor, app.id, "query", query.id, text, using_db=conn)


async def update_query(
    actor: Principal, app: App, ref: str | int, changes: dict[str, Any]
) -> SavedQuery:
    query = await get_query(app, ref)
    before = snapshot(query)
    if changes.get("name") is not None:
        query.name = _check_name(changes["name"])
    sql, spec = changes.get("sql"), changes.get("spec")
    if sql is not None or spec is not None:  # switching kinds clears the other one
        await _check_source(app, sql, spec)
        query.sql, query.spec = sql or "", spec
    for field in ("vars", "description"):
        if changes.get(field) is not None:
            setattr(query, field, changes[field])
    async with (
        unique("name", f"The app already has a query named {query.name!r}"),
        in_transaction() as conn,
    ):
        await query.save(using_db=conn)
        await audit.record(
            actor,
            "query.update",
            "query",
            query.id,
            f"{app.name}/{query.name}",
            before=before,
            after=snapshot(query),
            using_db=conn,
        )
        await _revision(actor, app, query, conn)
    return query


async def delete_query(actor: Principal, app: App, ref: str | int) -> None:
    query = await get_query(app, ref)
    async with in_transaction() as conn:
        before = snapshot(query)
        await query.delete(using_db=conn)
        await audit.record(
            actor,
            "query.delete",
            "query",
            before["id"],
            f"{app.name}/{before['name']}",
            before=before,
            using_db=conn,
        )


async def run_query(
    app: App,
    query: SavedQuery,
    values: dict[str, Any] | None,
    *,
    database_url: str,
    max_rows: int = 1000,
    offset: int = 0,
    sort: str | None = None,
) -> QueryResult:
    """Run a saved query; ``values`` override its default vars."""
    merged = {**(query.vars or {}), **(values or {})}
    if query.spec is not None:
        from querybuilder.spec import run_spec

        result: QueryResult = await run_spec(
            app.id,
            query.spec,
            merged,
            database_url=database_url,
            max_rows=max_rows,
            offset=offset,
            sort=sort,
        )
        return result
    return await run_sql(
        app.id,
        query.sql,
        merged,
        database_url=database_url,
        max_rows=max_rows,
        offset=offset,
        sort=sort,
    )
