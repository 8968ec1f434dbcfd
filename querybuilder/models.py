"""Datasets: an app's own tables, described here and stored as real SQL tables."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields
from tortoise.models import Model

DATASET_NAME_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"


class DatasetPreset(StrEnum):
    CUSTOM = "custom"
    KEY_VALUE = "key_value"
    LEAD_SET = "lead_set"


class Dataset(Model):
    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="datasets", on_delete=fields.CASCADE
    )
    #: A customer-scoped dataset is visible to that customer in the portal.
    customer: fields.ForeignKeyNullableRelation[Any] = fields.ForeignKeyField(
        "models.Customer", related_name="datasets", null=True, on_delete=fields.SET_NULL
    )
    name = fields.CharField(max_length=63)
    description = fields.TextField(default="")
    #: Rows belong to customers: the table has a ``customer_id`` column, and portal users
    #: (through pages and scripts) see and write only their customer's rows.
    per_customer = fields.BooleanField(default=False)
    preset = fields.CharEnumField(DatasetPreset, max_length=16, default=DatasetPreset.CUSTOM)
    #: ``[{"name", "type", "nullable", "default", "unique", "indexed"}]`` in table order.
    columns: Any = fields.JSONField(default=list)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "datasets"
        unique_together = (("app", "name"),)

    def __str__(self) -> str:
        return self.name


class SavedQuery(Model):
    """A named query of an app: SQL text or a visual spec over its datasets, with default
    parameter values. Exactly one of ``sql`` (non-empty) and ``spec`` is set."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="queries", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    sql = fields.TextField()
    #: A visual query spec (:mod:`querybuilder.spec`) instead of SQL text.
    spec: Any = fields.JSONField(null=True)
    #: Default values of the ``:name`` parameters ("vars").
    vars: Any = fields.JSONField(default=dict)
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "saved_queries"
        unique_together = (("app", "name"),)

    def __str__(self) -> str:
        return self.name


class ImportStatus(StrEnum):
    UPLOADED = "uploaded"  # the file is stored; waiting for a start (mapping, mode)
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"  # committed (in skip mode, possibly with bad rows reported)
    FAILED = "failed"  # nothing committed: bad rows (all-or-nothing) or an error
    CANCELLED = "cancelled"


class ImportJob(Model):
    """A bulk import running in the background: its upload, settings, progress and report."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="import_jobs", on_delete=fields.CASCADE
    )
    dataset: fields.ForeignKeyRelation[Dataset] = fields.ForeignKeyField(
        "models.Dataset", related_name="import_jobs", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(ImportStatus, max_length=16, default=ImportStatus.UPLOADED)
    format = fields.CharField(max_length=8, default="csv")
    filename = fields.CharField(max_length=255, default="")
    #: Bytes of the stored upload, and how many of them the import has read.
    bytes_total = fields.BigIntField(default=0)
    bytes_read = fields.BigIntField(default=0)
    skip_bad_rows = fields.BooleanField(default=False)
    header: bool | None = fields.BooleanField(null=True)  # type: ignore[assignment]
    #: Source field (header name, or 1-based cell number as text) -> column, or null to skip.
    mapping: Any = fields.JSONField(default=dict)
    rows_read = fields.BigIntField(default=0)
    rows_imported = fields.BigIntField(default=0)
    #: The import report (:meth:`querybuilder.transfer.ImportReport.to_json`) once finished.
    report: Any = fields.JSONField(null=True)
    message = fields.TextField(default="")
    created_by = fields.CharField(max_length=128, default="")
    created_at = fields.DatetimeField(auto_now_add=True)
    started_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)

    class Meta:
        table = "dataset_import_jobs"
