"""Ingress route pages under ``/class4/routes``: a customer's routing rules (the list, with
the create form) and a rule's page (edit, delete), its ScriptForge routing hook included (an
app, its script's name, what a failure or time-out does). Changes go through
:mod:`telephony.routing.services`, which reports every problem at once by field path
(``manipulation.1.match``)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.models import App, Customer
from runtime.ui.listing import listing
from runtime.ui.support import field, flash, read_form, redirect, render, require
from scriptforge.hooks import DEFAULT_FAILURE
from telephony.rating.models import CardKind, RateCard, Strategy
from telephony.routing import services
from telephony.routing.models import Route as IngressRoute
from telephony.ui4.common import READ, WRITE, Refusal, checked, lines, pairs, refusal, whole

__all__ = ["routes"]

TEXTS = (
    "name", "customer", "card", "tech_prefix", "dial_string", "strategy", "capped_rate",
    "script_app", "script", "script_timeout_action",
)  # fmt: skip
COUNTS = ("max_duration", "channels", "cps", "priority")
#: What the routing hook's failure or time-out does (``scriptforge.hooks``): a 2xx code
#: carries on as routed, any other rejects the call with it; empty is the default failure.
TIMEOUT_ACTIONS = (
    ("", "Reject: {} {} (default)".format(*DEFAULT_FAILURE)),
    ("200 OK", "Carry on as routed (200 OK)"),
    ("503 Service Unavailable", "Reject: 503 Service Unavailable"),
    ("480 Temporarily Unavailable", "Reject: 480 Temporarily Unavailable"),
    ("486 Busy Here", "Reject: 486 Busy Here"),
    ("404 Not Found", "Reject: 404 Not Found"),
    ("403 Forbidden", "Reject: 403 Forbidden"),
)
#: Empty rows offered under the filled ones (manipulation, per-prefix strategies).
SPARE_ROWS = 2
MAX_ROWS = 100


def _rows(form: FormData, prefix: str, keys: tuple[str, str]) -> list[dict[str, str]]:
    raw = field(form, f"{prefix}-rows")
    count = min(int(raw), MAX_ROWS) if raw.isdigit() else 0
    found = []
    for i in range(count):
        row = {key: field(form, f"{prefix}-{i}-{key}") for key in keys}
        if any(row.values()):
            found.append(row)
    return found


def _ids(form: FormData, name: str) -> list[Any]:
    return [whole(v) for v in form.getlist(name) if isinstance(v, str) and v]


def read(form: FormData) -> dict[str, Any]:
    """The form's state, as typed (re-shown after a refusal)."""
    state: dict[str, Any] = {name: field(form, name) for name in (*TEXTS, *COUNTS, "notes")}
    state["manipulation"] = _rows(form, "manip", ("match", "replace"))
    state["strategies"] = _rows(form, "strat", ("match", "strategy"))
    state["lock_cards"] = [str(v) for v in _ids(form, "lock_cards")]
    state["exclude_cards"] = [str(v) for v in _ids(form, "exclude_cards")]
    state["profit_assurance"] = checked(form, "profit_assurance")
    state["enabled"] = checked(form, "enabled")
    return state


def values(state: dict[str, Any]) -> dict[str, Any]:
    """The state as the routing service's input."""
    return {
        "customer": whole(state["customer"]),
        "name": state["name"],
        "card": whole(state["card"]),
        "tech_prefix": state["tech_prefix"],
        "dial_string": lines(state["dial_string"]),
        "manipulation": state["manipulation"],
        "strategy": state["strategy"] or Strategy.LCR.value,
        "strategies": state["strategies"],
        "lock_cards": [whole(v) for v in state["lock_cards"]],
        "exclude_cards": [whole(v) for v in state["exclude_cards"]],
        "capped_rate": state["capped_rate"] or None,
        "script_app": whole(state["script_app"]),
        "script": state["script"],
        "script_timeout_action": state["script_timeout_action"],
        "profit_assurance": state["profit_assurance"],
        "enabled": state["enabled"],
        "notes": state["notes"],
        **{name: whole(state[name]) if state[name] else 0 for name in COUNTS},
    }


def to_form(found: IngressRoute) -> dict[str, Any]:
    current = services.current(found)
    return {
        **{name: str(current[name] if current[name] is not None else "") for name in TEXTS},
        **{name: str(current[name]) for name in COUNTS},
        "dial_string": "\n".join(current["dial_string"]),
        "manipulation": current["manipulation"],
        "strategies": current["strategies"],
        "lock_cards": [str(v) for v in current["lock_cards"]],
        "exclude_cards": [str(v) for v in current["exclude_cards"]],
        "profit_assurance": current["profit_assurance"],
        "enabled": current["enabled"],
        "notes": current["notes"],
    }


def blank(customer: str) -> dict[str, Any]:
    return {
        **{name: "" for name in TEXTS},
        **{name: "0" for name in COUNTS},
        "customer": customer,
        "strategy": Strategy.LCR.value,
        "manipulation": [],
        "strategies": [],
        "lock_cards": [],
        "exclude_cards": [],
        "profit_assurance": True,
        "enabled": True,
        "notes": "",
    }


def _shown(state: dict[str, Any]) -> dict[str, Any]:
    """The state with empty rows to fill in."""
    return {
        **state,
        "manipulation": [*state["manipulation"], *({"match": "", "replace": ""},) * SPARE_ROWS],
        "strategies": [*state["strategies"], *({"match": "", "strategy": ""},) * SPARE_ROWS],
    }


async def _choices() -> dict[str, Any]:
    customers = await Customer.all().order_by("name")
    apps = await App.all().order_by("name").values_list("id", "name")
    all_cards = await RateCard.all().order_by("name").values_list("id", "name", "kind")
    return {
        "customers": [(str(c.id), c.name) for c in customers],
        "customer_names": {c.id: c.name for c in customers},
        "customer_cards": [(str(i), n) for i, n, k in all_cards if k == CardKind.CUSTOMER],
        "provider_cards": [(str(i), n) for i, n, k in all_cards if k == CardKind.PROVIDER],
        "card_names": {i: n for i, n, _ in all_cards},
        "strategies": pairs(Strategy),
        "apps": [(str(i), n) for i, n in apps],
        "timeout_actions": list(TIMEOUT_ACTIONS),
    }


def _as_id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


async def _list_page(
    request: Request,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    problem: Refusal = ({}, "", 200),
) -> Response:
    q = request.query_params.get("q", "").strip()
    customer = _as_id(request.query_params.get("customer", ""))
    qs = IngressRoute.all()
    if customer is not None:
        qs = qs.filter(customer_id=customer)
    if q:
        qs = qs.filter(name__icontains=q)
    page = await listing(request, qs.order_by("customer_id", "priority", "id"))
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_routes.html",
        {
            "page": page,
            "q": q,
            "customer": customer,
            "choices": await _choices(),
            "form": _shown(form or blank(str(customer or ""))),
            "errors": errors,
            "form_error": form_error,
            "editing": False,
            "can_write": principal.can(WRITE),
        },
        block="results",
        status_code=status_code,
    )


async def _detail_page(
    request: Request,
    principal: Principal,
    found: IngressRoute,
    *,
    form: dict[str, Any] | None = None,
    problem: Refusal = ({}, "", 200),
) -> Response:
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_route.html",
        {
            "route": found,
            "name": services.describe(found),
            "choices": await _choices(),
            "form": _shown(form or to_form(found)),
            "errors": errors,
            "form_error": form_error,
            "editing": True,
            "can_write": principal.can(WRITE),
        },
        status_code=status_code,
    )


async def route_list(request: Request) -> Response:
    return await _list_page(request, await require(request, READ))


async def route_create(request: Request) -> Response:
    actor = await require(request, WRITE)
    state = read(await read_form(request))
    try:
        made = await services.create_route(actor, values(state))
    except TrunklineError as exc:
        return await _list_page(request, actor, form=state, problem=refusal(exc))
    flash(request, f"Route {services.describe(made)} created.")
    return redirect(request, "ui:c4_route", route_id=made.id)


async def route_detail(request: Request) -> Response:
    principal = await require(request, READ)
    found = await services.get_route(request.path_params["route_id"])
    return await _detail_page(request, principal, found)


async def route_update(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    found = await services.get_route(request.path_params["route_id"])
    state = read(form)
    state["customer"] = str(found.customer_id)  # type: ignore[attr-defined]  # fixed
    changes = values(state)
    changes.pop("customer")
    try:
        found = await services.update_route(actor, found, changes)
    except TrunklineError as exc:
        fresh = await services.get_route(found.id)
        return await _detail_page(request, actor, fresh, form=state, problem=refusal(exc))
    flash(request, f"Route {services.describe(found)} saved.")
    return redirect(request, "ui:c4_route", route_id=found.id)


async def route_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    found = await services.get_route(request.path_params["route_id"])
    name, customer = services.describe(found), found.customer_id  # type: ignore[attr-defined]
    await services.delete_route(actor, found)
    flash(request, f"Route {name} deleted.")
    target = request.url_for("ui:c4_routes").include_query_params(customer=customer)
    return RedirectResponse(str(target), status_code=303)


def routes() -> list[BaseRoute]:
    item = "/class4/routes/{route_id:int}"
    get, post = ["GET"], ["POST"]
    return [
        Route("/class4/routes", route_list, methods=get, name="ui:c4_routes"),
        Route("/class4/routes", route_create, methods=post, name="ui:c4_route_create"),
        Route(item, route_detail, methods=get, name="ui:c4_route"),
        Route(item, route_update, methods=post, name="ui:c4_route_update"),
        Route(f"{item}/delete", route_delete, methods=post, name="ui:c4_route_delete"),
    ]
