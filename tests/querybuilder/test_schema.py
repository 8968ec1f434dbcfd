"""Changing a dataset's columns keeps its data, or refuses and changes nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from querybuilder import datasets, rows, schema
from querybuilder.models import Dataset
from runtime.auth.principal import SYSTEM
from runtime.errors import ValidationFailed
from runtime.models import AuditEntry, Role
from runtime.services import apps


@pytest.fixture
async def crm(db: str) -> Any:
    return await apps.create_app(SYSTEM, "crm")


async def _dataset(crm: Any, columns: list[dict[str, Any]], values: list[dict[str, Any]]) -> Any:
    dataset = await datasets.create_dataset(SYSTEM, crm, "t", columns=columns)
    for value in values:
        await rows.insert_row(dataset, value)
    return dataset


async def _values(column: str) -> list[Any]:
    page = await rows.list_rows(await Dataset.get(name="t"), limit=100)
    return [r[column] for r in page.rows]


async def test_add_and_drop_columns(crm: Any) -> None:
    await _dataset(crm, [{"name": "a", "type": "string"}], [{"a": "x"}, {"a": "y"}])
    await schema.add_column(SYSTEM, crm, "t", {"name": "note", "type": "text"})
    assert await _values("note") == [None, None]
    with pytest.raises(ValidationFailed) as refused:
        await schema.add_column(
            SYSTEM, crm, "t", {"name": "n", "type": "integer", "nullable": False}
        )
    assert refused.value.details == [
        {"path": "default", "message": refused.value.details[0]["message"]}
    ]
    await schema.add_column(
        SYSTEM, crm, "t", {"name": "n", "type": "integer", "nullable": False, "default": 7}
    )
    assert await _values("n") == [7, 7]
    dataset = await schema.drop_column(SYSTEM, crm, "t", "note")
    assert [c["name"] for c in dataset.columns] == ["a", "n"]
    assert "note" not in (await rows.get_row(dataset, 1))
    with pytest.raises(ValidationFailed):
        await schema.drop_column(SYSTEM, crm, "t", "nope")
    assert await AuditEntry.filter(action__startswith="dataset.column").count() == 3


async def test_required_column_on_an_empty_table(crm: Any) -> None:
    await _dataset(crm, [], [])
    dataset = await schema.add_column(
        SYSTEM, crm, "t", {"name": "code", "type": "string", "nullable": False}
    )
    with pytest.raises(ValidationFailed, match="required"):
        await rows.insert_row(dataset, {})
    assert (await rows.insert_row(dataset, {"code": "A1"}))["code"] == "A1"


async def test_rename_keeps_data_and_index(crm: Any) -> None:
    dataset = await _dataset(
        crm, [{"name": "phone", "type": "string", "unique": True}], [{"phone": "441"}]
    )
    dataset = await schema.change_column(SYSTEM, crm, "t", "phone", {"name": "msisdn"})
    assert await _values("msisdn") == ["441"]
    from runtime.errors import Conflict

    with pytest.raises(Conflict):  # the unique index came along
        await rows.insert_row(dataset, {"msisdn": "441"})


@pytest.mark.parametrize(
    ("column", "values", "change", "expected"),
    [
        ({"type": "integer"}, [1, 2], {"type": "string"}, ["1", "2"]),
        ({"type": "string"}, ["12", "-3"], {"type": "integer"}, [12, -3]),
        ({"type": "integer"}, [5, None], {"type": "decimal(8,2)"}, ["5.00", None]),
        ({"type": "decimal(8,2)"}, ["2.00", "3"], {"type": "bigint"}, [2, 3]),
        ({"type": "datetime"}, ["2024-11-30T00:00:00Z"], {"type": "date"}, ["2024-11-30"]),
        ({"type": "date"}, ["2024-11-30"], {"type": "datetime"}, ["2024-11-30T00:00:00+00:00"]),
        ({"type": "boolean"}, [True, False], {"type": "integer"}, [1, 0]),
        ({"type": "text"}, ['{"a": 1}'], {"type": "json"}, [{"a": 1}]),
        ({"type": "string"}, [None, "x"], {"nullable": False, "default": "none"}, ["none", "x"]),
    ],
)
async def test_type_changes_that_keep_every_value(
    crm: Any, column: dict[str, Any], values: list[Any], change: dict[str, Any], expected: list[Any]
) -> None:
    dataset = await _dataset(
        crm,
        [{"name": "v", **column}, {"name": "other", "type": "string", "indexed": True}],
        [{"v": v, "other": f"o{n}"} for n, v in enumerate(values)],
    )
    await rows.delete_row(dataset, 1)  # a gap in the ids survives the rebuild
    await rows.insert_row(dataset, {"v": values[0], "other": "again"})
    dataset = await schema.change_column(SYSTEM, crm, "t", "v", change)
    items = (await rows.list_rows(dataset, limit=100)).rows
    assert [r["id"] for r in items] == [*range(2, len(values) + 1), len(values) + 1]
    assert [r["v"] for r in items][:-1] == expected[1:]
    assert items[0]["other"] == ("o1" if len(values) > 1 else "again")
    fresh = await rows.insert_row(dataset, {"v": items[0]["v"], "other": "new"})
    assert fresh["id"] == len(values) + 2, "ids go on after the highest kept"


@pytest.mark.parametrize(
    ("column", "values", "change", "reason"),
    [
        ({"type": "decimal(8,2)"}, ["1.50"], {"type": "integer"}, "whole number"),
        ({"type": "string"}, ["abc"], {"type": "integer"}, "not a valid integer"),
        ({"type": "datetime"}, ["2024-11-30T08:15:00Z"], {"type": "date"}, "would become"),
        ({"type": "text"}, ["x" * 300], {"type": "string"}, "longer than"),
        ({"type": "float"}, [0.125], {"type": "decimal(4,2)"}, "would lose data"),
        ({"type": "string"}, [None], {"nullable": False}, "would be required"),
    ],
)
async def test_lossy_changes_are_refused_and_change_nothing(
    crm: Any, column: dict[str, Any], values: list[Any], change: dict[str, Any], reason: str
) -> None:
    dataset = await _dataset(crm, [{"name": "v", **column}], [{"v": v} for v in values])
    before = (await rows.get_row(dataset, 1))["v"]
    with pytest.raises(ValidationFailed) as refused:
        await schema.change_column(SYSTEM, crm, "t", "v", change)
    assert reason in refused.value.message
    assert refused.value.details[0]["path"] == "rows.1"
    dataset = await Dataset.get(id=dataset.id)
    assert dataset.columns[0]["type"] == column["type"]
    assert (await rows.get_row(dataset, 1))["v"] == before


async def test_unique_over_duplicates_is_refused(crm: Any) -> None:
    await _dataset(crm, [{"name": "v", "type": "string"}], [{"v": "a"}, {"v": "a"}])
    with pytest.raises(ValidationFailed, match="cannot be unique"):
        await schema.change_column(SYSTEM, crm, "t", "v", {"unique": True})
    dataset = await schema.change_column(SYSTEM, crm, "t", "v", {"indexed": True})
    assert dataset.columns[0]["indexed"] is True


async def test_schema_over_http(client: httpx.AsyncClient, auth_headers: Any, crm: Any) -> None:
    headers = await auth_headers(Role.DEVELOPER)
    await _dataset(crm, [{"name": "price", "type": "decimal(8,2)"}], [{"price": "1.25"}])
    base = "/api/v1/apps/crm/datasets/t/columns"
    added = await client.post(base, headers=headers, json={"name": "qty", "type": "integer"})
    assert added.status_code == 201, added.text
    assert [c["name"] for c in added.json()["columns"]] == ["price", "qty"]
    bad_type = await client.post(base, headers=headers, json={"name": "x", "type": "money"})
    assert bad_type.status_code == 422
    lossy = await client.patch(f"{base}/price", headers=headers, json={"type": "integer"})
    assert lossy.status_code == 422
    assert lossy.json()["error"]["details"][0]["path"] == "rows.1"
    widened = await client.patch(f"{base}/price", headers=headers, json={"type": "decimal(12,4)"})
    assert widened.status_code == 200, widened.text
    row = (await client.get("/api/v1/apps/crm/datasets/t/rows", headers=headers)).json()
    assert row["items"][0]["price"] == "1.2500"
    dropped = await client.delete(f"{base}/qty", headers=headers)
    assert [c["name"] for c in dropped.json()["columns"]] == ["price"]
    readonly = await auth_headers(Role.READONLY)
    assert (await client.delete(f"{base}/price", headers=readonly)).status_code == 403
