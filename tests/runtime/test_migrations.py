"""The migration trees build, from empty, exactly the schema the models describe."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from tortoise.context import TortoiseContext

from runtime import db as database
from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES, _with_database

Schema = dict[str, Any]


async def _sqlite_schema(conn: Any) -> Schema:
    tables = await conn.execute_query_dict(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
    )
    schema: Schema = {}
    for row in tables:
        name = row["name"]
        cols = await conn.execute_query_dict(f'PRAGMA table_info("{name}")')
        indexes = set()
        for idx in await conn.execute_query_dict(f'PRAGMA index_list("{name}")'):
            info = await conn.execute_query_dict(f'PRAGMA index_info("{idx["name"]}")')
            indexes.add((bool(idx["unique"]), tuple(i["name"] for i in info)))
        fks = await conn.execute_query_dict(f'PRAGMA foreign_key_list("{name}")')
        schema[name] = {
            "columns": {
                c["name"]: (c["type"].upper(), bool(c["notnull"]), bool(c["pk"])) for c in cols
            },
            "indexes": indexes,
            "foreign_keys": {(f["from"], f["table"], f["to"], f["on_delete"]) for f in fks},
        }
    return schema


async def _postgres_schema(conn: Any) -> Schema:
    cols = await conn.execute_query_dict(
        "SELECT table_name, column_name, data_type, is_nullable, character_maximum_length "
        "FROM information_schema.columns WHERE table_schema = 'public'"
    )
    schema: Schema = {}
    for c in cols:
        table = schema.setdefault(
            c["table_name"], {"columns": {}, "indexes": set(), "foreign_keys": set()}
        )
        table["columns"][c["column_name"]] = (
            c["data_type"],
            c["is_nullable"] == "NO",
            c["character_maximum_length"],
        )
    idx = await conn.execute_query_dict(
        "SELECT t.relname AS table_name, i.indisunique AS is_unique, "
        "array_agg(a.attname ORDER BY a.attname) AS columns "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace n ON n.oid = t.relnamespace "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(i.indkey) "
        "WHERE n.nspname = 'public' GROUP BY t.relname, i.indexrelid, i.indisunique"
    )
    for i in idx:
        schema[i["table_name"]]["indexes"].add((i["is_unique"], tuple(i["columns"])))
    fks = await conn.execute_query_dict(
        "SELECT tc.table_name, kcu.column_name, ccu.table_name AS ref, rc.delete_rule "
        "FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name "
        "JOIN information_schema.constraint_column_usage ccu "
        "  ON tc.constraint_name = ccu.constraint_name "
        "JOIN information_schema.referential_constraints rc "
        "  ON tc.constraint_name = rc.constraint_name "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
    )
    for f in fks:
        schema[f["table_name"]]["foreign_keys"].add((f["column_name"], f["ref"], f["delete_rule"]))
    return schema


async def schema_of(url: str) -> Schema:
    async with database.open_database(url, shared=False):
        conn = database.connection()
        if database.dialect_of(url) == "sqlite":
            return await _sqlite_schema(conn)
        return await _postgres_schema(conn)


async def generated_schema(url: str) -> Schema:
    """The schema tortoise generates straight from the models (never used in production)."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=database.tortoise_config(url))
        await ctx.generate_schemas(safe=False)
    return await schema_of(url)


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_urls(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[list[str]]:
    """Two empty databases of one dialect."""
    if request.param == "sqlite":
        yield [f"sqlite://{tmp_path / 'a.sqlite3'}", f"sqlite://{tmp_path / 'b.sqlite3'}"]
        return
    try:
        admin = await asyncpg.connect(POSTGRES_URL, timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}")
    names = [f"trunkline_mig_{uuid.uuid4().hex[:10]}" for _ in range(2)]
    try:
        for name in names:
            await admin.execute(f'CREATE DATABASE "{name}"')
        yield [_with_database(POSTGRES_URL, n) for n in names]
    finally:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


async def test_upgrade_from_empty_to_head_matches_the_models(empty_urls: list[str]) -> None:
    migrated_url, generated_url = empty_urls
    dialect = database.dialect_of(migrated_url)
    tree = sorted(
        (p.name for p in (database.migrations_dir(dialect) / "models").glob("[0-9]*.py")),
        key=database.migration_number,
    )

    applied = await database.migrate(migrated_url)

    assert applied == tree, "every migration of the tree applies, in order"
    migrated = await schema_of(migrated_url)
    expected = await generated_schema(generated_url)
    assert set(migrated) == set(expected), "same tables"
    for table in expected:
        assert migrated[table] == expected[table], f"table {table} differs from the models"


async def test_migrate_is_idempotent_and_reports_nothing_pending(empty_urls: list[str]) -> None:
    url = empty_urls[0]
    assert await database.pending_migrations(url)  # fresh database: everything pending
    await database.migrate(url)
    assert await database.migrate(url) == []
    assert await database.pending_migrations(url) == []


def test_both_dialects_have_the_same_migrations() -> None:
    """Every schema change lands in both trees (the names after the number match)."""

    def names(dialect: str) -> list[str]:
        files = (database.migrations_dir(dialect) / "models").glob("[0-9]*.py")
        ordered = sorted((f.name for f in files), key=database.migration_number)
        return [name.split("_", 2)[-1] for name in ordered]

    assert names("sqlite") == names("postgres")
    assert names("sqlite"), "there is at least the initial migration"
