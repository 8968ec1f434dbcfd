"""Running validated queries over an app's datasets, with defence in depth.

The validator (:mod:`querybuilder.sql_guard`) is the first wall. The second does not trust it:

- **SQLite**: the query runs on a *separate read-only connection* (``mode=ro``) under the
  deny-by-default authorizer (only this app's tables, only allow-listed functions; no PRAGMA,
  ATTACH, writes or extension loading) and a progress handler that enforces the time limit.
- **PostgreSQL**: the query runs in a ``READ ONLY`` transaction with a ``statement_timeout``,
  as the app's own role (``SET LOCAL ROLE``), which may read the app's schema and nothing
  else (:func:`querybuilder.ddl.grant_reader`). Where the platform's database user cannot
  create roles, a warning is logged once per app and the other walls still hold.

Results are ``{columns: [{name, type}], rows: [[...]], truncated, elapsed_ms}`` with rows as
arrays in column order; decimals come back as strings, dates and times as ISO 8601.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from querybuilder import ddl
from querybuilder.dates import resolve_vars
from querybuilder.errors import QueryRejected
from querybuilder.models import Dataset
from querybuilder.scope import ScopedTable, current_customer
from querybuilder.sql_guard import GuardedQuery, sqlite_authorizer, validate
from runtime import db as database
from runtime.errors import TrunklineError

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_MS = 5_000
PROGRESS_STEPS = 10_000


class QueryTimeout(TrunklineError):
    status_code = 422
    code = "query_timeout"
    default_message = "The query ran out of time"


@dataclass
class QueryResult:
    columns: list[dict[str, str]]
    rows: list[list[Any]]
    truncated: bool
    elapsed_ms: float
    sql: str = ""
    params: list[str] = field(default_factory=list)


async def dataset_tables(app_id: int, dialect: str) -> dict[str, str]:
    """The app's dataset names → physical table names (``schema.table`` on PostgreSQL).

    In a customer's scope (:mod:`querybuilder.scope`) a per-customer dataset's table is a
    :class:`ScopedTable`: queries read that customer's rows of it only."""
    found = await Dataset.filter(app_id=app_id).values_list("name", "per_customer")
    customer = current_customer()
    tables: dict[str, str] = {}
    for name, per_customer in found:
        physical = ddl.physical_table(app_id, str(name), dialect).sql(dialect)
        if per_customer and customer is not None:
            physical = ScopedTable(physical, customer)
        tables[str(name)] = physical
    return tables


def _json_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _type_of(values: list[Any]) -> str:
    for value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int):
            return "integer"
        if isinstance(value, float):
            return "float"
        if isinstance(value, Decimal):
            return "decimal"
        if isinstance(value, datetime):
            return "datetime"
        if isinstance(value, date):
            return "date"
        if isinstance(value, dict | list):
            return "json"
        return "text"
    return "text"


def _shape(
    names: list[str], raw: list[tuple[Any, ...]], guarded: GuardedQuery, started: float
) -> QueryResult:
    truncated = len(raw) > guarded.max_rows
    raw = raw[: guarded.max_rows]
    columns = [
        {"name": name, "type": _type_of([r[i] for r in raw])} for i, name in enumerate(names)
    ]
    rows = [[_json_value(v) for v in r] for r in raw]
    return QueryResult(
        columns,
        rows,
        truncated,
        round((time.perf_counter() - started) * 1000, 3),
        guarded.sql,
        list(guarded.params),
    )


def _sqlite_file(url: str) -> str:
    return url[len("sqlite://") :].split("?", 1)[0]


def _run_sqlite(
    path: str, guarded: GuardedQuery, args: Any, tables: list[str], timeout_ms: int
) -> tuple[list[str], list[tuple[Any, ...]]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5, check_same_thread=False)
    try:
        conn.set_authorizer(sqlite_authorizer(tables))
        deadline = time.monotonic() + timeout_ms / 1000
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
        try:
            cursor = conn.execute(guarded.sql, args)
            raw = cursor.fetchmany(guarded.max_rows + 1)
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(f"The query took longer than {timeout_ms} ms") from None
            raise QueryRejected(
                f"the database refused the query: {exc}", construct="execution"
            ) from None
        except sqlite3.DatabaseError as exc:
            raise QueryRejected(
                f"the database refused the query: {exc}", construct="execution"
            ) from None
        names = [d[0] for d in cursor.description or []]
        return names, raw
    finally:
        conn.close()


async def run_guarded(
    guarded: GuardedQuery,
    values: Mapping[str, Any],
    *,
    physical_tables: list[str],
    database_url: str,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    zone: str = "UTC",
    app_id: int | None = None,
) -> QueryResult:
    """Execute an already validated query (the second wall still applies); date phrases
    among the values resolve in time zone ``zone``. On PostgreSQL the query runs as app
    ``app_id``'s read-only role (found from the tables when not given)."""
    started = time.perf_counter()
    args = guarded.bind(resolve_vars(dict(values), zone=zone, dialect=guarded.dialect))
    if guarded.dialect == "sqlite":
        bare = [t.split(".")[-1].strip('"') for t in physical_tables]
        names, raw = await asyncio.to_thread(
            _run_sqlite, _sqlite_file(database_url), guarded, args, bare, timeout_ms
        )
        return _shape(names, raw, guarded, started)
    import asyncpg

    client: Any = database.connection()
    async with client.acquire_connection() as conn:
        try:
            async with conn.transaction(readonly=True):
                await conn.execute(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
                await _become_reader(conn, app_id or _app_of(physical_tables))
                records = await conn.fetch(guarded.sql, *args)
        except asyncpg.QueryCanceledError:
            raise QueryTimeout(f"The query took longer than {timeout_ms} ms") from None
        except asyncpg.PostgresError as exc:
            raise QueryRejected(
                f"the database refused the query: {exc}", construct="execution"
            ) from None
    names = list(records[0].keys()) if records else []
    raw = [tuple(r.values()) for r in records]
    return _shape(names, raw, guarded, started)


_SCHEMA = re.compile(r'^"?app_(\d+)"?\.')
_warned: set[int] = set()


def _app_of(physical_tables: list[str]) -> int | None:
    for name in physical_tables:
        if match := _SCHEMA.match(name):
            return int(match.group(1))
    return None


async def _become_reader(conn: Any, app_id: int | None) -> None:
    """``SET LOCAL ROLE`` to the app's read-only role: it can read the app's schema and
    nothing else, so even a query the validator wrongly passed cannot reach other data."""
    if app_id is None:
        return
    role = ddl.reader_role_sql()
    # The app's role; for an app without datasets (none made yet), the read-nothing one.
    # The role is chosen in a subquery (LIMIT keeps it from being flattened), so set_config
    # runs once, for the one chosen.
    became = await conn.fetchval(
        "SELECT set_config('role', r, true) FROM (SELECT r FROM ("  # noqa: S608
        f"SELECT {role} AS r, 1 AS rank UNION ALL SELECT {ddl.NOBODY_ROLE_SQL}, 2) s "
        # CASE, not AND: pg_has_role raises for a role that does not exist, and AND does
        # not promise to test EXISTS first.
        "WHERE CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = s.r) "
        "THEN pg_has_role(current_user, s.r, 'MEMBER') ELSE false END "
        "ORDER BY rank LIMIT 1) chosen",
        str(app_id),
    )
    if became is None and app_id not in _warned:
        _warned.add(app_id)
        log.warning(
            "app %s has no read-only database role (the database user needs CREATEROLE); "
            "its queries run validated and read-only, but as the platform's user",
            app_id,
        )


async def ensure_nobody_role() -> None:
    """At start-up on PostgreSQL: make the read-nothing role (a warning without CREATEROLE)."""
    if database.dialect_of_connection() == "postgres":
        await database.connection().execute_script(ddl.create_nobody())


async def run_sql(
    app_id: int,
    sql: str,
    values: Mapping[str, Any] | None = None,
    *,
    database_url: str,
    max_rows: int = 1000,
    timeout_ms: int = DEFAULT_TIMEOUT_MS,
    offset: int = 0,
    sort: str | None = None,
) -> QueryResult:
    """Validate ``sql`` against the app's datasets and run it (dates in the app's zone);
    ``offset`` pages through a large result, ``sort`` re-orders it by a result column."""
    dialect = database.dialect_of_connection()
    tables = await dataset_tables(app_id, dialect)
    guarded = validate(sql, tables, dialect=dialect, max_rows=max_rows, offset=offset, sort=sort)
    return await run_guarded(
        guarded,
        values or {},
        physical_tables=list(tables.values()),
        database_url=database_url,
        timeout_ms=timeout_ms,
        zone=await app_zone(app_id),
        app_id=app_id,
    )


async def app_zone(app_id: int) -> str:
    """The app's time zone, in which natural-language date parameters resolve."""
    from runtime.models import App

    zones = await App.filter(id=app_id).values_list("timezone", flat=True)
    return str(zones[0]) if zones else "UTC"
