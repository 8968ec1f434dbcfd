"""Pages and templates of apps."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

PAGE_NAME_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"


class PageAccess(StrEnum):
    """Who may open a page."""

    PUBLIC = "public"  # anyone, signed in or not
    OPERATORS = "operators"  # signed-in operators (optionally only some roles)
    PORTAL = "portal"  # signed-in customer-portal users


class Page(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="pages", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=64)
    title = fields.CharField(max_length=200, default="")
    #: The page document (:class:`pagebuilder.document.PageDocument` as JSON).
    document: Any = fields.JSONField()
    access = fields.CharEnumField(PageAccess, max_length=16, default=PageAccess.OPERATORS)
    #: With ``operators`` access: the roles allowed (empty: every operator role).
    roles: Any = fields.JSONField(default=list)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "pages"
        unique_together = (("app", "name"),)

    def __str__(self) -> str:
        return self.name


class AppTemplate(Model):
    """An e-mail, SMS or HTML template of an app (Handlebars-style text)."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="templates", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    subject = fields.CharField(max_length=500, default="")
    html = fields.TextField(default="")
    sms = fields.TextField(default="")
    #: Sample variables for the preview.
    sample: Any = fields.JSONField(default=dict)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "app_templates"
        unique_together = (("app", "name"),)

    def __str__(self) -> str:
        return self.name


class ButtonArea(StrEnum):
    """Where a Button Builder button shows."""

    CP_NAV = "cp_nav"  # the control panel's side navigation
    CP_PAGE = "cp_page"  # the toolbar of one of the app's pages (control panel)
    CP_APP_ROW = "cp_app_row"  # the app's row in the apps list (Actions column)
    PORTAL_NAV = "portal_nav"  # the customer portal's side navigation
    PORTAL_PAGE = "portal_page"  # the toolbar of one of the app's pages (portal)


class Button(Model):
    """A Button Builder button: opens a page and/or runs a ScriptForge function, with the
    selected rows (within ``min_select``..``max_select``) passed along."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="buttons", on_delete=fields.CASCADE
    )
    label = fields.CharField(max_length=64)
    icon = fields.CharField(max_length=64, default="")
    #: primary, secondary, success, warning, danger, info.
    colour = fields.CharField(max_length=16, default="primary")
    tooltip = fields.CharField(max_length=200, default="")
    area = fields.CharEnumField(ButtonArea, max_length=16)
    #: For the page areas: the page whose toolbar shows the button.
    show_on = fields.CharField(max_length=64, default="")
    #: The page opened on click (by name), if any.
    page = fields.CharField(max_length=64, default="")
    #: The script (by name) and its exported function run on click, if any.
    script = fields.CharField(max_length=100, default="")
    function = fields.CharField(max_length=100, default="")
    min_select = fields.IntField(default=0)
    max_select = fields.IntField(null=True)
    sort_order = fields.IntField(default=0)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "buttons"

    def __str__(self) -> str:
        return self.label
