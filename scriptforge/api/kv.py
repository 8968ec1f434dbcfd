"""``/api/v1/apps/{app}/kv``: an app's key-value store (what scripts reach as cxKV).

Keys may hold any characters but control characters, ``/`` included. Expired entries are
invisible here as they are to scripts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.errors import NotFound
from runtime.services import apps
from scriptforge.models import KV_KEY_MAX, KVEntry, KVKind
from scriptforge.services import kv
from scriptforge.services.common import utcnow

api = Api()


class KVSummary(BaseModel):
    key: str
    kind: KVKind
    size: int = Field(description="bytes of the stored value")
    expires_at: datetime | None
    updated_at: datetime

    @classmethod
    def of(cls, e: KVEntry) -> KVSummary:
        return cls(
            key=e.key,
            kind=e.kind,
            size=len(e.value.encode()),
            expires_at=e.expires_at,
            updated_at=e.updated_at,
        )


class KVOut(KVSummary):
    value: Any = Field(description="a string, or the stored JSON value for kind object")

    @classmethod
    def of(cls, e: KVEntry) -> KVOut:
        return cls(**KVSummary.of(e).model_dump(), value=kv.decoded(e))


class KVPut(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Any = Field(description="a string, or any JSON value (stored as kind object)")
    ttl_seconds: float = Field(0, ge=0, le=kv.MAX_TTL_SECONDS, description="0: no expiry")
    kind: KVKind | None = Field(None, description="default: string for strings, else object")


class KVListQuery(ListQuery):
    prefix: str | None = Field(None, max_length=KV_KEY_MAX, description="keys starting with")


@api.route(
    "GET",
    "/apps/{app}/kv",
    name="kv.list",
    permission=Permission.APPS_READ,
    query=KVListQuery,
    response=Page[KVSummary],
    tag="kv",
    errors=(404,),
)
async def list_kv(call: Call) -> Page[KVSummary]:
    """An app's live keys (without values)."""
    app = await apps.get_app(call.path["app"])
    q: KVListQuery = call.query
    qs = kv.with_prefix(KVEntry.filter(kv.live(utcnow()), app_id=app.id), q.prefix or "")
    return await paginate(
        qs,
        q,
        sortable=("key", "updated_at", "expires_at"),
        default_sort=("key",),
        item=KVSummary.of,
    )


@api.route(
    "GET",
    "/apps/{app}/kv/{key:path}",
    name="kv.get",
    permission=Permission.APPS_READ,
    response=KVOut,
    tag="kv",
    errors=(404,),
)
async def get_kv(call: Call) -> KVOut:
    """One key with its value."""
    app = await apps.get_app(call.path["app"])
    entry = await kv.kv_entry(app.id, call.path["key"])
    if entry is None:
        raise NotFound(f"App {app.name!r} has no KV key {call.path['key']!r}")
    return KVOut.of(entry)


@api.route(
    "PUT",
    "/apps/{app}/kv/{key:path}",
    name="kv.put",
    permission=Permission.APPS_WRITE,
    body=KVPut,
    response=KVOut,
    tag="kv",
    errors=(404,),
)
async def put_kv(call: Call) -> KVOut:
    """Create or replace a key, optionally with a time to live."""
    app = await apps.get_app(call.path["app"])
    b: KVPut = call.body
    entry = await kv.put_entry(
        call.actor, app, call.path["key"], b.value, ttl_seconds=b.ttl_seconds, kind=b.kind
    )
    return KVOut.of(entry)


@api.route(
    "DELETE",
    "/apps/{app}/kv/{key:path}",
    name="kv.delete",
    permission=Permission.APPS_WRITE,
    status=204,
    tag="kv",
    errors=(404,),
)
async def delete_kv(call: Call) -> None:
    """Delete a key."""
    app = await apps.get_app(call.path["app"])
    await kv.delete_entry(call.actor, app, call.path["key"])
