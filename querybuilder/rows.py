"""Rows of a dataset: insert, read, update, delete and list, as sqlglot trees.

Values are checked against their column types (every problem named by field) and bound as
parameters. Lists page by keyset — ``(sort value, id)`` after the last row seen — so page
10,000 costs what page 1 costs on an indexed column.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import count
from typing import Any

from sqlglot import exp

from querybuilder import ddl
from querybuilder.columns import Column
from querybuilder.datasets import columns_of
from querybuilder.models import Dataset
from querybuilder.scope import CUSTOMER_COLUMN, current_customer
from runtime import db as database
from runtime.errors import NotFound, ValidationFailed

MAX_PAGE = 1000
PLATFORM = ("id", "created_at", "updated_at")


@dataclass
class RowPage:
    rows: list[dict[str, Any]]
    next: str | None
    #: Rows matching the filters; on a large unfiltered table an estimate (``estimated``).
    total: int
    estimated: bool = False


def render(expression: exp.Expr, dialect: str) -> str:
    """SQL for the live dialect with its placeholders (``?`` or ``$1..$n``)."""
    if dialect != "postgres":
        return expression.sql("sqlite")
    numbers = count(1)
    numbered = expression.transform(
        lambda node: (
            exp.Parameter(this=exp.Literal.number(next(numbers)))
            if isinstance(node, exp.Placeholder)
            else node
        )
    )
    return numbered.sql("postgres")


def _now(dialect: str) -> Any:
    now = datetime.now(UTC)
    return now if dialect == "postgres" else now.isoformat()


def _checked(columns: list[Column], values: Mapping[str, Any], *, partial: bool) -> dict[str, Any]:
    known = {c.name: c for c in columns}
    problems = [{"path": name, "message": "unknown column"} for name in values if name not in known]
    checked: dict[str, Any] = {}
    for column in columns:
        if column.name not in values:
            if not partial and not column.nullable and column.default is None:
                problems.append({"path": column.name, "message": "is required"})
            continue
        try:
            checked[column.name] = column.coerce(values[column.name])
        except ValidationFailed as exc:
            problems.extend(exc.details or [])
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    return checked


def _decode(columns: list[Column], raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row as JSON-ready values (decimals as strings at their scale)."""
    row: dict[str, Any] = {"id": raw["id"]}
    for name in ("created_at", "updated_at"):
        value = raw[name]
        row[name] = value.isoformat() if isinstance(value, datetime) else value
    if CUSTOMER_COLUMN in raw:
        row[CUSTOMER_COLUMN] = raw[CUSTOMER_COLUMN]
    for column in columns:
        value = column.coerce(raw[column.name]) if raw[column.name] is not None else None
        if value is not None and column.type in ("decimal",):
            value = str(value)
        elif value is not None and column.type in ("date", "datetime"):
            value = value.isoformat()
        row[column.name] = value
    return row


def _scoped_owner(dataset: Dataset) -> int | None:
    """The customer this request is limited to, for a per-customer dataset."""
    return current_customer() if dataset.per_customer else None


def _owner_value(dataset: Dataset, values: Mapping[str, Any]) -> tuple[bool, int | None]:
    """``(given, customer)`` for a write: a scoped request always writes its own customer;
    operators may name one (``customer_id``) in a per-customer dataset."""
    scoped = _scoped_owner(dataset)
    if scoped is not None:
        return True, scoped
    if not dataset.per_customer or CUSTOMER_COLUMN not in values:
        return False, None
    raw = values[CUSTOMER_COLUMN]
    if raw is None:
        return True, None
    try:
        return True, int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed.field(CUSTOMER_COLUMN, "must be a customer's id") from None


def _owner_condition(dataset: Dataset) -> tuple[list[exp.Expr], list[Any]]:
    owner = _scoped_owner(dataset)
    if owner is None:
        return [], []
    return [exp.EQ(this=exp.column(CUSTOMER_COLUMN), expression=exp.Placeholder())], [owner]


def _without_owner(dataset: Dataset, values: Mapping[str, Any]) -> Mapping[str, Any]:
    if not dataset.per_customer or CUSTOMER_COLUMN not in values:
        return values
    return {k: v for k, v in values.items() if k != CUSTOMER_COLUMN}


async def insert_row(dataset: Dataset, values: Mapping[str, Any]) -> dict[str, Any]:
    columns = columns_of(dataset)
    checked = _checked(columns, _without_owner(dataset, values), partial=False)
    dialect = database.dialect_of_connection()
    by_name = {c.name: c for c in columns}
    names = ["created_at", "updated_at", *checked]
    params = [
        _now(dialect),
        _now(dialect),
        *(by_name[n].storage(v, dialect) for n, v in checked.items()),
    ]
    given, owner = _owner_value(dataset, values)
    if given:
        names.append(CUSTOMER_COLUMN)
        params.append(owner)
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    insert = exp.insert(exp.values([tuple(exp.Placeholder() for _ in names)]), table, columns=names)
    conn = database.connection()
    try:
        if dialect == "postgres":
            rows = await conn.execute_query_dict(render(insert, dialect) + " RETURNING id", params)
            row_id = rows[0]["id"]
        else:
            row_id = await conn.execute_insert(render(insert, dialect), params)
    except Exception as exc:
        if "unique" in str(exc).lower():
            from runtime.errors import Conflict

            raise Conflict(
                "A row with this value already exists",
                [
                    {"path": c.name, "message": "already taken"}
                    for c in columns
                    if c.unique and c.name in checked
                ],
            ) from None
        raise
    return await get_row(dataset, int(row_id))


async def get_row(dataset: Dataset, row_id: int) -> dict[str, Any]:
    """The row, or :class:`NotFound` (also for another customer's row in a scoped request)."""
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    owned, owner = _owner_condition(dataset)
    query = (
        exp.select("*")
        .from_(table)
        .where(exp.and_(exp.EQ(this=exp.column("id"), expression=exp.Placeholder()), *owned))
    )
    rows = await database.connection().execute_query_dict(render(query, dialect), [row_id, *owner])
    if not rows:
        raise NotFound(f"No row {row_id} in {dataset.name}")
    return _decode(columns_of(dataset), rows[0])


async def update_row(dataset: Dataset, row_id: int, changes: Mapping[str, Any]) -> dict[str, Any]:
    columns = columns_of(dataset)
    checked = _checked(columns, _without_owner(dataset, changes), partial=True)
    await get_row(dataset, row_id)  # another customer's row is not there for this request
    dialect = database.dialect_of_connection()
    by_name = {c.name: c for c in columns}
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    assignments = {
        "updated_at": _now(dialect),
        **{n: by_name[n].storage(v, dialect) for n, v in checked.items()},
    }
    given, owner = _owner_value(dataset, changes)
    if given and _scoped_owner(dataset) is None:  # operators may move a row to a customer
        assignments[CUSTOMER_COLUMN] = owner
    owned, owner_param = _owner_condition(dataset)
    update = exp.update(
        table,
        {name: exp.Placeholder() for name in assignments},
        where=exp.and_(exp.EQ(this=exp.column("id"), expression=exp.Placeholder()), *owned),
    )
    await database.connection().execute_query(
        render(update, dialect), [*assignments.values(), row_id, *owner_param]
    )
    return await get_row(dataset, row_id)


async def delete_row(dataset: Dataset, row_id: int) -> None:
    await get_row(dataset, row_id)
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    owned, owner = _owner_condition(dataset)
    delete = exp.delete(
        table,
        where=exp.and_(exp.EQ(this=exp.column("id"), expression=exp.Placeholder()), *owned),
    )
    await database.connection().execute_query(render(delete, dialect), [row_id, *owner])


def _cursor(value: Any, row_id: int) -> str:
    return base64.urlsafe_b64encode(json.dumps([value, row_id]).encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> tuple[Any, int]:
    try:
        value, row_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        return value, int(row_id)
    except (ValueError, TypeError, binascii.Error):
        raise ValidationFailed.field("cursor", "not a cursor returned by this API") from None


#: Above this many rows an unfiltered table reports an estimated total (counting a million
#: rows costs more than fetching any page of them).
EXACT_COUNT_LIMIT = 100_000


async def _total(
    conn: Any, table: exp.Table, conditions: list[exp.Expr], params: list[Any], dialect: str
) -> tuple[int, bool]:
    """``(total, estimated)``: exact when filtered or small, else a cheap estimate."""
    if not conditions:
        if dialect == "postgres":
            rows = await conn.execute_query_dict(
                "SELECT reltuples::bigint AS n FROM pg_class WHERE oid = $1::regclass",
                [table.sql("postgres")],
            )
            estimate = int(rows[0]["n"]) if rows else -1
        else:
            # ids are dense (rows are rarely deleted): max(id) comes from the primary key
            top = exp.select(exp.alias_(exp.Max(this=exp.column("id")), "n")).from_(table.copy())
            rows = await conn.execute_query_dict(render(top, dialect), [])
            estimate = int(rows[0]["n"] or 0) if rows else 0
        if estimate > EXACT_COUNT_LIMIT:
            return estimate, True
    count = exp.select(exp.alias_(exp.Count(this=exp.Star()), "n")).from_(table.copy())
    if conditions:
        count = count.where(exp.and_(*conditions))
    rows = await conn.execute_query_dict(render(count, dialect), list(params))
    return (int(rows[0]["n"]) if rows else 0), False


def _bind_cursor_value(column: Column | None, field: str, value: Any, dialect: str) -> Any:
    if column is not None:
        return column.storage(column.coerce(value), dialect)
    if dialect == "postgres" and field in ("created_at", "updated_at"):
        return datetime.fromisoformat(str(value))
    return value


async def list_rows(
    dataset: Dataset,
    *,
    sort: str = "id",
    limit: int = 50,
    cursor: str | None = None,
    equals: Mapping[str, Any] | None = None,
) -> RowPage:
    """A page of rows ordered by ``sort`` (``-name`` descending), then id."""
    columns = columns_of(dataset)
    by_name = {c.name: c for c in columns}
    field, descending = sort.lstrip("-"), sort.startswith("-")
    if field not in by_name and field not in PLATFORM:
        raise ValidationFailed.field("sort", f"no column {field!r}")
    if not 1 <= limit <= MAX_PAGE:
        raise ValidationFailed.field("limit", f"must be from 1 to {MAX_PAGE}")
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(dataset.app_id, dataset.name, dialect)  # type: ignore[attr-defined]
    conditions, params = _owner_condition(dataset)
    for name, raw in (equals or {}).items():
        if dataset.per_customer and name == CUSTOMER_COLUMN:
            conditions.append(exp.EQ(this=exp.column(name), expression=exp.Placeholder()))
            params.append(_owner_value(dataset, {name: raw})[1])
            continue
        if name not in by_name:
            raise ValidationFailed.field(name, "unknown column")
        conditions.append(exp.EQ(this=exp.column(name), expression=exp.Placeholder()))
        params.append(by_name[name].storage(by_name[name].coerce(raw), dialect))
    conn = database.connection()
    total, estimated = await _total(conn, table, conditions, params, dialect)
    page_conditions = list(conditions)
    page_params = list(params)
    if cursor:
        value, last_id = _uncursor(cursor)
        compare = exp.LT if descending else exp.GT
        if field == "id":
            page_conditions.append(compare(this=exp.column("id"), expression=exp.Placeholder()))
            page_params.append(last_id)
        else:
            # (field, id) after (value, last_id), in the sort direction. The first term is a
            # plain range on the column, so its index drives the scan; the second settles ties.
            at_or_after = exp.GTE if not descending else exp.LTE
            page_conditions.append(
                exp.and_(
                    at_or_after(this=exp.column(field), expression=exp.Placeholder()),
                    exp.or_(
                        compare(this=exp.column(field), expression=exp.Placeholder()),
                        compare(this=exp.column("id"), expression=exp.Placeholder()),
                    ),
                )
            )
            bound = _bind_cursor_value(by_name.get(field), field, value, dialect)
            page_params.extend([bound, bound, last_id])
    query = exp.select("*").from_(table)
    if page_conditions:
        query = query.where(exp.and_(*page_conditions))
    order = [exp.Ordered(this=exp.column(field), desc=descending)]
    if field != "id":
        order.append(exp.Ordered(this=exp.column("id"), desc=descending))
    query = query.order_by(*order).limit(limit + 1)
    raw_rows = await conn.execute_query_dict(render(query, dialect), page_params)
    more = len(raw_rows) > limit
    raw_rows = raw_rows[:limit]
    rows = [_decode(columns, r) for r in raw_rows]
    next_cursor = None
    if more and raw_rows:
        last = raw_rows[-1]
        stored = last[field]
        if isinstance(stored, datetime):
            stored = stored.isoformat()
        elif not isinstance(stored, str | int | float | bool) and stored is not None:
            stored = str(stored)
        next_cursor = _cursor(stored, int(last["id"]))
    return RowPage(rows=rows, next=next_cursor, total=total, estimated=estimated)
