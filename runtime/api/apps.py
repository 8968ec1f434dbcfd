"""``/api/v1/apps``: the app namespaces (by numeric id, uuid or name)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.models import App, AppAssignment, AppVersion
from runtime.services import apps

api = Api()


class AppOut(BaseModel):
    id: int
    uuid: UUID
    name: str
    title: str
    description: str
    timezone: str = Field(description="IANA time zone; date parameters resolve in it")
    domain: str | None = Field(description="host name serving the app's pages, if bound")
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
            domain=app.domain,
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
    domain: str | None = Field(
        None, max_length=253, description="bind a host name ('' or null unbinds)"
    )


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


class VersionOut(BaseModel):
    version: str
    note: str
    live: bool = Field(description="whether pages and scripts run this version now")
    published_by: str
    published_at: datetime
    size: int = Field(description="bytes of the bundle")


class VersionList(BaseModel):
    items: list[VersionOut] = Field(description="newest first")


class PublishIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: str = Field(min_length=5, max_length=64, description="semantic version, 1.0.0")
    note: str = Field("", max_length=10_000, description="the release note")


def _version_out(version: AppVersion, app: App) -> VersionOut:
    return VersionOut(
        version=version.version,
        note=version.note,
        live=version.id == app.live_version_id,
        published_by=version.published_by,
        published_at=version.published_at,
        size=len(version.bundle),
    )


@api.route(
    "GET",
    "/apps/{app}/versions",
    name="versions.list",
    permission=Permission.APPS_READ,
    response=VersionList,
    tag="apps",
    errors=(404,),
)
async def list_versions(call: Call) -> VersionList:
    """The app's published versions, newest first, and which one is live."""
    from runtime.versions import semver_key

    app = await apps.get_app(call.path["app"])
    found = await AppVersion.filter(app_id=app.id)
    found.sort(key=lambda v: semver_key(v.version), reverse=True)
    return VersionList(items=[_version_out(v, app) for v in found])


@api.route(
    "POST",
    "/apps/{app}/versions",
    name="versions.publish",
    permission=Permission.APPS_WRITE,
    body=PublishIn,
    response=VersionOut,
    status=201,
    tag="apps",
    errors=(404, 409),
)
async def publish_version(call: Call) -> VersionOut:
    """Publish the draft as a new version (greater than every earlier one); it goes live."""
    from runtime.versions import publish

    b: PublishIn = call.body
    app = await apps.get_app(call.path["app"])
    return _version_out(await publish(call.actor, app, b.version, b.note), app)


@api.route(
    "POST",
    "/apps/{app}/versions/{version}/live",
    name="versions.make_live",
    permission=Permission.APPS_WRITE,
    response=VersionOut,
    tag="apps",
    errors=(404,),
)
async def make_version_live(call: Call) -> VersionOut:
    """Serve this version again: roll back (or forward)."""
    from runtime.versions import make_live

    app = await apps.get_app(call.path["app"])
    return _version_out(await make_live(call.actor, app, call.path["version"]), app)


@api.route(
    "GET",
    "/apps/{app}/versions/{version}/bundle",
    name="versions.bundle",
    permission=Permission.APPS_READ,
    tag="apps",
    errors=(404,),
)
async def version_bundle(call: Call) -> Any:
    """The version's bundle, as a zip download (`trunkline app import` reads it)."""
    from starlette.responses import Response

    from runtime.versions import get_version

    app = await apps.get_app(call.path["app"])
    version = await get_version(app, call.path["version"])
    filename = f"{app.name}-{version.version}.zip"
    return Response(
        bytes(version.bundle),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


class AssignmentOut(BaseModel):
    id: int
    customer_id: int | None = Field(description="null: every customer")
    created_at: datetime


class AssignmentList(BaseModel):
    items: list[AssignmentOut]


class AssignIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    customer_id: int | None = Field(None, description="a customer, or null for all customers")


def _assignment_out(found: AppAssignment) -> AssignmentOut:
    return AssignmentOut(
        id=found.id,
        customer_id=found.customer_id,  # type: ignore[attr-defined]
        created_at=found.created_at,
    )


@api.route(
    "GET",
    "/apps/{app}/assignments",
    name="assignments.list",
    permission=Permission.APPS_READ,
    response=AssignmentList,
    tag="apps",
    errors=(404,),
)
async def list_assignments(call: Call) -> AssignmentList:
    """Which customers' portals offer the app."""
    app = await apps.get_app(call.path["app"])
    found = await AppAssignment.filter(app_id=app.id).order_by("id")
    return AssignmentList(items=[_assignment_out(a) for a in found])


@api.route(
    "POST",
    "/apps/{app}/assignments",
    name="assignments.create",
    permission=Permission.APPS_WRITE,
    body=AssignIn,
    response=AssignmentOut,
    status=201,
    tag="apps",
    errors=(404, 409),
)
async def create_assignment(call: Call) -> AssignmentOut:
    """Offer the app (its portal pages) to one customer's portal users, or to all."""
    app = await apps.get_app(call.path["app"])
    return _assignment_out(await apps.assign(call.actor, app, call.body.customer_id))


@api.route(
    "DELETE",
    "/apps/{app}/assignments/{assignment_id}",
    name="assignments.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="apps",
    errors=(404,),
)
async def delete_assignment(call: Call) -> None:
    """Withdraw the app from a portal."""
    app = await apps.get_app(call.path["app"])
    await apps.unassign(call.actor, app, int(call.path["assignment_id"]))
