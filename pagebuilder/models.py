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
