"""Creating and dropping datasets: the description row and the real table, together.

Both databases run DDL inside transactions, so a dataset and its table appear (or vanish)
as one change: if the table cannot be made, no dataset row remains, and the reverse.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from typing import Any

from tortoise.transactions import in_transaction

from querybuilder import ddl
from querybuilder.columns import Column
from querybuilder.models import DATASET_NAME_PATTERN, Dataset, DatasetPreset
from runtime import db as database
from runtime.auth.principal import Principal
from runtime.errors import NotFound, ValidationFailed
from runtime.models import App
from runtime.services import audit
from runtime.services.common import unique

DATASET_NAME = re.compile(DATASET_NAME_PATTERN)
MAX_COLUMNS = 200

PRESETS: dict[DatasetPreset, list[dict[str, Any]]] = {
    DatasetPreset.CUSTOM: [],
    DatasetPreset.KEY_VALUE: [
        {"name": "key", "type": "string", "nullable": False, "unique": True},
        {"name": "value", "type": "text"},
    ],
    DatasetPreset.LEAD_SET: [
        {"name": "first_name", "type": "string"},
        {"name": "last_name", "type": "string"},
        {"name": "phone", "type": "string", "indexed": True},
        {"name": "phone_alt", "type": "string"},
        {"name": "email", "type": "string"},
        {"name": "company", "type": "string"},
        {"name": "address", "type": "text"},
        {"name": "status", "type": "string", "default": "new", "indexed": True},
        {"name": "notes", "type": "text"},
        {"name": "custom", "type": "json"},
    ],
}


def parse_columns(specs: Sequence[dict[str, Any]], path: str = "columns") -> list[Column]:
    """Every column checked, each error naming ``columns.N.field``."""
    if len(specs) > MAX_COLUMNS:
        raise ValidationFailed.field(path, f"at most {MAX_COLUMNS} columns")
    columns: list[Column] = []
    problems: list[dict[str, str]] = []
    for index, spec in enumerate(specs):
        try:
            column = Column.parse(spec, f"{path}.{index}")
        except ValidationFailed as exc:
            problems.extend(exc.details or [])
            continue
        if any(c.name == column.name for c in columns):
            problems.append(
                {"path": f"{path}.{index}.name", "message": f"'{column.name}' is used twice"}
            )
            continue
        columns.append(column)
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    return columns


async def create_dataset(
    actor: Principal,
    app: App,
    name: str,
    *,
    preset: DatasetPreset = DatasetPreset.CUSTOM,
    columns: Sequence[dict[str, Any]] = (),
    customer_id: int | None = None,
    description: str = "",
    per_customer: bool = False,
) -> Dataset:
    if not DATASET_NAME.match(name):
        raise ValidationFailed.field(
            "name", "lowercase letters, digits and _, starting with a letter, at most 63 characters"
        )
    parsed = parse_columns([*PRESETS[preset], *columns])
    dialect = database.dialect_of_connection()
    async with (
        unique("name", f"The app already has a dataset named {name!r}"),
        in_transaction() as conn,
    ):
        dataset = await Dataset.create(
            uuid=uuid.uuid4(),
            app=app,
            name=name,
            preset=preset,
            customer_id=customer_id,
            description=description,
            per_customer=per_customer,
            columns=[c.to_json() for c in parsed],
            created_by=actor.name[:128],
            using_db=conn,
        )
        for statement in ddl.create_table(app.id, name, parsed, dialect, per_customer=per_customer):
            await conn.execute_query(statement)
        await audit.record(
            actor,
            "dataset.create",
            "dataset",
            dataset.id,
            f"{app.name}/{name}",
            after=snapshot(dataset),
            using_db=conn,
        )
    return dataset


async def get_dataset(app: App, name: str) -> Dataset:
    dataset = await Dataset.get_or_none(app_id=app.id, name=name)
    if dataset is None:
        raise NotFound(f"No dataset {name!r} in app {app.name!r}")
    return dataset


async def drop_dataset(actor: Principal, app: App, name: str) -> None:
    dataset = await get_dataset(app, name)
    dialect = database.dialect_of_connection()
    async with in_transaction() as conn:
        before = snapshot(dataset)
        await dataset.delete(using_db=conn)
        await conn.execute_query(ddl.drop_table(app.id, name, dialect))
        await audit.record(
            actor,
            "dataset.delete",
            "dataset",
            before["id"],
            f"{app.name}/{name}",
            before=before,
            using_db=conn,
        )


async def drop_app_tables(app: App, conn: Any) -> None:
    """Before an app goes: drop every dataset table of it (the rows cascade on their own)."""
    dialect = database.dialect_of_connection()
    names = await Dataset.filter(app_id=app.id).using_db(conn).values_list("name", flat=True)
    for name in names:
        await conn.execute_query(ddl.drop_table(app.id, str(name), dialect))
    if dialect == "postgres":
        await conn.execute_query(f'DROP SCHEMA IF EXISTS "{ddl.schema_name(app.id)}" CASCADE')


def columns_of(dataset: Dataset) -> list[Column]:
    return [Column.parse(spec) for spec in dataset.columns]


def snapshot(dataset: Dataset) -> dict[str, Any]:
    return {
        "id": dataset.id,
        "name": dataset.name,
        "preset": dataset.preset,
        "customer_id": dataset.customer_id,  # type: ignore[attr-defined]
        "per_customer": dataset.per_customer,
        "columns": dataset.columns,
    }
