"""The App: the namespace that owns pages, scripts, datasets, queries, templates and more,
and its published versions."""

from __future__ import annotations

from typing import Any

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
    #: The id of the version pages, scripts and jobs run; none: they run the draft. (Not a
    #: foreign key: versions point at their app already, and the ORM refuses cycles.)
    live_version_id = fields.IntField(null=True)
    #: A host name bound to the app: requests for it serve the app's pages (``/`` is its
    #: ``index``) and its ScriptForge functions, and nothing else of the platform.
    domain = fields.CharField(max_length=253, null=True, unique=True)
    #: Installed from the App Store: the listing's name and the version installed.
    installed_from = fields.CharField(max_length=64, null=True)
    installed_version = fields.CharField(max_length=64, null=True)
    created_by = fields.CharField(max_length=64, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "apps"

    def __str__(self) -> str:
        return self.name


class AppVersion(Model):
    """A published version: an immutable snapshot (an app bundle) of every resource."""

    id = fields.IntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="versions", on_delete=fields.CASCADE
    )
    #: Semantic version, ``1.2.0``.
    version = fields.CharField(max_length=64)
    note = fields.TextField(default="")
    #: The bundle's zip bytes (:mod:`runtime.bundles`).
    bundle = fields.BinaryField()
    published_by = fields.CharField(max_length=128, default="")
    published_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_versions"
        unique_together = (("app", "version"),)

    def __str__(self) -> str:
        return self.version


class AppAssignment(Model):
    """An app offered in the customer portal: to one customer, or to all (no customer)."""

    id = fields.IntField(primary_key=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="assignments", on_delete=fields.CASCADE
    )
    customer: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="app_assignments", null=True, on_delete=fields.CASCADE
    )
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "app_assignments"
        unique_together = (("app", "customer"),)


class StoreListing(Model):
    """One installable version of an app in the catalogue (the "App Store").

    Listed by publishing a version to the store or by uploading a bundle; installing copies
    the bundle into a new app, upgrading applies a newer listing of the same name to it."""

    id = fields.IntField(primary_key=True)
    #: The catalogue name (several versions share it).
    name = fields.CharField(max_length=64)
    version = fields.CharField(max_length=64)
    title = fields.CharField(max_length=128, default="")
    description = fields.TextField(default="")
    #: Documentation shown in the catalogue and after install (Markdown/Handlebars text).
    docs = fields.TextField(default="")
    note = fields.TextField(default="")
    #: The bundle's zip bytes (:mod:`runtime.bundles`).
    bundle = fields.BinaryField()
    #: The app it was published from, when it came from this installation (not a key:
    #: the source may be deleted while the listing stays).
    source_app_id = fields.IntField(null=True)
    published_by = fields.CharField(max_length=128, default="")
    published_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "store_listings"
        unique_together = (("name", "version"),)

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class FileRevision(Model):
    """A saved state of one of an app's files (page, template, saved query...), for the
    IDE's history, diff and restore. Scripts keep their own versions."""

    id = fields.BigIntField(primary_key=True)
    app: fields.ForeignKeyRelation[App] = fields.ForeignKeyField(
        "models.App", related_name="file_revisions", on_delete=fields.CASCADE
    )
    #: ``page``, ``template``, ``query``...
    kind = fields.CharField(max_length=16)
    object_id = fields.IntField()
    #: The file's text as the IDE shows it (pages: their JSON document, pretty-printed).
    content = fields.TextField()
    author = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "file_revisions"
        indexes = (("kind", "object_id"),)
