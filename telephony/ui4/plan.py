"""``/class4/destination-types``: the numbering plan (:mod:`telephony.rating.plan`) — its
ranges listed by prefix and filtered, "which type is this number?", and for writers a CSV
import through :func:`telephony.rating.services.plan.import_plan`.

A refused import lists every line the service named (``ValidationFailed.details``, the
header being line 1); nothing was written then.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.ui.listing import listing
from runtime.ui.support import flash, redirect, render, require
from telephony.rating import plan
from telephony.rating.lookup import normalise
from telephony.rating.models import DestinationType
from telephony.rating.services.cards import DESTINATION_TYPES
from telephony.rating.services.common import MAX_UPLOAD
from telephony.rating.services.plan import export_plan, import_plan
from telephony.ui4.common import (
    READ,
    WRITE,
    Refusal,
    checked,
    csv_text,
    line_errors,
    read_upload,
    refusal,
)

__all__ = ["routes"]

TYPES = [(kind, kind) for kind in sorted(DESTINATION_TYPES)]
BLANK = {"replace": False}
FINE: Refusal = ({}, "", 200)


async def _lookup(typed: str) -> tuple[dict[str, str] | None, str]:
    """``{"number", "prefix", "type", "name"}`` (empty prefix: not in the plan) or the
    error for what was typed; nothing when nothing was."""
    if not typed:
        return None, ""
    try:
        digits = normalise(typed)
    except TrunklineError as exc:
        return None, exc.message
    found = (await plan.plan()).type_of(digits)
    prefix, kind, name = found or ("", "", "")
    return {"number": digits, "prefix": prefix, "type": kind, "name": name}, ""


async def _page(
    request: Request,
    principal: Principal,
    *,
    block: str = "results",
    form: dict[str, Any] | None = None,
    problem: Refusal = FINE,
    report: list[dict[str, str]] | None = None,
) -> Response:
    params = request.query_params
    prefix = params.get("prefix", "").strip().lstrip("+")
    kind = params.get("type", "").strip().upper()
    number = params.get("number", "").strip()
    qs = DestinationType.all()
    if prefix:
        qs = qs.filter(prefix__startswith=prefix)
    if kind:
        qs = qs.filter(type=kind)
    page = await listing(request, qs.order_by("prefix"))
    answer, lookup_error = await _lookup(number)
    errors, form_error, status_code = problem
    if lookup_error and status_code == 200:
        status_code = 422
    return render(
        request,
        "telephony/c4_plan.html",
        {
            "page": page,
            "total": await DestinationType.all().count(),
            "filters": {"prefix": prefix, "type": kind},
            "types": TYPES,
            "number": number,
            "answer": answer,
            "lookup_error": lookup_error,
            "form": form or BLANK,
            "errors": errors,
            "form_error": form_error,
            "report": report or [],
            "max_mb": MAX_UPLOAD // 2**20,
            "can_write": principal.can(WRITE),
        },
        block=block,
        status_code=status_code,
    )


async def plan_page(request: Request) -> Response:
    return await _page(request, await require(request, READ))


async def plan_lookup(request: Request) -> Response:
    """The lookup's answer alone for htmx (the whole page without JS)."""
    return await _page(request, await require(request, READ), block="answer")


async def plan_import(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_upload(request)
    try:
        state = {"replace": checked(form, "replace")}
        try:
            summary = await import_plan(actor, await csv_text(form), replace=state["replace"])
        except TrunklineError as exc:
            problem = refusal(exc)
            return await _page(request, actor, form=state, problem=problem, report=line_errors(exc))
    finally:
        await form.close()
    flash(
        request,
        f"Imported {summary['imported']} range(s), {summary['removed']} replaced/removed; "
        f"the plan has {summary['total']} range(s).",
    )
    return redirect(request, "ui:c4_plan")


async def plan_export(request: Request) -> Response:
    """The whole plan as CSV, as the import reads it back."""
    await require(request, READ)
    return StreamingResponse(
        export_plan(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="numbering-plan.csv"'},
    )


def routes() -> list[BaseRoute]:
    path = "/class4/destination-types"
    return [
        Route(path, plan_page, methods=["GET"], name="ui:c4_plan"),
        Route(f"{path}/lookup", plan_lookup, methods=["GET"], name="ui:c4_plan_lookup"),
        Route(f"{path}/export.csv", plan_export, methods=["GET"], name="ui:c4_plan_export"),
        # The path ends in /import: the body limit for bulk imports applies.
        Route(f"{path}/import", plan_import, methods=["POST"], name="ui:c4_plan_import"),
    ]
