"""``/api/v1/apps/{app}/pages``: app pages as documents; the document schema and catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pagebuilder import pages
from pagebuilder.models import PAGE_NAME_PATTERN, Page, PageAccess
from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, paginate
from runtime.api.paging import Page as ListPage
from runtime.auth.permissions import Permission
from runtime.services import apps

api = Api()


class PageOut(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    name: str
    title: str
    access: PageAccess
    roles: list[str]
    document: dict[str, Any]
    url: str = Field(description="where the page is served")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, page: Page, app_name: str) -> PageOut:
        return cls(
            id=page.id,
            uuid=page.uuid,
            app_id=page.app_id,  # type: ignore[attr-defined]
            name=page.name,
            title=page.title,
            access=page.access,
            roles=page.roles or [],
            document=page.document,
            url=f"/apps/{app_name}/{page.name}",
            created_at=page.created_at,
            updated_at=page.updated_at,
        )


class PageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64, pattern=PAGE_NAME_PATTERN)
    title: str = Field("", max_length=200)
    access: PageAccess = PageAccess.OPERATORS
    roles: list[str] = Field(default_factory=list, description="operator roles allowed")
    document: dict[str, Any] = Field(
        default_factory=dict, description="the page document (see /pages/schema)"
    )


class PageUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=64, pattern=PAGE_NAME_PATTERN)
    title: str | None = Field(None, max_length=200)
    access: PageAccess | None = None
    roles: list[str] | None = None
    document: dict[str, Any] | None = None


@api.route(
    "GET",
    "/apps/{app}/pages",
    name="pages.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=ListPage[PageOut],
    tag="pages",
    errors=(404,),
)
async def list_pages(call: Call) -> ListPage[PageOut]:
    """The app's pages."""
    app = await apps.get_app(call.path["app"])
    return await paginate(
        Page.filter(app_id=app.id),
        call.query,
        sortable=("id", "name", "updated_at"),
        default_sort=("name",),
        item=lambda p: PageOut.of(p, app.name),
    )


@api.route(
    "POST",
    "/apps/{app}/pages",
    name="pages.create",
    permission=Permission.APPS_WRITE,
    body=PageCreate,
    response=PageOut,
    status=201,
    tag="pages",
    errors=(404, 409),
)
async def create_page(call: Call) -> PageOut:
    """Create a page; its document is checked and every problem named by its JSON path."""
    b: PageCreate = call.body
    app = await apps.get_app(call.path["app"])
    page = await pages.create_page(
        call.actor,
        app,
        b.name,
        title=b.title,
        document=b.document,
        access=b.access,
        roles=b.roles,
    )
    return PageOut.of(page, app.name)


@api.route(
    "GET",
    "/apps/{app}/pages/{page}",
    name="pages.get",
    permission=Permission.APPS_READ,
    response=PageOut,
    tag="pages",
    errors=(404,),
)
async def get_page(call: Call) -> PageOut:
    """One page, by numeric id, uuid or name."""
    app = await apps.get_app(call.path["app"])
    return PageOut.of(await pages.get_page(app, call.path["page"]), app.name)


@api.route(
    "PATCH",
    "/apps/{app}/pages/{page}",
    name="pages.update",
    permission=Permission.APPS_WRITE,
    body=PageUpdate,
    response=PageOut,
    tag="pages",
    errors=(404, 409),
)
async def update_page(call: Call) -> PageOut:
    """Change a page (a new document replaces the old one, checked first)."""
    app = await apps.get_app(call.path["app"])
    changes = call.body.model_dump(exclude_unset=True)
    page = await pages.update_page(call.actor, app, call.path["page"], changes)
    return PageOut.of(page, app.name)


@api.route(
    "DELETE",
    "/apps/{app}/pages/{page}",
    name="pages.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="pages",
    errors=(404,),
)
async def delete_page(call: Call) -> None:
    """Delete a page."""
    app = await apps.get_app(call.path["app"])
    await pages.delete_page(call.actor, app, call.path["page"])


class Catalogue(BaseModel):
    document_schema: dict[str, Any] = Field(description="JSON Schema of a page document")
    components: list[dict[str, Any]] = Field(
        description="every component type: type, label, family, id prefix, events, container, "
        "field, and the JSON Schema of its attributes"
    )


@api.route(
    "GET",
    "/pages/schema",
    name="pages.schema",
    permission=Permission.APPS_READ,
    response=Catalogue,
    tag="pages",
)
async def page_schema(call: Call) -> Catalogue:
    """The page document's JSON Schema and the component catalogue (for editors)."""
    from pagebuilder.components import registry
    from pagebuilder.document import PageDocument

    return Catalogue(
        document_schema=PageDocument.model_json_schema(),
        components=[
            {
                "type": kind.type,
                "label": kind.label,
                "family": kind.family.value,
                "prefix": kind.id_prefix(),
                "events": list(kind.events),
                "container": kind.container,
                "field": kind.field,
                "attributes": kind.Attributes.model_json_schema(),
            }
            for kind in registry.all_types()
        ],
    )
