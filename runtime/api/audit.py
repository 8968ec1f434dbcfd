"""``/api/v1/audit``: the audit log, newest first, with keyset paging (admins only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from runtime.api.framework import Api, Call
from runtime.api.paging import CursorQuery, Page, paginate_keyset
from runtime.auth.permissions import Permission
from runtime.models import AuditEntry

api = Api()


class AuditOut(BaseModel):
    id: int
    at: datetime
    actor_type: str
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    before: Any
    after: Any
    request_id: str
    ip: str

    @classmethod
    def of(cls, e: AuditEntry) -> AuditOut:
        return cls(
            id=e.id,
            at=e.at,
            actor_type=e.actor_type,
            actor_id=e.actor_id,
            actor_name=e.actor_name,
            action=e.action,
            object_type=e.object_type,
            object_id=e.object_id,
            object_repr=e.object_repr,
            before=e.before,
            after=e.after,
            request_id=e.request_id,
            ip=e.ip,
        )


class AuditQuery(CursorQuery):
    action: str | None = Field(None, max_length=64, description="exact action, e.g. user.create")
    object_type: str | None = Field(None, max_length=64)
    object_id: str | None = Field(None, max_length=64)
    actor: str | None = Field(None, max_length=128, description="actor name")
    request_id: str | None = Field(None, max_length=64)
    since: datetime | None = None
    until: datetime | None = None


def filtered(q: AuditQuery) -> Any:
    qs = AuditEntry.all()
    for field in ("action", "object_type", "object_id", "request_id"):
        if value := getattr(q, field):
            qs = qs.filter(**{field: value})
    if q.actor:
        qs = qs.filter(actor_name=q.actor)
    if q.since:
        qs = qs.filter(at__gte=q.since)
    if q.until:
        qs = qs.filter(at__lt=q.until)
    return qs


@api.route(
    "GET",
    "/audit",
    name="audit.list",
    permission=Permission.AUDIT_READ,
    query=AuditQuery,
    response=Page[AuditOut],
    tag="audit",
)
async def list_audit(call: Call) -> Page[AuditOut]:
    """Audit entries, newest first; follow ``next`` for older ones."""
    return await paginate_keyset(filtered(call.query), call.query, item=AuditOut.of)
