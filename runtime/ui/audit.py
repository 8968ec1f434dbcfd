"""The audit log page (admins)."""

from __future__ import annotations

import contextlib

from starlette.requests import Request
from starlette.responses import Response

from runtime.api.paging import decode_cursor, encode_cursor
from runtime.auth.permissions import Permission
from runtime.errors import ValidationFailed
from runtime.models import AuditEntry
from runtime.ui.support import render, require

PAGE = 50


async def audit_list(request: Request) -> Response:
    await require(request, Permission.AUDIT_READ)
    params = request.query_params
    filters = {k: params.get(k, "").strip() for k in ("action", "object_type", "actor")}
    qs = AuditEntry.all()
    if filters["action"]:
        qs = qs.filter(action__startswith=filters["action"])
    if filters["object_type"]:
        qs = qs.filter(object_type=filters["object_type"])
    if filters["actor"]:
        qs = qs.filter(actor_name=filters["actor"])
    if params.get("cursor"):
        with contextlib.suppress(ValidationFailed):  # a mangled cursor shows the newest
            qs = qs.filter(id__lt=decode_cursor(params["cursor"]))
    rows = await qs.order_by("-id").limit(PAGE + 1)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    next_cursor = encode_cursor(rows[-1].id) if more and rows else None
    types = (
        await AuditEntry.all()
        .distinct()
        .order_by("object_type")
        .values_list("object_type", flat=True)
    )
    return render(
        request,
        "runtime/audit.html",
        {
            "rows": rows,
            "filters": filters,
            "next_cursor": next_cursor,
            "object_types": types,
            "first_page": not params.get("cursor"),
        },
        block="results",
    )


async def audit_detail(request: Request) -> Response:
    await require(request, Permission.AUDIT_READ)
    entry = await AuditEntry.get_or_none(id=request.path_params["entry_id"])
    if entry is None:
        from runtime.errors import NotFound

        raise NotFound("No such audit entry")
    before, after = entry.before or {}, entry.after or {}
    keys = (
        list(dict.fromkeys([*before.keys(), *after.keys()]))
        if isinstance(before, dict) and isinstance(after, dict)
        else []
    )
    changes = [(k, before.get(k), after.get(k), before.get(k) != after.get(k)) for k in keys]
    return render(request, "runtime/audit_entry.html", {"entry": entry, "changes": changes})
