"""Carrier pages under ``/class4/carriers``: the list with the create form, a carrier's
settings (its credentials write-only: they can be set or replaced, never shown), its
addresses and its reply management. Every change goes through
:mod:`telephony.rating.services.carriers`."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.security.secretbox import SecretBox
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require
from telephony.rating.models import (
    Carrier,
    CarrierIp,
    CarrierStatus,
    IpDirection,
    Protocol,
    ReplyAction,
    ReplyRule,
)
from telephony.rating.services import carriers
from telephony.ui4.common import READ, WRITE, checked, form_state, pairs, refusal, whole

__all__ = ["routes"]

LIMITS = ("channels", "cps", "first_reply_timeout", "pdd_timeout", "ring_timeout")
CREDENTIALS = ("username", "password", "realm")
BLANK = {
    "name": "",
    "currency": "USD",
    "channels": "0",
    "cps": "0",
    "first_reply_timeout": "3",
    "pdd_timeout": "5",
    "ring_timeout": "60",
}
BLANK_IP = {"address": "", "direction": "receives", "protocol": "udp", "port": "", "weight": "1"}
BLANK_REPLY = {"code": "", "action": "failover", "new_code": "", "reason": ""}


def _box(request: Request) -> SecretBox:
    return SecretBox.for_settings(request.app.state.settings)


def _credentials(form: FormData) -> dict[str, Any]:
    """``{"credentials": ...}`` when some were typed (they replace the stored ones), or
    ``{}`` cleared on request; nothing when the fields were left empty."""
    typed = {name: field(form, f"cred_{name}") for name in CREDENTIALS}
    if checked(form, "cred_clear"):
        return {"credentials": {}}
    if any(typed.values()):
        return {"credentials": {k: v for k, v in typed.items() if v}}
    return {}


def _values(state: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {k: whole(state[k]) for k in LIMITS if k in state}
    for name in ("name", "currency", "status"):
        if state.get(name):
            values[name] = state[name]
    return values


async def _list_page(
    request: Request,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    problem: tuple[dict[str, str], str, int] = ({}, "", 200),
) -> Response:
    q = request.query_params.get("q", "").strip()
    status = request.query_params.get("status", "")
    qs = Carrier.all()
    if q:
        qs = qs.filter(name__icontains=q)
    if status in set(CarrierStatus):
        qs = qs.filter(status=status)
    page = await listing(request, qs.order_by("name"))
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_carriers.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "statuses": pairs(CarrierStatus),
            "form": form or BLANK,
            "errors": errors,
            "form_error": form_error,
            "can_write": principal.can(WRITE),
        },
        block="results",
        status_code=status_code,
    )


async def _detail_page(
    request: Request,
    principal: Principal,
    carrier: Carrier,
    *,
    section: str = "",
    form: dict[str, Any] | None = None,
    problem: tuple[dict[str, str], str, int] = ({}, "", 200),
) -> Response:
    """The carrier page; ``section`` (settings, address, reply) names the form that was
    refused, shown again with ``form`` and the messages."""
    errors, form_error, status_code = problem
    settings = {
        **{k: str(getattr(carrier, k)) for k in ("name", "currency", *LIMITS)},
        "status": str(carrier.status),
    }
    forms = {
        "settings": settings,
        "address": BLANK_IP,
        "reply": BLANK_REPLY,
        **({section: form} if section and form is not None else {}),
    }
    return render(
        request,
        "telephony/c4_carrier.html",
        {
            "carrier": carrier,
            "ips": await CarrierIp.filter(carrier_id=carrier.id).order_by("id"),
            "replies": await ReplyRule.filter(carrier_id=carrier.id).order_by("code"),
            "cards": await carrier.cards.all().order_by("name"),  # type: ignore[attr-defined]
            "forms": forms,
            "section": section,
            "errors": errors,
            "form_error": form_error,
            "statuses": pairs(CarrierStatus),
            "directions": pairs(IpDirection),
            "protocols": pairs(Protocol),
            "actions": pairs(ReplyAction),
            "can_write": principal.can(WRITE),
        },
        status_code=status_code,
    )


async def carrier_list(request: Request) -> Response:
    return await _list_page(request, await require(request, READ))


async def carrier_create(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    state = form_state(form, tuple(BLANK))
    try:
        values = {**_values(state), **_credentials(form)}
        carrier = await carriers.create_carrier(actor, values, _box(request))
    except TrunklineError as exc:
        return await _list_page(request, actor, form=state, problem=refusal(exc))
    flash(request, f"Carrier {carrier.name} created.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier.id)


async def carrier_detail(request: Request) -> Response:
    principal = await require(request, READ)
    carrier = await carriers.get_carrier(request.path_params["carrier_id"])
    return await _detail_page(request, principal, carrier)


async def carrier_update(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    carrier = await carriers.get_carrier(request.path_params["carrier_id"])
    state = form_state(form, ("name", "status", *LIMITS))
    try:
        values = {**_values(state), **_credentials(form)}
        carrier = await carriers.update_carrier(actor, carrier.id, values, _box(request))
    except TrunklineError as exc:
        fresh = await carriers.get_carrier(carrier.id)
        state["currency"] = fresh.currency
        return await _detail_page(
            request, actor, fresh, section="settings", form=state, problem=refusal(exc)
        )
    flash(request, f"Carrier {carrier.name} saved.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier.id)


async def ip_add(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    carrier = await carriers.get_carrier(request.path_params["carrier_id"])
    state = form_state(form, tuple(BLANK_IP))
    values = {
        "address": state["address"],
        "direction": state["direction"] or None,
        "protocol": state["protocol"] or None,
        "port": whole(state["port"]),
        "weight": whole(state["weight"]),
    }
    try:
        ip = await carriers.add_ip(actor, carrier.id, values)
    except TrunklineError as exc:
        return await _detail_page(
            request, actor, carrier, section="address", form=state, problem=refusal(exc)
        )
    flash(request, f"Address {ip.address} added.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier.id)


async def ip_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    carrier_id = request.path_params["carrier_id"]
    await carriers.delete_ip(actor, carrier_id, request.path_params["ip_id"])
    flash(request, "Address removed.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier_id)


async def reply_set(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    carrier = await carriers.get_carrier(request.path_params["carrier_id"])
    state = form_state(form, tuple(BLANK_REPLY))
    try:
        rule = await carriers.set_reply_rule(
            actor,
            carrier.id,
            whole(state["code"]),  # type: ignore[arg-type]  # the service names a non-number
            state["action"],
            whole(state["new_code"]),  # type: ignore[arg-type]
            state["reason"],
        )
    except TrunklineError as exc:
        return await _detail_page(
            request, actor, carrier, section="reply", form=state, problem=refusal(exc)
        )
    flash(request, f"Reply rule for {rule.code} saved.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier.id)


async def reply_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    carrier_id = request.path_params["carrier_id"]
    await carriers.delete_reply_rule(actor, carrier_id, request.path_params["code"])
    flash(request, f"Reply rule for {request.path_params['code']} removed.")
    return redirect(request, "ui:c4_carrier", carrier_id=carrier_id)


def routes() -> list[BaseRoute]:
    item = "/class4/carriers/{carrier_id:int}"
    get, post = ["GET"], ["POST"]
    return [
        Route("/class4/carriers", carrier_list, methods=get, name="ui:c4_carriers"),
        Route("/class4/carriers", carrier_create, methods=post, name="ui:c4_carrier_create"),
        Route(item, carrier_detail, methods=get, name="ui:c4_carrier"),
        Route(item, carrier_update, methods=post, name="ui:c4_carrier_update"),
        Route(f"{item}/addresses", ip_add, methods=post, name="ui:c4_carrier_ip_add"),
        Route(
            f"{item}/addresses/{{ip_id:int}}/delete",
            ip_delete,
            methods=post,
            name="ui:c4_carrier_ip_delete",
        ),
        Route(f"{item}/replies", reply_set, methods=post, name="ui:c4_carrier_reply_set"),
        Route(
            f"{item}/replies/{{code:int}}/delete",
            reply_delete,
            methods=post,
            name="ui:c4_carrier_reply_delete",
        ),
    ]
