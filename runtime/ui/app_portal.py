"""An app's place in the customer portal, on its settings page: which customers (or all)
are offered it. Portal users of those customers see it on their portal home."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from runtime.auth.permissions import Permission
from runtime.errors import TrunklineError, ValidationFailed
from runtime.models import AppAssignment, Customer
from runtime.services import apps
from runtime.ui.support import field, flash, read_form, redirect, require

ALL_CUSTOMERS = "all"


async def portal_context(app: Any) -> dict[str, Any]:
    """The settings page's "Customer portal" section: assignments and the customers left."""
    assignments = await AppAssignment.filter(app_id=app.id).prefetch_related("customer")
    taken = {a.customer_id for a in assignments}  # type: ignore[attr-defined]
    offered = await Customer.exclude(id__in=[t for t in taken if t is not None]).order_by("name")
    return {
        "assignments": sorted(
            assignments, key=lambda a: (a.customer is not None, a.customer and a.customer.name)
        ),
        "unassigned_customers": offered,
        "offered_to_all": None in taken,
    }


async def assignment_create(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    form = await read_form(request)
    app = await apps.get_app(request.path_params["app_id"])
    chosen = field(form, "customer")
    try:
        if chosen == ALL_CUSTOMERS:
            customer_id = None
        elif chosen.isdigit():
            customer_id = int(chosen)
        else:
            raise ValidationFailed.field("customer", "choose a customer, or all customers")
        await apps.assign(actor, app, customer_id)
    except TrunklineError as exc:
        flash(request, f"Not offered: {exc.message}", "error")
        return redirect(request, "ui:app", app_id=app.id)
    who = "every customer" if customer_id is None else f"customer {customer_id}"
    flash(request, f"App {app.name} is offered to {who} in the portal.")
    return redirect(request, "ui:app", app_id=app.id)


async def assignment_delete(request: Request) -> Response:
    actor = await require(request, Permission.APPS_WRITE)
    await read_form(request)
    app = await apps.get_app(request.path_params["app_id"])
    await apps.unassign(actor, app, request.path_params["assignment_id"])
    flash(request, f"App {app.name} is no longer offered there.")
    return redirect(request, "ui:app", app_id=app.id)
