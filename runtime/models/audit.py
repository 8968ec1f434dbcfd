"""The audit log: history of every mutation.

Entries name what they touched (type, id, a readable label) instead of holding foreign
keys, so they survive the deletion of the thing they describe.
"""

from typing import Any

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor_type = fields.CharField(max_length=16)
    actor_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=128)
    action = fields.CharField(max_length=64, db_index=True)
    object_type = fields.CharField(max_length=64, db_index=True)
    object_id = fields.CharField(max_length=64, default="")
    object_repr = fields.CharField(max_length=255, default="")
    before: Any = fields.JSONField(null=True)
    after: Any = fields.JSONField(null=True)
    request_id = fields.CharField(max_length=64, default="")
    ip = fields.CharField(max_length=64, default="")

    class Meta:
        table = "audit_log"
