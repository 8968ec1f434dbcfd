"""``/api/v1/routes``: customers' ingress routing rules, and explaining a decision.

- ``GET /routes`` (``customer``, ``q`` on the name, ``limit``/``offset``/``sort``);
- ``POST /routes`` (201), ``GET``/``PATCH``/``DELETE /routes/{id}``: the fields of
  :mod:`telephony.routing.services`; every problem is reported at once (422);
- ``POST /routes/explain`` ``{"customer": id or name, "to": number, "cli", "at", "hooks"}``:
  what ``route()`` decides, with its trace, as :func:`telephony.routing.trace.decision_json`
  (200 whether the call would be routed or rejected; nothing is counted or rotated).

Reading needs ``rating:read``, changing ``rating:write``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from tortoise.queryset import QuerySet

from runtime.api.framework import Api, Call
from runtime.api.paging import ListQuery, Page, paginate
from runtime.auth.permissions import Permission
from runtime.models import Customer
from runtime.services.common import find_by_ref
from telephony.routing import services
from telephony.routing.engine import route
from telephony.routing.models import Route
from telephony.routing.trace import decision_json

__all__ = ["build_api"]

READ, WRITE = Permission.RATING_READ, Permission.RATING_WRITE

Money = str | float | int | None


class RouteQuery(ListQuery):
    customer: int | None = Field(None, description="only this customer's rules")
    q: str | None = Field(None, max_length=100, description="part of the name")


class _Fields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    tech_prefix: str | None = None
    dial_string: list[str] | None = None
    manipulation: list[dict[str, str]] | None = None
    card: int | None = None
    strategy: str | None = None
    strategies: list[dict[str, str]] | None = None
    lock_cards: list[int] | None = None
    exclude_cards: list[int] | None = None
    capped_rate: Money = Field(None, description="a rate per minute; null: no cap")
    profit_assurance: bool | None = None
    max_duration: int | None = None
    channels: int | None = None
    cps: int | None = None
    script_app: int | None = None
    script: str | None = None
    script_timeout_action: str | None = None
    priority: int | None = None
    enabled: bool | None = None
    notes: str | None = None


class RouteCreate(_Fields):
    customer: int
    card: int


class RouteUpdate(_Fields):
    pass


#: Fields a PATCH may set to null (clearing them); elsewhere null means "unchanged".
NULLABLE = {"capped_rate", "script_app"}


class RouteOut(BaseModel):
    id: int
    uuid: str
    customer: int
    name: str
    tech_prefix: str
    dial_string: list[str]
    manipulation: list[dict[str, str]]
    card: int
    strategy: str
    strategies: list[dict[str, str]]
    lock_cards: list[int]
    exclude_cards: list[int]
    capped_rate: str | None
    profit_assurance: bool
    max_duration: int
    channels: int
    cps: int
    script_app: int | None
    script: str
    script_timeout_action: str
    priority: int
    enabled: bool
    notes: str
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, found: Route) -> RouteOut:
        return cls.model_validate(
            {
                **services.current(found),
                "id": found.id,
                "uuid": str(found.uuid),
                "created_at": found.created_at,
                "updated_at": found.updated_at,
            }
        )


class ExplainIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: int | str = Field(description="the customer's id or name")
    to: str = Field(min_length=1, max_length=64, description="the dialled number")
    cli: str = Field("", max_length=64)
    at: datetime | None = Field(None, description="when (UTC unless given); default now")
    hooks: bool = Field(True, description="run the rule's ScriptForge hook")


def _where(qs: QuerySet[Route], q: RouteQuery) -> QuerySet[Route]:
    if q.customer is not None:
        qs = qs.filter(customer_id=q.customer)
    if q.q:
        qs = qs.filter(name__icontains=q.q)
    return qs


async def list_routes(call: Call[Any]) -> Page[RouteOut]:
    """List ingress routing rules."""
    return await paginate(
        _where(Route.all(), call.query),
        call.query,
        sortable=("id", "name", "priority", "created_at", "updated_at"),
        default_sort=("customer_id", "priority", "id"),
        item=RouteOut.of,
    )


async def create(call: Call[Any]) -> RouteOut:
    """Make an ingress routing rule for a customer."""
    values = call.body.model_dump(exclude_unset=True)
    return RouteOut.of(await services.create_route(call.actor, values))


async def get(call: Call[Any]) -> RouteOut:
    """One ingress routing rule."""
    return RouteOut.of(await services.get_route(call.path["route_id"]))


async def update(call: Call[Any]) -> RouteOut:
    """Change an ingress routing rule (its customer is fixed)."""
    found = await services.get_route(call.path["route_id"])
    changes = {
        k: v
        for k, v in call.body.model_dump(exclude_unset=True).items()
        if v is not None or k in NULLABLE
    }
    return RouteOut.of(await services.update_route(call.actor, found, changes))


async def delete(call: Call[Any]) -> None:
    """Delete an ingress routing rule."""
    await services.delete_route(call.actor, await services.get_route(call.path["route_id"]))


async def explain(call: Call[Any]) -> dict[str, Any]:
    """Explain how a customer's call to a number would be routed (the decision and its
    trace; nothing is counted)."""
    body: ExplainIn = call.body
    who = await find_by_ref(Customer, body.customer, "customer")
    at = body.at or datetime.now(UTC)
    at = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    decision = await route(
        who, body.cli, body.to, at, hooks=body.hooks, app=call.request.app, dry_run=True
    )
    shown = {"id": who.id, "name": who.name, "currency": who.currency}
    return decision_json(decision, customer=shown, dialled=body.to, cli=body.cli, at=at)


def build_api() -> Api:
    """The routing endpoints, for ``telephony.area``."""
    api = Api()
    tag: dict[str, Any] = {"tag": "routes"}
    item = "/routes/{route_id:int}"
    api.route(
        "GET",
        "/routes",
        name="routes.list",
        permission=READ,
        query=RouteQuery,
        response=Page[RouteOut],
        **tag,
    )(list_routes)
    api.route(
        "POST",
        "/routes",
        name="routes.create",
        permission=WRITE,
        body=RouteCreate,
        response=RouteOut,
        status=201,
        errors=(409, 422),
        **tag,
    )(create)
    api.route(
        "POST",
        "/routes/explain",
        name="routes.explain",
        permission=READ,
        body=ExplainIn,
        errors=(404, 422),
        **tag,
    )(explain)
    api.route(
        "GET", item, name="routes.get", permission=READ, response=RouteOut, errors=(404,), **tag
    )(get)
    api.route(
        "PATCH",
        item,
        name="routes.update",
        permission=WRITE,
        body=RouteUpdate,
        response=RouteOut,
        errors=(404, 409, 422),
        **tag,
    )(update)
    api.route(
        "DELETE", item, name="routes.delete", permission=WRITE, status=204, errors=(404,), **tag
    )(delete)
    return api
