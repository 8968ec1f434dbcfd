"""``/class4/customers/{id}``: a customer's Class 4 settings (channels, CPS, debit limit, tech
prefix, timeouts, tags, the day/time windows its calls are allowed in) and its IP entries,
through :func:`runtime.services.customers.update_customer` and :mod:`telephony.customer_ips`.

The windows are typed one per line, ``DAYS FROM-TO``: ``1-5 08:00-18:00`` (ISO weekdays,
1 = Monday; a window ending before it starts runs past midnight)."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.auth.principal import Principal
from runtime.errors import NotFound, TrunklineError, ValidationFailed
from runtime.models import Customer
from runtime.services import customers
from runtime.ui.support import flash, read_form, redirect, render, require
from telephony import customer_ips
from telephony.models import CustomerIp
from telephony.ui4.common import READ, WRITE, Refusal, form_state, lines, refusal, whole

__all__ = ["routes"]

COUNTS = ("channels", "cps", "first_reply_timeout", "pdd_timeout", "ring_timeout")
FIELDS = (*COUNTS, "debit_limit", "tech_prefix", "tags", "timezone", "windows")
IP_FIELDS = ("address", "direction", "protocol", "port", "channels", "cps", "cli_auth")
WINDOW = re.compile(r"^(?P<days>\S+)\s+(?P<from>\d\d:\d\d)\s*-\s*(?P<to>\d\d:\d\d)$")


def settings_form(customer: Customer) -> dict[str, str]:
    restriction = customer.day_time_restriction or {}
    return {
        **{name: "" if getattr(customer, name) is None else str(getattr(customer, name))
           for name in COUNTS},
        "debit_limit": str(customer.debit_limit),
        "tech_prefix": customer.tech_prefix,
        "tags": ", ".join(customer.tags or []),
        "timezone": restriction.get("timezone", ""),
        "windows": "\n".join(
            f"{w['days']} {w['from']}-{w['to']}" for w in restriction.get("windows", [])
        ),
    }  # fmt: skip


def settings_changes(state: dict[str, str]) -> dict[str, Any]:
    """The form as :func:`customers.update_customer` takes it; ValidationFailed names the
    field of anything unreadable."""
    changes: dict[str, Any] = {}
    for name in COUNTS:
        value = whole(state[name])
        if isinstance(value, str):
            raise ValidationFailed.field(name, value)
        if value is None and name in ("channels", "cps"):
            value = 0
        changes[name] = value
    changes["debit_limit"] = state["debit_limit"] or "0"
    changes["tech_prefix"] = state["tech_prefix"]
    changes["tags"] = [t.strip() for t in state["tags"].split(",") if t.strip()]
    windows = []
    for number, line in enumerate(lines(state["windows"]), start=1):
        matched = WINDOW.match(line)
        if matched is None:
            raise ValidationFailed.field(
                "windows", f"line {number}: write DAYS FROM-TO, e.g. 1-5 08:00-18:00"
            )
        windows.append(matched.groupdict())
    changes["day_time_restriction"] = (
        {"timezone": state["timezone"] or "UTC", "windows": windows} if windows else {}
    )
    return changes


async def _customer(request: Request) -> Customer:
    found = await Customer.get_or_none(id=request.path_params["customer_id"])
    if found is None:
        raise NotFound(f"No customer with id {request.path_params['customer_id']}")
    return found


async def _page(
    request: Request,
    principal: Principal,
    customer: Customer,
    *,
    form: dict[str, str] | None = None,
    problem: Refusal = ({}, "", 200),
    ip_form: dict[str, str] | None = None,
    ip_problem: Refusal = ({}, "", 200),
) -> Response:
    errors, form_error, status = problem
    ip_errors, ip_error, ip_status = ip_problem
    return render(
        request,
        "telephony/c4_customer.html",
        {
            "customer": customer,
            "form": form or settings_form(customer),
            "errors": errors,
            "form_error": form_error,
            "ips": await CustomerIp.filter(customer_id=customer.id).order_by("id"),
            "ip_form": ip_form or {"direction": "sends", "protocol": "udp", "port": "5060"},
            "ip_errors": ip_errors,
            "ip_error": ip_error,
            "can_write": principal.can(WRITE),
        },
        status_code=max(status, ip_status),
    )


async def customer_settings(request: Request) -> Response:
    principal = await require(request, READ)
    return await _page(request, principal, await _customer(request))


async def customer_settings_update(request: Request) -> Response:
    actor = await require(request, WRITE)
    customer = await _customer(request)
    state = form_state(await read_form(request), FIELDS)
    try:
        await customers.update_customer(actor, customer.id, settings_changes(state))
    except TrunklineError as exc:
        return await _page(request, actor, customer, form=state, problem=refusal(exc))
    flash(request, f"Class 4 settings of {customer.name} saved.")
    return redirect(request, "ui:c4_customer", customer_id=customer.id)


async def customer_ip_add(request: Request) -> Response:
    actor = await require(request, WRITE)
    customer = await _customer(request)
    form = await read_form(request)
    state = form_state(form, IP_FIELDS)
    try:
        values = customer_ips.IpIn.model_validate(
            {
                **{k: v for k, v in state.items() if v != "" and k != "cli_auth"},
                "cli_auth": bool(form.get("cli_auth")),
            }
        )
        await customer_ips.add_ip(actor, customer, values)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        problem: Refusal = ({path: first["msg"]}, f"{path}: {first['msg']}", 422)
        return await _page(request, actor, customer, ip_form=state, ip_problem=problem)
    except TrunklineError as exc:
        return await _page(request, actor, customer, ip_form=state, ip_problem=refusal(exc))
    flash(request, f"Address {values.address} added.")
    return redirect(request, "ui:c4_customer", customer_id=customer.id)


async def customer_ip_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    customer = await _customer(request)
    await read_form(request)
    await customer_ips.delete_ip(actor, customer, request.path_params["ip_id"])
    flash(request, "Address removed.")
    return redirect(request, "ui:c4_customer", customer_id=customer.id)


def routes() -> list[BaseRoute]:
    path = "/class4/customers/{customer_id:int}"
    return [
        Route(path, customer_settings, methods=["GET"], name="ui:c4_customer"),
        Route(path, customer_settings_update, methods=["POST"], name="ui:c4_customer_update"),
        Route(path + "/ips", customer_ip_add, methods=["POST"], name="ui:c4_customer_ip_add"),
        Route(
            path + "/ips/{ip_id:int}/delete",
            customer_ip_delete,
            methods=["POST"],
            name="ui:c4_customer_ip_delete",
        ),
    ]
