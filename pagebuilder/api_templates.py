"""``/api/v1/apps/{app}/templates``: app templates (Handlebars subject, HTML and SMS) and
their previews. Registered on :data:`pagebuilder.api.api` when imported."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from pagebuilder import app_templates
from pagebuilder.api import api
from pagebuilder.app_templates import TEMPLATE_NAME_PATTERN
from pagebuilder.models import AppTemplate
from runtime.api.framework import Call
from runtime.api.paging import ListQuery, paginate
from runtime.api.paging import Page as ListPage
from runtime.auth.permissions import Permission
from runtime.services import apps


class TemplateOut(BaseModel):
    id: int
    uuid: UUID
    app_id: int
    name: str
    subject: str
    html: str
    sms: str
    sample: dict[str, Any] = Field(description="sample variables for previews")
    created_by: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, template: AppTemplate) -> TemplateOut:
        return cls(
            id=template.id,
            uuid=template.uuid,
            app_id=template.app_id,  # type: ignore[attr-defined]
            name=template.name,
            subject=template.subject,
            html=template.html,
            sms=template.sms,
            sample=template.sample or {},
            created_by=template.created_by,
            created_at=template.created_at,
            updated_at=template.updated_at,
        )


class TemplateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, pattern=TEMPLATE_NAME_PATTERN)
    subject: str = Field("", max_length=500, description="Handlebars; plain text")
    html: str = Field("", description="Handlebars; values HTML-escaped")
    sms: str = Field("", description="Handlebars; plain text")
    sample: dict[str, Any] = Field(default_factory=dict, description="variables for previews")


class TemplateUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str | None = Field(None, min_length=1, max_length=100, pattern=TEMPLATE_NAME_PATTERN)
    subject: str | None = Field(None, max_length=500)
    html: str | None = None
    sms: str | None = None
    sample: dict[str, Any] | None = None


class PreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    vars: dict[str, Any] | None = Field(None, description="variables (default: the sample)")


class DraftPreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    subject: str = ""
    html: str = ""
    sms: str = ""
    vars: dict[str, Any] = Field(default_factory=dict)


class Rendered(BaseModel):
    subject: str = Field(description="plain text")
    html: str = Field(description="HTML, values escaped")
    sms: str = Field(description="plain text")


@api.route(
    "GET",
    "/apps/{app}/templates",
    name="templates.list",
    permission=Permission.APPS_READ,
    query=ListQuery,
    response=ListPage[TemplateOut],
    tag="templates",
    errors=(404,),
)
async def list_templates(call: Call) -> ListPage[TemplateOut]:
    """The app's templates."""
    app = await apps.get_app(call.path["app"])
    return await paginate(
        AppTemplate.filter(app_id=app.id),
        call.query,
        sortable=("id", "name", "updated_at"),
        default_sort=("name",),
        item=TemplateOut.of,
    )


@api.route(
    "POST",
    "/apps/{app}/templates",
    name="templates.create",
    permission=Permission.APPS_WRITE,
    body=TemplateCreate,
    response=TemplateOut,
    status=201,
    tag="templates",
    errors=(404, 409),
)
async def create_template(call: Call) -> TemplateOut:
    """Create a template; a syntax error is refused naming the field, line and column."""
    b: TemplateCreate = call.body
    app = await apps.get_app(call.path["app"])
    template = await app_templates.create_template(
        call.actor, app, b.name, subject=b.subject, html=b.html, sms=b.sms, sample=b.sample
    )
    return TemplateOut.of(template)


@api.route(
    "POST",
    "/apps/{app}/templates/preview",
    name="templates.preview_draft",
    permission=Permission.APPS_READ,
    body=DraftPreviewIn,
    response=Rendered,
    tag="templates",
    errors=(404,),
)
async def preview_draft(call: Call) -> Rendered:
    """Render unsaved texts with the given variables (the editor's live preview)."""
    b: DraftPreviewIn = call.body
    app = await apps.get_app(call.path["app"])
    data = await app_templates.template_data(app, b.vars)
    texts = {"subject": b.subject, "html": b.html, "sms": b.sms}
    return Rendered(**app_templates.render_texts(texts, data))


@api.route(
    "GET",
    "/apps/{app}/templates/{template}",
    name="templates.get",
    permission=Permission.APPS_READ,
    response=TemplateOut,
    tag="templates",
    errors=(404,),
)
async def get_template(call: Call) -> TemplateOut:
    """One template, by numeric id, uuid or name."""
    app = await apps.get_app(call.path["app"])
    return TemplateOut.of(await app_templates.get_template(app, call.path["template"]))


@api.route(
    "PATCH",
    "/apps/{app}/templates/{template}",
    name="templates.update",
    permission=Permission.APPS_WRITE,
    body=TemplateUpdate,
    response=TemplateOut,
    tag="templates",
    errors=(404, 409),
)
async def update_template(call: Call) -> TemplateOut:
    """Change a template (each new text is checked first)."""
    app = await apps.get_app(call.path["app"])
    changes = call.body.model_dump(exclude_unset=True)
    template = await app_templates.update_template(call.actor, app, call.path["template"], changes)
    return TemplateOut.of(template)


@api.route(
    "DELETE",
    "/apps/{app}/templates/{template}",
    name="templates.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="templates",
    errors=(404,),
)
async def delete_template(call: Call) -> None:
    """Delete a template."""
    app = await apps.get_app(call.path["app"])
    await app_templates.delete_template(call.actor, app, call.path["template"])


@api.route(
    "POST",
    "/apps/{app}/templates/{template}/preview",
    name="templates.preview",
    permission=Permission.APPS_READ,
    body=PreviewIn,
    response=Rendered,
    tag="templates",
    errors=(404,),
)
async def preview_template(call: Call) -> Rendered:
    """Render a saved template with the given variables, or its sample ones."""
    b: PreviewIn = call.body
    app = await apps.get_app(call.path["app"])
    template = await app_templates.get_template(app, call.path["template"])
    variables = b.vars if b.vars is not None else (template.sample or {})
    return Rendered(**await app_templates.render(app, template, variables))
