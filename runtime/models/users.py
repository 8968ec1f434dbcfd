"""Operator users and their API keys."""

from tortoise import fields
from tortoise.models import Model

from runtime.models.constants import Role


class User(Model):
    """An operator of the platform (staff of the voice operator)."""

    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=64, unique=True)
    email = fields.CharField(max_length=254, null=True)
    full_name = fields.CharField(max_length=128, default="")
    role = fields.CharEnumField(Role, max_length=16, default=Role.READONLY)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    # Bumped on logout-everywhere, password change or deactivation: old sessions stop working.
    session_version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    last_login_at = fields.DatetimeField(null=True)

    api_keys: fields.ReverseRelation["ApiKey"]

    class Meta:
        table = "users"

    def __str__(self) -> str:
        return self.username


class ApiKey(Model):
    """A long-lived API credential. Only a SHA-256 of the secret is stored."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="api_keys", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    prefix = fields.CharField(max_length=16, unique=True)
    key_hash = fields.CharField(max_length=64)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_used_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_keys"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"
