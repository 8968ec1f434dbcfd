"""``/api/v1/apikeys``: every operator manages their own keys; admins see everyone's."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import Forbidden
from runtime.models import ApiKey
from runtime.services import apikeys, users

api = Api()


class ApiKeyOut(BaseModel):
    id: int
    name: str
    prefix: str = Field(description="the public part of the key; the secret is never shown again")
    user_id: int
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @classmethod
    def of(cls, key: ApiKey) -> ApiKeyOut:
        return cls(
            id=key.id,
            name=key.name,
            prefix=key.prefix,
            user_id=key.user_id,  # type: ignore[attr-defined]
            created_at=key.created_at,
            last_used_at=key.last_used_at,
            expires_at=key.expires_at,
            revoked_at=key.revoked_at,
        )


class ApiKeyCreated(ApiKeyOut):
    key: str = Field(description="the secret; shown only in this response")


class ApiKeyCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100)
    expires_at: datetime | None = None
    user_id: int | None = Field(None, description="admins may create keys for another user")

    @field_validator("expires_at")
    @classmethod
    def _future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value <= datetime.now(UTC):
            raise ValueError("must be in the future")
        return value


class ApiKeyListQuery(ListQuery):
    user_id: int | None = Field(None, description="admins: another user's keys")
    all: bool = Field(False, description="admins: every user's keys")
    revoked: bool | None = None


def _owner_scope(call: Call, user_id: int | None, everyone: bool = False) -> int | None:
    """The user id whose keys this call may touch; ``None`` means any (admins only)."""
    actor = call.actor
    if user_id not in (None, actor.id) or everyone:
        if not actor.can(Permission.APIKEYS_ALL):
            raise Forbidden("Only admins manage other users' API keys")
        return user_id
    return actor.id


@api.route(
    "GET",
    "/apikeys",
    name="apikeys.list",
    permission=Permission.AUTHENTICATED,
    query=ApiKeyListQuery,
    response=Page[ApiKeyOut],
    tag="apikeys",
)
async def list_keys(call: Call) -> Page[ApiKeyOut]:
    """List API keys (prefixes only, never secrets)."""
    q: ApiKeyListQuery = call.query
    owner = _owner_scope(call, q.user_id, q.all)
    qs = ApiKey.all() if owner is None else ApiKey.filter(user_id=owner)
    if q.revoked is not None:
        qs = qs.filter(revoked_at__isnull=not q.revoked)
    return await paginate(
        qs,
        q,
        sortable=("id", "name", "created_at", "last_used_at"),
        default_sort=("-id",),
        item=ApiKeyOut.of,
    )


@api.route(
    "POST",
    "/apikeys",
    name="apikeys.create",
    permission=Permission.AUTHENTICATED,
    body=ApiKeyCreate,
    response=ApiKeyCreated,
    status=201,
    tag="apikeys",
)
async def create_key(call: Call) -> ApiKeyCreated:
    """Create an API key. The response holds the secret; store it now."""
    b: ApiKeyCreate = call.body
    owner_id = _owner_scope(call, b.user_id) or call.actor.id
    owner = await users.get_user(owner_id)
    key, secret = await apikeys.create_key(call.actor, owner, b.name, b.expires_at)
    return ApiKeyCreated(**ApiKeyOut.of(key).model_dump(), key=secret)


@api.route(
    "DELETE",
    "/apikeys/{key_id:int}",
    name="apikeys.revoke",
    permission=Permission.AUTHENTICATED,
    response=ApiKeyOut,
    tag="apikeys",
    errors=(404, 409),
)
async def revoke_key(call: Call) -> ApiKeyOut:
    """Revoke a key; it stops working at once and stays listed as revoked."""
    owner = None if call.actor.can(Permission.APIKEYS_ALL) else call.actor.id
    return ApiKeyOut.of(await apikeys.revoke_key(call.actor, call.path["key_id"], owner))
