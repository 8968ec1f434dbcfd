"""Datasets: the description row and the real table appear and vanish together."""

from __future__ import annotations

from typing import Any

import pytest

from querybuilder import datasets, ddl
from querybuilder.models import Dataset, DatasetPreset
from runtime import db as database
from runtime.auth.principal import SYSTEM
from runtime.errors import Conflict, ValidationFailed
from runtime.models import AuditEntry
from runtime.services import apps


async def table_columns(app_id: int, name: str, dialect: str) -> list[str]:
    conn = database.connection()
    if dialect == "sqlite":
        rows = await conn.execute_query_dict(f'PRAGMA table_info("app_{app_id}__{name}")')
        return [r["name"] for r in rows]
    rows = await conn.execute_query_dict(
        "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 "
        "AND table_name = $2 ORDER BY ordinal_position",
        [f"app_{app_id}", f"ds_{name}"],
    )
    return [r["column_name"] for r in rows]


@pytest.mark.parametrize(
    ("preset", "expected"),
    [
        (DatasetPreset.KEY_VALUE, ["key", "value"]),
        (
            DatasetPreset.LEAD_SET,
            [
                "first_name",
                "last_name",
                "phone",
                "phone_alt",
                "email",
                "company",
                "address",
                "status",
                "notes",
                "custom",
            ],
        ),
    ],
)
async def test_presets_make_real_tables(
    db: str, preset: DatasetPreset, expected: list[str]
) -> None:
    app = await apps.create_app(SYSTEM, f"data-{preset.value.replace('_', '-')}")
    dataset = await datasets.create_dataset(
        SYSTEM, app, "things", preset=preset, columns=[{"name": "extra", "type": "integer"}]
    )
    try:
        assert [c["name"] for c in dataset.columns] == [*expected, "extra"]
        assert await table_columns(app.id, "things", db) == [
            "id",
            "created_at",
            "updated_at",
            *expected,
            "extra",
        ]
        assert await AuditEntry.exists(action="dataset.create", object_repr=f"{app.name}/things")
    finally:
        await datasets.drop_dataset(SYSTEM, app, "things")
    assert await table_columns(app.id, "things", db) == []
    assert not await Dataset.exists(app_id=app.id, name="things")


async def test_bad_definitions_create_nothing(db: str) -> None:
    app = await apps.create_app(SYSTEM, "data-bad")
    with pytest.raises(ValidationFailed) as info:
        await datasets.create_dataset(
            SYSTEM,
            app,
            "leads",
            columns=[
                {"name": "ok", "type": "text"},
                {"name": "Bad", "type": "text"},
                {"name": "ok", "type": "integer"},
                {"name": "n", "type": "money"},
            ],
        )
    assert [d["path"] for d in info.value.details] == [
        "columns.1.name",
        "columns.2.name",
        "columns.3.type",
    ]
    with pytest.raises(ValidationFailed):
        await datasets.create_dataset(SYSTEM, app, "Leads!")
    assert not await Dataset.exists(app_id=app.id)
    assert await table_columns(app.id, "leads", db) == []


async def test_names_are_unique_per_app_and_a_clash_leaves_no_table(db: str) -> None:
    first = await apps.create_app(SYSTEM, "data-one")
    second = await apps.create_app(SYSTEM, "data-two")
    await datasets.create_dataset(SYSTEM, first, "dnc", preset=DatasetPreset.KEY_VALUE)
    await datasets.create_dataset(SYSTEM, second, "dnc", preset=DatasetPreset.KEY_VALUE)
    try:
        with pytest.raises(Conflict):
            await datasets.create_dataset(SYSTEM, first, "dnc")
        assert await Dataset.filter(name="dnc").count() == 2
        physical = {ddl.physical_table(a.id, "dnc", db).sql(db) for a in (first, second)}
        assert len(physical) == 2, "each app has its own table"
    finally:
        for app in (first, second):
            await datasets.drop_dataset(SYSTEM, app, "dnc")


async def test_a_failing_table_rolls_the_dataset_back(db: str, monkeypatch: Any) -> None:
    app = await apps.create_app(SYSTEM, "data-rollback")

    def broken(*args: Any, **kwargs: Any) -> list[str]:
        return ["CREATE TABLE broken ("]  # invalid SQL: the database refuses it

    monkeypatch.setattr(ddl, "create_table", broken)
    with pytest.raises(Exception):  # noqa: B017 - whatever the driver raises
        await datasets.create_dataset(SYSTEM, app, "half")
    assert not await Dataset.exists(app_id=app.id, name="half")
    assert not await AuditEntry.exists(action="dataset.create")


async def test_deleting_an_app_drops_its_tables(db: str) -> None:
    app = await apps.create_app(SYSTEM, "data-doomed")
    await datasets.create_dataset(SYSTEM, app, "one", preset=DatasetPreset.KEY_VALUE)
    await datasets.create_dataset(SYSTEM, app, "two", preset=DatasetPreset.LEAD_SET)
    await apps.delete_app(SYSTEM, app.id)
    assert not await Dataset.exists(app_id=app.id)
    for name in ("one", "two"):
        assert await table_columns(app.id, name, db) == []
