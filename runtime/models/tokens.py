"""JWT bookkeeping: refresh-token families and the access-token revocation list."""

from tortoise import fields
from tortoise.models import Model

from runtime.models.constants import PrincipalType


class RefreshToken(Model):
    """One issued refresh token. Tokens of one login form a family; reusing a spent token
    revokes the whole family (the token was stolen, or the client is broken)."""

    id = fields.IntField(primary_key=True)
    jti = fields.CharField(max_length=64, unique=True)
    family = fields.CharField(max_length=64, db_index=True)
    principal_type = fields.CharEnumField(PrincipalType, max_length=16)
    principal_id = fields.IntField()
    issued_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "refresh_tokens"


class RevokedToken(Model):
    """An access token revoked before its expiry; kept until it would have expired."""

    jti = fields.CharField(max_length=64, primary_key=True)
    expires_at = fields.DatetimeField(db_index=True)
    revoked_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "revoked_tokens"
