"""The App: the namespace that owns pages, scripts, datasets, queries, templates and more."""

from tortoise import fields
from tortoise.models import Model


class App(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    # URL-safe handle used in /apps/<name>/... and in API paths next to the numeric id.
    name = fields.CharField(max_length=64, unique=True)
    title = fields.CharField(max_length=128, default="")
    description = fields.TextField(default="")
    #: IANA time zone in which the app's natural-language dates ("yesterday") resolve.
    timezone = fields.CharField(max_length=64, default="UTC")
    created_by = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "apps"

    def __str__(self) -> str:
        return self.name
