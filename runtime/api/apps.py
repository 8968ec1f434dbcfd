"""``/api/v1/apps``: the app namespaces (by numeric id, uuid or name)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.models import App
from runtime.services import apps

api = Api()


class AppOut(BaseModel):
    id: int
    uuid: UUID
    name: str
    title: str
    description: str
    timezone: str = Field(description="IANA time zone; date parameters resolve in it")
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, app: App) -> AppOut:
        return cls(
            id=app.id,
            uuid=app.uuid,
            name=app.name,
            title=app.title,
            description=app.description,
            timezone=app.timezone,
            created_by=app.created_by,
            created_at=app.created_at,
            updated_at=app.updated_at,
        )


class AppCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9_-]+$")
    title: str = Field("", max_length=128)
    description: str = Field("", max_length=10_000)
    timezone: str = Field("UTC", max_length=64, description="IANA time zone, e.g. Europe/London")


class AppUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9_-]+$")
    title: str | None = Field(None, max_length=128)
    description: str | None = Field(None, max_length=10_000)
    timezone: str | None = Field(None, max_length=64, description="IANA time zone")


class AppListQuery(ListQuery):
    q: str | None = Field(None, max_length=64, description="part of the name or title")


@api.route(
    "GET",
    "/apps",
    name="apps.list",
    permission=Permission.APPS_READ,
    query=AppListQuery,
    response=Page[AppOut],
    tag="apps",
)
async def list_apps(call: Call) -> Page[AppOut]:
    """List apps."""
    q: AppListQuery = call.query
    qs = App.all()
    if q.q:
        from tortoise.expressions import Q

        qs = qs.filter(Q(name__icontains=q.q) | Q(title__icontains=q.q))
    return await paginate(
        qs,
        q,
        sortable=("id", "name", "title", "created_at", "updated_at"),
        default_sort=("name",),
        item=AppOut.of,
    )


@api.route(
    "POST",
    "/apps",
    name="apps.create",
    permission=Permission.APPS_WRITE,
    body=AppCreate,
    response=AppOut,
    status=201,
    tag="apps",
    errors=(409,),
)
async def create_app(call: Call) -> AppOut:
    """Create an app."""
    b: AppCreate = call.body
    return AppOut.of(await apps.create_app(call.actor, b.name, b.title, b.description, b.timezone))


@api.route(
    "GET",
    "/apps/{app}",
    name="apps.get",
    permission=Permission.APPS_READ,
    response=AppOut,
    tag="apps",
    errors=(404,),
)
async def get_app(call: Call) -> AppOut:
    """One app, by numeric id, uuid or name."""
    return AppOut.of(await apps.get_app(call.path["app"]))


@api.route(
    "PATCH",
    "/apps/{app}",
    name="apps.update",
    permission=Permission.APPS_WRITE,
    body=AppUpdate,
    response=AppOut,
    tag="apps",
    errors=(404, 409),
)
async def update_app(call: Call) -> AppOut:
    """Rename or describe an app."""
    changes = call.body.model_dump(exclude_unset=True)
    return AppOut.of(await apps.update_app(call.actor, call.path["app"], changes))


@api.route(
    "DELETE",
    "/apps/{app}",
    name="apps.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="apps",
    errors=(404,),
)
async def delete_app(call: Call) -> None:
    """Delete an app."""
    await apps.delete_app(call.actor, call.path["app"])
