"""``/api/v1/apps/{app}/pages``: app pages as documents; the document schema and catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

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
        "field, options (whether it takes options) and the JSON Schema of its attributes"
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
    from pagebuilder.components.common import ChoiceField
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
                "options": isinstance(kind, ChoiceField),
                "attributes": kind.Attributes.model_json_schema(),
            }
            for kind in registry.all_types()
        ],
    )


class DataSourceTest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: dict[str, Any] = Field(description="a data source definition (see /pages/schema)")
    args: dict[str, Any] = Field(
        default_factory=dict, description="what the page would send: vars, params, limit..."
    )


class DataSourceTestOut(BaseModel):
    data: Any = Field(description="what the data source returned")


#: Database operations a request test may run: it must not change rows.
TEST_OPERATIONS = ("list", "read")


@api.route(
    "POST",
    "/apps/{app}/pages/{page}/datasource-test",
    name="pages.datasource_test",
    permission=Permission.APPS_WRITE,
    body=DataSourceTest,
    response=DataSourceTestOut,
    tag="pages",
    errors=(400, 403, 404),
)
async def datasource_test(call: Call) -> DataSourceTestOut:
    """The editor's "Request test": run a data source definition (not yet saved) as the
    page's draft would, and return what it gives. Database sources may only list or read."""
    from pagebuilder.datasources import run_source
    from pagebuilder.document import PageDocument, check
    from runtime.errors import ValidationFailed

    b: DataSourceTest = call.body
    app = await apps.get_app(call.path["app"])
    page = await pages.get_page(app, call.path["page"])
    try:
        document = PageDocument.model_validate({"name": page.name, "data_sources": [b.source]})
    except ValidationError as exc:
        problems = [
            {"path": ".".join(str(p) for p in ("source", *e["loc"][2:])), "message": e["msg"]}
            for e in exc.errors()
        ]
        first = f"{problems[0]['path']}: {problems[0]['message']}"
        raise ValidationFailed(first, problems) from None
    problems = [
        {"path": p["path"].replace("data_sources.0", "source", 1), "message": p["message"]}
        for p in check(document)
    ]
    if problems:
        raise ValidationFailed(f"{problems[0]['path']}: {problems[0]['message']}", problems)
    source = document.data_sources[0]
    if source.type == "database" and source.operation not in TEST_OPERATIONS:
        raise ValidationFailed.field(
            "source.operation", "a request test only lists or reads rows; it changes nothing"
        )
    data = await run_source(
        call.request.app,
        app,
        document,
        source.name,
        b.args,
        f"{call.actor.type.value}:{call.actor.id}",
        draft=True,
    )
    return DataSourceTestOut(data=data)


class DocumentCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")
    document: dict[str, Any] = Field(description="a page document (see /pages/schema)")


class DocumentChecked(BaseModel):
    document: dict[str, Any] = Field(description="the document as it would be saved")


@api.route(
    "POST",
    "/pages/validate",
    name="pages.validate",
    permission=Permission.APPS_READ,
    body=DocumentCheck,
    response=DocumentChecked,
    tag="pages",
)
async def validate_document(call: Call) -> DocumentChecked:
    """Check a page document without saving it (the editor's JSON view): the document with
    its defaults filled in, or 422 naming every problem by its JSON path."""
    from pagebuilder.document import parse_document

    checked = parse_document(call.body.document)
    return DocumentChecked(document=checked.model_dump(mode="json", by_alias=True))
