"""``/api/v1/apps/{app}/datasets/{name}/columns``: the schema editor's endpoints."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from querybuilder import schema
from querybuilder.api import DatasetOut, api
from runtime.api.framework import Call
from runtime.auth.permissions import Permission
from runtime.services import apps


class ColumnIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=63)
    type: str = Field(
        description="string, text, integer, bigint, decimal(p,s), float, boolean, date, "
        "datetime or json"
    )
    nullable: bool = True
    default: Any = None
    unique: bool = False
    indexed: bool = False


class ColumnChange(BaseModel):
    """Only the fields given change. A new type or nullable rebuilds the table, refused
    (with the rows named) when a value would not survive the conversion."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=63, description="rename")
    type: str | None = None
    nullable: bool | None = None
    default: Any = None
    unique: bool | None = None
    indexed: bool | None = None


@api.route(
    "POST",
    "/apps/{app}/datasets/{name}/columns",
    name="columns.add",
    permission=Permission.APPS_WRITE,
    body=ColumnIn,
    response=DatasetOut,
    status=201,
    tag="datasets",
    errors=(404,),
)
async def add_column(call: Call) -> DatasetOut:
    """Add a column (a required one needs a default when the dataset has rows)."""
    app = await apps.get_app(call.path["app"])
    spec = call.body.model_dump()
    return DatasetOut.of(await schema.add_column(call.actor, app, call.path["name"], spec))


@api.route(
    "PATCH",
    "/apps/{app}/datasets/{name}/columns/{column}",
    name="columns.change",
    permission=Permission.APPS_WRITE,
    body=ColumnChange,
    response=DatasetOut,
    tag="datasets",
    errors=(404,),
)
async def change_column(call: Call) -> DatasetOut:
    """Rename, retype, or change nullable/default/unique/indexed; data is kept or the
    change is refused with the reason."""
    app = await apps.get_app(call.path["app"])
    changes = call.body.model_dump(exclude_unset=True)
    dataset = await schema.change_column(
        call.actor, app, call.path["name"], call.path["column"], changes
    )
    return DatasetOut.of(dataset)


@api.route(
    "DELETE",
    "/apps/{app}/datasets/{name}/columns/{column}",
    name="columns.drop",
    permission=Permission.APPS_WRITE,
    response=DatasetOut,
    tag="datasets",
    errors=(404,),
)
async def drop_column(call: Call) -> DatasetOut:
    """Drop a column and its values."""
    app = await apps.get_app(call.path["app"])
    dataset = await schema.drop_column(call.actor, app, call.path["name"], call.path["column"])
    return DatasetOut.of(dataset)
