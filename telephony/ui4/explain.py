"""``/class4/explain``: how a customer's call would be routed, read from the decision's
trace (:func:`telephony.routing.engine.route`, dry run: nothing is counted or rotated).

The page shows the matched rule, the tech prefix stripped, the number as rated, the
customer's rate, the carriers in order with buy, sell and margin, those dropped and why —
or the rejection's code and reason — and every step of the trace.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.errors import TrunklineError, ValidationFailed
from runtime.models import Customer
from runtime.ui.support import render, require
from telephony.routing.engine import route
from telephony.routing.trace import decision_json
from telephony.ui4.common import READ, Refusal, refusal, when

__all__ = ["routes"]

FIELDS = ("customer", "to", "cli", "at")


def _step(trace: list[dict[str, Any]], name: str) -> dict[str, Any]:
    """The data of the trace's first ``name`` step (empty when it did not run)."""
    return next((s["data"] for s in trace if s["step"] == name), {})


async def _decide(request: Request, typed: dict[str, str]) -> dict[str, Any]:
    if not typed["customer"].isdigit():
        raise ValidationFailed.field("customer", "choose a customer")
    who = await Customer.get_or_none(id=int(typed["customer"]))
    if who is None:
        raise ValidationFailed.field("customer", f"no customer with id {typed['customer']}")
    at = when("at", typed["at"]) or datetime.now(UTC)
    decision = await route(who, typed["cli"], typed["to"], at, app=request.app, dry_run=True)
    shown = {"id": who.id, "name": who.name, "currency": who.currency}
    found = decision_json(decision, customer=shown, dialled=typed["to"], cli=typed["cli"], at=at)
    found["rule"] = _step(found["trace"], "rule")
    return found


async def explain(request: Request) -> Response:
    await require(request, READ)
    typed = {name: request.query_params.get(name, "").strip() for name in FIELDS}
    decision: dict[str, Any] | None = None
    problem: Refusal = ({}, "", 200)
    if typed["to"]:
        try:
            decision = await _decide(request, typed)
        except TrunklineError as exc:
            problem = refusal(exc)
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_explain.html",
        {
            "form": typed,
            "customers": [(str(c.id), c.name) for c in await Customer.all().order_by("name")],
            "decision": decision,
            "errors": errors,
            "form_error": form_error,
        },
        block="decision",
        status_code=status_code,
    )


def routes() -> list[BaseRoute]:
    return [Route("/class4/explain", explain, methods=["GET"], name="ui:c4_explain")]
