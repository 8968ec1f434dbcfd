"""Dataset tables: DDL for every column type, on SQLite and PostgreSQL, executed for real."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from querybuilder import ddl
from querybuilder.columns import Column
from runtime import db as database
from runtime.errors import ValidationFailed

EVERY_TYPE = [
    ({"name": "label", "type": "string", "nullable": False, "unique": True}, "Ada", "Ada"),
    ({"name": "notes", "type": "text"}, "x" * 1000, "x" * 1000),
    ({"name": "count", "type": "integer", "indexed": True}, "42", 42),
    ({"name": "big", "type": "bigint"}, 2**40, 2**40),
    ({"name": "price", "type": "decimal(12,4)"}, "19.99", Decimal("19.9900")),
    ({"name": "ratio", "type": "float"}, "0.25", 0.25),
    ({"name": "active", "type": "boolean"}, "yes", True),
    ({"name": "born", "type": "date"}, "1815-12-10", date(1815, 12, 10)),
    (
        {"name": "seen", "type": "datetime"},
        "2026-11-25T10:00:00+01:00",
        datetime(2026, 11, 25, 9, 0, tzinfo=UTC),
    ),
    ({"name": "extra", "type": "json"}, '{"tags": ["vip"]}', {"tags": ["vip"]}),
]


def placeholders(count: int, dialect: str) -> str:
    return ", ".join("?" if dialect == "sqlite" else f"${i + 1}" for i in range(count))


async def test_every_column_type_round_trips(db: str) -> None:
    name = f"t{uuid.uuid4().hex[:8]}"
    columns = [Column.parse(spec) for spec, _, _ in EVERY_TYPE]
    conn = database.connection()
    for statement in ddl.create_table(1, name, columns, db):
        await conn.execute_script(statement)
    table = ddl.physical_table(1, name, db).sql(db)
    try:
        values = [
            c.storage(c.coerce(raw), db) for c, (_, raw, _) in zip(columns, EVERY_TYPE, strict=True)
        ]
        stamp = datetime.now(UTC) if db == "postgres" else datetime.now(UTC).isoformat()
        names = ", ".join(["created_at", "updated_at", *(c.name for c in columns)])
        await conn.execute_query(
            f"INSERT INTO {table} ({names}) VALUES ({placeholders(len(values) + 2, db)})",
            [stamp, stamp, *values],
        )
        rows = await conn.execute_query_dict(f"SELECT * FROM {table}")
        assert len(rows) == 1
        row = rows[0]
        assert row["id"] == 1
        for column, (_, _, expected) in zip(columns, EVERY_TYPE, strict=True):
            assert column.coerce(row[column.name]) == expected, column.name
    finally:
        await conn.execute_script(ddl.drop_table(1, name, db))


async def test_unique_columns_refuse_duplicates(db: str) -> None:
    from tortoise.exceptions import IntegrityError

    name = f"t{uuid.uuid4().hex[:8]}"
    column = Column.parse({"name": "msisdn", "type": "string", "unique": True})
    conn = database.connection()
    for statement in ddl.create_table(1, name, [column], db):
        await conn.execute_script(statement)
    table = ddl.physical_table(1, name, db).sql(db)
    stamp: Any = datetime.now(UTC) if db == "postgres" else "2026-01-01T00:00:00+00:00"
    insert = f"INSERT INTO {table} (created_at, updated_at, msisdn) VALUES ({placeholders(3, db)})"
    try:
        await conn.execute_query(insert, [stamp, stamp, "441234"])
        with pytest.raises(IntegrityError):
            await conn.execute_query(insert, [stamp, stamp, "441234"])
    finally:
        await conn.execute_script(ddl.drop_table(1, name, db))


async def test_columns_can_be_added_renamed_and_dropped_keeping_data(db: str) -> None:
    name = f"t{uuid.uuid4().hex[:8]}"
    conn = database.connection()
    for statement in ddl.create_table(1, name, [Column.parse({"name": "a", "type": "text"})], db):
        await conn.execute_script(statement)
    table = ddl.physical_table(1, name, db).sql(db)
    stamp: Any = datetime.now(UTC) if db == "postgres" else "2026-01-01T00:00:00+00:00"
    try:
        await conn.execute_query(
            f"INSERT INTO {table} (created_at, updated_at, a) VALUES ({placeholders(3, db)})",
            [stamp, stamp, "kept"],
        )
        added = Column.parse({"name": "b", "type": "integer", "default": 7, "indexed": True})
        for statement in ddl.add_column(1, name, added, db):
            await conn.execute_script(statement)
        await conn.execute_script(ddl.rename_column(1, name, "a", "renamed", db))
        rows = await conn.execute_query_dict(f"SELECT renamed, b FROM {table}")
        assert rows == [{"renamed": "kept", "b": 7}]
        for statement in ddl.drop_column(1, name, "b", db):
            await conn.execute_script(statement)
        rows = await conn.execute_query_dict(f"SELECT * FROM {table}")
        assert set(rows[0]) == {"id", "created_at", "updated_at", "renamed"}
    finally:
        await conn.execute_script(ddl.drop_table(1, name, db))


@pytest.mark.parametrize(
    ("spec", "value", "path", "message"),
    [
        ({"name": "n", "type": "integer"}, "4.5", "n", "whole number"),
        ({"name": "n", "type": "integer"}, 2**40, "n", "outside"),
        ({"name": "n", "type": "decimal(5,2)"}, "12345.6", "n", "digits before"),
        ({"name": "n", "type": "boolean"}, "maybe", "n", "true or false"),
        ({"name": "n", "type": "date"}, "30/11/2024", "n", "not a valid date (use YYYY-MM-DD)"),
        ({"name": "n", "type": "json"}, "{not json", "n", "not a valid json"),
        ({"name": "n", "type": "string"}, "x" * 256, "n", "longer than 255"),
        ({"name": "n", "type": "string", "nullable": False}, None, "n", "is required"),
    ],
)
def test_values_are_checked_with_a_field_level_error(
    spec: dict[str, Any], value: Any, path: str, message: str
) -> None:
    with pytest.raises(ValidationFailed) as info:
        Column.parse(spec).coerce(value)
    assert info.value.details[0]["path"] == path
    assert message in info.value.details[0]["message"]


@pytest.mark.parametrize(
    ("spec", "path"),
    [
        ({"name": "Bad Name", "type": "text"}, "columns.name"),
        ({"name": "id", "type": "text"}, "columns.name"),
        ({"name": "x", "type": "varchar"}, "columns.type"),
        ({"name": "x", "type": "decimal(50,2)"}, "columns.type"),
        ({"name": "x", "type": "integer", "default": "abc"}, "columns.default"),
    ],
)
def test_column_definitions_are_checked(spec: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        Column.parse(spec)
    assert info.value.details[0]["path"] == path
