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
    """A named query of an app: SQL text over its datasets, with default parameter values."""

    id = fields.IntField(primary_key=True)
    uuid = fields.UUIDField(unique=True)
    app: fields.ForeignKeyRelation[Any] = fields.ForeignKeyField(
        "models.App", related_name="queries", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    description = fields.TextField(default="")
    sql = fields.TextField()
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
