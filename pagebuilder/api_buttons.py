"""``/api/v1/apps/{app}/buttons``: Button Builder buttons, and pressing one. Registered on
:data:`pagebuilder.api.api` when imported."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pagebuilder import buttons
from pagebuilder.api import api
from pagebuilder.models import PAGE_NAME_PATTERN, Button, ButtonArea
from pagebuilder.views import viewer_of
from querybuilder.scope import customer_scope
from runtime.api.framework import Call
from runtime.api.paging import ListQuery, paginate
from runtime.api.paging import Page as ListPage
from runtime.auth.permissions import Permission
from runtime.services import apps

OPTIONAL_PAGE = r"^$|" + PAGE_NAME_PATTERN


class ButtonOut(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    label: str
    icon: str
    colour: str = Field(description="a CSS class: " + ", ".join(buttons.COLOURS))
    tooltip: str
    area: ButtonArea
    show_on: str = Field(description="page areas: the page whose toolbar shows the button")
    page: str = Field(description="the page opened on click, if any")
    script: str
    function: str = Field(description="the script's exported function ('' = main)")
    min_select: int
    max_select: int | None
    sort_order: int
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, button: Button) -> ButtonOut:
        return cls(
            id=button.id,
            uuid=button.uuid,
            app_id=button.app_id,  # type: ignore[attr-defined]
            label=button.label,
            icon=button.icon,
            colour=button.colour,
            tooltip=button.tooltip,
            area=button.area,
            show_on=button.show_on,
            page=button.page,
            script=button.script,
            function=button.function,
            min_select=button.min_select,
            max_select=button.max_select,
            sort_order=button.sort_order,
            created_by=button.created_by,
            created_at=button.created_at,
            updated_at=button.updated_at,
        )


class ButtonCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(min_length=1, max_length=64)
    icon: str = Field("", max_length=64)
    colour: str = Field("primary", max_length=16)
    tooltip: str = Field("", max_length=200)
    area: ButtonArea
    show_on: str = Field("", max_length=64, pattern=OPTIONAL_PAGE)
    page: str = Field("", max_length=64, pattern=OPTIONAL_PAGE)
    script: str = Field("", max_length=100)
    function: str = Field("", max_length=100)
    min_select: int = Field(0, ge=0, le=100_000)
    max_select: int | None = Field(None, ge=0, le=100_000)
    sort_order: int = Field(0, ge=-1_000_000, le=1_000_000)


class ButtonUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str | None = Field(None, min_length=1, max_length=64)
    icon: str | None = Field(None, max_length=64)
    colour: str | None = Field(None, max_length=16)
    tooltip: str | None = Field(None, max_length=200)
    area: ButtonArea | None = None
    show_on: str | None = Field(None, max_length=64, pattern=OPTIONAL_PAGE)
    page: str | None = Field(None, max_length=64, pattern=OPTIONAL_PAGE)
    script: str | None = Field(None, max_length=100)
    function: str | None = Field(None, max_length=100)
    min_select: int | None = Field(None, ge=0, le=100_000)
    max_select: int | None = Field(None, ge=0, le=100_000, description="null: no upper limit")
    sort_order: int | None = Field(None, ge=-1_000_000, le=1_000_000)


class PressIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rows: list[dict[str, Any]] = Field(
        default_factory=list, description="the selected rows, each an object"
    )


class PressOut(BaseModel):
    result: Any = Field(None, description="what the script's function returned")
    open: str | None = Field(
        None, description="the page to open, with the selected rows' ids as ?rows=1,2"
    )


@api.route(
    "GET",
    "/apps/{app}/buttons",
    name="buttons.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=ListPage[ButtonOut],
    tag="buttons",
    errors=(404,),
)
async def list_buttons(call: Call) -> ListPage[ButtonOut]:
    """The app's buttons, by sort order then label."""
    app = await apps.get_app(call.path["app"])
    return await paginate(
        Button.filter(app_id=app.id),
        call.query,
        sortable=("id", "label", "sort_order", "area", "updated_at"),
        default_sort=("sort_order", "label"),
        item=ButtonOut.of,
    )


@api.route(
    "POST",
    "/apps/{app}/buttons",
    name="buttons.create",
    permission=Permission.APPS_WRITE,
    body=ButtonCreate,
    response=ButtonOut,
    status=201,
    tag="buttons",
    errors=(404, 422),
)
async def create_button(call: Call) -> ButtonOut:
    """Create a button: its pages, script and function must exist in the app."""
    app = await apps.get_app(call.path["app"])
    button = await buttons.create_button(call.actor, app, call.body.model_dump())
    return ButtonOut.of(button)


@api.route(
    "GET",
    "/apps/{app}/buttons/{button}",
    name="buttons.get",
    permission=Permission.APPS_READ,
    response=ButtonOut,
    tag="buttons",
    errors=(404,),
)
async def get_button(call: Call) -> ButtonOut:
    """One button, by numeric id or uuid."""
    app = await apps.get_app(call.path["app"])
    return ButtonOut.of(await buttons.get_button(app, call.path["button"]))


@api.route(
    "PATCH",
    "/apps/{app}/buttons/{button}",
    name="buttons.update",
    permission=Permission.APPS_WRITE,
    body=ButtonUpdate,
    response=ButtonOut,
    tag="buttons",
    errors=(404, 422),
)
async def update_button(call: Call) -> ButtonOut:
    """Change a button (the whole button is checked again)."""
    app = await apps.get_app(call.path["app"])
    changes = call.body.model_dump(exclude_unset=True)
    # null clears max_select (no upper limit); other nulls mean "unchanged".
    changes = {k: v for k, v in changes.items() if v is not None or k == "max_select"}
    button = await buttons.update_button(call.actor, app, call.path["button"], changes)
    return ButtonOut.of(button)


@api.route(
    "DELETE",
    "/apps/{app}/buttons/{button}",
    name="buttons.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="buttons",
    errors=(404,),
)
async def delete_button(call: Call) -> None:
    """Delete a button."""
    app = await apps.get_app(call.path["app"])
    await buttons.delete_button(call.actor, app, call.path["button"])


@api.route(
    "POST",
    "/apps/{app}/buttons/{button}/press",
    name="buttons.press",
    permission=Permission.APPS_READ,
    body=PressIn,
    response=PressOut,
    tag="buttons",
    audience="any",
    errors=(403, 404, 422),
)
async def press_button(call: Call) -> PressOut:
    """Press a button with the selected rows: runs its function (the app's live code) and
    names the page to open. Portal users may press the portal buttons of apps offered to
    their customer."""
    app = await apps.get_app(call.path["app"])
    button = await buttons.get_button(app, call.path["button"])
    await buttons.check_presser(call.actor, app, button)
    # A portal user's press sees only their customer's rows of per-customer datasets.
    customer = None if call.actor.is_operator else call.actor.customer_id
    with customer_scope(customer):
        pressed = await buttons.press(
            call.request.app, app, button, call.body.rows, viewer_of(call.actor)
        )
    return PressOut(**pressed)
