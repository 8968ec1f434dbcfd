"""Changing a dataset's columns: add, drop, rename, retype, and the flags, keeping data.

Every change runs in one transaction with the dataset's description row (both databases
run DDL transactionally), so a refused or failed change leaves table and description as
they were.

- **Add**: a required column (not nullable) needs a default when the table has rows.
- **Rename** keeps the data (``ALTER TABLE ... RENAME COLUMN``); its indexes are remade
  under the new name.
- **Flags** (``unique``, ``indexed``) make or drop the column's index; a unique index over
  duplicate values is refused, naming a duplicated value.
- **Type, nullable, default** rebuild the table: a new table with the new definition is
  filled from the old one row by row, every value converted in Python and **converted
  back**: a value that would not survive the round trip (``1.5`` to integer, ``"abc"`` to
  date, ``300`` characters to string, a datetime with a time to date) refuses the change,
  listing rows by id with the reason. Making a column required fills its empty cells with
  the default, or is refused when there is none. Ids and timestamps are kept.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlglot import exp
from tortoise.transactions import in_transaction

from querybuilder import ddl
from querybuilder.columns import Column
from querybuilder.datasets import columns_of, get_dataset, parse_columns, snapshot
from querybuilder.models import Dataset
from querybuilder.rows import render
from querybuilder.scope import CUSTOMER_COLUMN
from runtime import db as database
from runtime.auth.principal import Principal
from runtime.errors import ValidationFailed
from runtime.models import App
from runtime.services import audit

#: Rows copied per batch when a table is rebuilt.
BATCH = 2000
#: Refused rows listed in an error (all are counted).
MAX_LISTED = 20
_REBUILT_BY = ("type", "precision", "scale", "nullable", "default")


class DataLoss(ValidationFailed):
    """The change would lose or corrupt values; ``details`` name the rows."""


def _find(columns: list[Column], name: str) -> Column:
    for column in columns:
        if column.name == name:
            return column
    raise ValidationFailed.field("column", f"no column {name!r} in the dataset")


async def _row_count(conn: Any, table: exp.Table, dialect: str) -> int:
    query = exp.select(exp.Count(this=exp.Star()).as_("n")).from_(table.copy())
    rows = await conn.execute_query_dict(render(query, dialect))
    return int(rows[0]["n"])


async def _save(
    actor: Principal, app: App, dataset: Dataset, columns: list[Column], conn: Any, action: str
) -> Dataset:
    before = snapshot(dataset)
    dataset.columns = [c.to_json() for c in columns]
    await dataset.save(using_db=conn)
    await audit.record(
        actor,
        action,
        "dataset",
        dataset.id,
        f"{app.name}/{dataset.name}",
        before=before,
        after=snapshot(dataset),
        using_db=conn,
    )
    return dataset


# -- add and drop ---------------------------------------------------------------------------


async def add_column(actor: Principal, app: App, name: str, spec: dict[str, Any]) -> Dataset:
    dataset = await get_dataset(app, name)
    columns = columns_of(dataset)
    new = parse_columns([*(c.to_json() for c in columns), spec])[-1]
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(app.id, dataset.name, dialect)
    async with in_transaction() as conn:
        if not new.nullable and new.default is None and await _row_count(conn, table, dialect):
            raise ValidationFailed.field(
                "default", "a required column needs a default: the dataset already has rows"
            )
        if not new.nullable and new.default is None and dialect == "sqlite":
            # SQLite cannot add a NOT NULL column without a default, even to an empty table.
            await _rebuild(
                conn,
                app.id,
                dataset.name,
                columns,
                [*columns, new],
                None,
                dialect,
                dataset.per_customer,
            )
        else:
            for statement in ddl.add_column(app.id, dataset.name, new, dialect):
                await conn.execute_query(statement)
        return await _save(actor, app, dataset, [*columns, new], conn, "dataset.column.add")


async def drop_column(actor: Principal, app: App, name: str, column: str) -> Dataset:
    dataset = await get_dataset(app, name)
    columns = columns_of(dataset)
    _find(columns, column)
    dialect = database.dialect_of_connection()
    async with in_transaction() as conn:
        for statement in ddl.drop_column(app.id, dataset.name, column, dialect):
            await conn.execute_query(statement)
        kept = [c for c in columns if c.name != column]
        saved = await _save(actor, app, dataset, kept, conn, "dataset.column.drop")
    await database.schema_changed()  # a column of that name may come back with another type
    return saved


# -- change ---------------------------------------------------------------------------------


async def change_column(
    actor: Principal, app: App, name: str, column: str, changes: dict[str, Any]
) -> Dataset:
    """Apply ``changes`` (any of name, type, nullable, default, unique, indexed)."""
    dataset = await get_dataset(app, name)
    columns = columns_of(dataset)
    old = _find(columns, column)
    unknown = set(changes) - {"name", "type", "nullable", "default", "unique", "indexed"}
    if unknown:
        raise ValidationFailed.field(sorted(unknown)[0], "cannot be changed here")
    spec = {**old.to_json(), **changes}
    if "type" in changes and "default" not in changes:
        spec["default"] = None  # an old default may not fit the new type
    merged = [c.to_json() if c.name != column else spec for c in columns]
    new_columns = parse_columns(merged, "columns")
    new = next(c for c in new_columns if c.name == spec["name"])
    dialect = database.dialect_of_connection()
    table = ddl.physical_table(app.id, dataset.name, dialect)
    renamed = new.name != old.name
    rebuild = any(getattr(new, f) != getattr(old, f) for f in _REBUILT_BY)
    async with in_transaction() as conn:
        if rebuild:
            await _rebuild(
                conn,
                app.id,
                dataset.name,
                columns,
                new_columns,
                (old, new),
                dialect,
                dataset.per_customer,
            )
        else:
            for statement in _drops(table, old, dialect):
                await conn.execute_query(statement)
            if renamed:
                await conn.execute_query(
                    ddl.rename_column(app.id, dataset.name, old.name, new.name, dialect)
                )
            if new.unique or new.indexed:
                await _make_index(conn, table, new, dialect)
        saved = await _save(actor, app, dataset, new_columns, conn, "dataset.column.change")
    if rebuild:
        await database.schema_changed()
    return saved


def _drops(table: exp.Table, column: Column, dialect: str) -> list[str]:
    statements = []
    for unique in (True, False):
        index = exp.to_identifier(ddl.index_name(table, column.name, unique))
        target = exp.table_(index, db=table.db) if table.db else exp.table_(index)
        statements.append(exp.Drop(tables=[target], kind="INDEX", exists=True).sql(dialect))
    return statements


async def _make_index(conn: Any, table: exp.Table, column: Column, dialect: str) -> None:
    try:
        await conn.execute_query(ddl.create_index(table, column, dialect))
    except Exception as exc:
        if column.unique and "unique" in str(exc).lower():
            raise DataLoss(
                f"{column.name}: cannot be unique, some rows share a value",
                [{"path": column.name, "message": "has duplicate values"}],
            ) from None
        raise


# -- rebuilding -----------------------------------------------------------------------------


_NUMERIC = frozenset({"integer", "bigint", "decimal", "float"})


def _as_input(value: Any, target: str = "text") -> Any:
    """A Python value of one column type as input for type ``target`` (as a user would
    type it: booleans become 1/0 for numbers, true/false for text)."""
    if isinstance(value, bool):
        if target in _NUMERIC:
            return int(value)
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) or isinstance(b, float):
        try:
            return float(a) == float(b)
        except (TypeError, ValueError):
            return False
    return bool(a == b)


def convert(old: Column, new: Column, stored: Any) -> Any:
    """The value of a row under the new definition, or :class:`ValidationFailed` saying why
    it would be lost."""
    value = old.coerce(stored) if stored is not None else None
    if value is None:
        if new.nullable:
            return None
        if new.default is not None:
            return new.default
        raise ValidationFailed.field(new.name, "is empty and the column would be required")
    converted = new.coerce(value if new.type == "json" else _as_input(value, new.type))
    if new.type == "json" and old.type in ("string", "text"):
        return converted  # JSON text parsed: its spacing is not data
    back = old.coerce(converted if old.type == "json" else _as_input(converted, old.type))
    if not _same(back, value):
        raise ValidationFailed.field(
            new.name, f"{_as_input(value)!s:.40} would become {_as_input(converted)!s:.40}"
        )
    return converted


async def _rebuild(
    conn: Any,
    app_id: int,
    name: str,
    old_columns: list[Column],
    new_columns: list[Column],
    changed: tuple[Column, Column] | None,
    dialect: str,
    per_customer: bool = False,
) -> None:
    """Make the table anew with ``new_columns`` and copy every row over."""
    table = ddl.physical_table(app_id, name, dialect)
    scratch_name = f"{name}__rebuild"[:63]
    scratch = ddl.physical_table(app_id, scratch_name, dialect)
    plain = [replace(c, unique=False, indexed=False) for c in new_columns]
    for statement in ddl.create_table(
        app_id, scratch_name, plain, dialect, per_customer=per_customer
    ):
        await conn.execute_query(statement)
    kept = [c for c in old_columns if any(n.name == c.name for n in new_columns)]
    platform = ["id", "created_at", "updated_at", *([CUSTOMER_COLUMN] if per_customer else [])]
    source_names = [*platform, *(c.name for c in kept)]
    target = {c.name: c for c in new_columns}
    if changed is not None:
        old, new = changed
        target[old.name] = new
    target_names = [*platform, *(target[c.name].name for c in kept)]
    insert = render(
        exp.insert(
            exp.values([tuple(exp.Placeholder() for _ in target_names)]),
            scratch.copy(),
            columns=target_names,
        ),
        dialect,
    )
    if dialect == "postgres":  # ids are kept: the identity column is GENERATED ALWAYS
        insert = insert.replace(") VALUES (", ") OVERRIDING SYSTEM VALUE VALUES (", 1)
    refused: list[dict[str, Any]] = []
    refused_total = 0
    last_id = 0
    while True:
        query = (
            exp.select(*(exp.column(n) for n in source_names))
            .from_(table.copy())
            .where(exp.GT(this=exp.column("id"), expression=exp.Placeholder()))
            .order_by("id")
            .limit(BATCH)
        )
        batch = await conn.execute_query_dict(render(query, dialect), [last_id])
        if not batch:
            break
        last_id = int(batch[-1]["id"])
        values = []
        for row in batch:
            out = [row[n] for n in platform]
            try:
                for column in kept:
                    cell = row[column.name]
                    if changed is not None and column.name == changed[0].name:
                        fresh = convert(changed[0], changed[1], cell)
                        out.append(changed[1].storage(fresh, dialect))
                    else:
                        out.append(cell)
            except ValidationFailed as exc:
                refused_total += 1
                if len(refused) < MAX_LISTED:
                    refused.append({"path": f"rows.{row['id']}", "message": exc.message})
                continue
            values.append(out)
        if not refused_total and values:
            await conn.execute_many(insert, values)
    if refused_total:
        first = refused[0]
        raise DataLoss(
            f"{refused_total} row(s) would lose data; first: row {first['path'][5:]}: "
            f"{first['message']}",
            refused,
        )
    await conn.execute_query(ddl.drop_table(app_id, name, dialect))
    rename = exp.Alter(
        this=scratch.copy(),
        kind="TABLE",
        actions=[exp.AlterRename(this=exp.to_identifier(table.name))],
    )
    await conn.execute_query(rename.sql(dialect))
    if dialect == "postgres":
        # The identity sequence goes on after the highest id kept.
        next_id = exp.Add(
            this=exp.func("COALESCE", exp.Max(this=exp.column("id")), exp.Literal.number(0)),
            expression=exp.Literal.number(1),
        )
        sequence = exp.func("pg_get_serial_sequence", exp.Placeholder(), exp.Literal.string("id"))
        restart = exp.select(exp.func("setval", sequence, next_id, exp.false())).from_(table.copy())
        await conn.execute_query(render(restart, dialect), [table.sql("postgres")])
    for column in new_columns:
        if column.unique or column.indexed:
            await _make_index(conn, table, column, dialect)
