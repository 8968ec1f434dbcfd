"""Rate card pages under ``/class4/cards``: the list (provider / customer filter) with the
create form, and a card's page: its properties, revisions (activate a pending one), the
active revision's rows (by prefix), its CSV export and the test rate lookup.

The card page is drawn by :func:`card_page` for every form on it (the import, parents,
profit rules and build forms of :mod:`telephony.ui4.card_tools` too): a refused form is
shown again with what was typed and the messages, a report under its form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.ui.listing import listing
from runtime.ui.support import flash, read_form, redirect, render, require
from telephony.rating import imports
from telephony.rating.jobs import build_jobs
from telephony.rating.lookup import LookupResult, lookup
from telephony.rating.models import (
    CardKind,
    Carrier,
    Compact,
    Direction,
    ProfitKind,
    ProfitRule,
    Rate,
    RateCard,
    RateRevision,
    RevisionStatus,
    Rounding,
    Strategy,
)
from telephony.rating.services import cards, revisions
from telephony.rating.services.common import money_str
from telephony.ui4.common import READ, WRITE, Refusal, form_state, pairs, refusal, whole

__all__ = ["Shown", "card_page", "routes"]

#: Properties any card may change (``telephony.rating.services.cards``).
PROPERTIES = (
    "name", "direction", "precision", "rounding", "duration_rounding", "tech_prefix",
    "capped_rate", "presentation", "compact", "strategy", "notes",
)  # fmt: skip
CREATE = ("name", "kind", "carrier", "currency", "precision", "rounding", "tech_prefix")
BLANK = {"name": "", "kind": "provider", "carrier": "", "currency": "USD", "precision": "4"}
BLANK_IMPORT = {"start_row": "", "mapping": "", "date_live": ""}
BLANK_PARENT = {"card": "", "weight": "1", "position": ""}
BLANK_PROFIT = {
    "match": "",
    "kind": "percent",
    "value": "",
    "connection_fee": "",
    "mcd": "",
    "pulse": "",
    "position": "",
}
REVISIONS_SHOWN = 20


@dataclass
class Shown:
    """What a card page shows besides the card: the refused form (``section``: properties,
    import, parent, profit, build, lookup), its typed values and messages, and the import's
    report (the build's is its job's, which the page looks up itself)."""

    section: str = ""
    form: dict[str, Any] = field(default_factory=dict)
    problem: Refusal = ({}, "", 200)
    import_report: dict[str, Any] | None = None
    imported: RateRevision | None = None


def _properties(card: RateCard) -> dict[str, Any]:
    form: dict[str, Any] = {name: str(getattr(card, name) or "") for name in PROPERTIES}
    form["capped_rate"] = money_str(card.capped_rate) or ""
    form["blocked_types"] = list(card.blocked_types or [])
    return form


async def _lookup(request: Request, card: RateCard) -> tuple[dict[str, str], Any, str]:
    """The test rate lookup's typed values, its result (or None) and its error."""
    typed = {k: request.query_params.get(k, "").strip() for k in ("number", "seconds")}
    if not typed["number"]:
        return typed, None, ""
    try:
        seconds = float(typed["seconds"]) if typed["seconds"] else None
    except ValueError:
        return typed, None, f"seconds: not a number: {typed['seconds']!r}"
    try:
        result: LookupResult = await lookup(card, typed["number"], seconds=seconds)
    except TrunklineError as exc:
        return typed, None, exc.message
    return typed, result, ""


async def card_page(
    request: Request, principal: Principal, card: RateCard, shown: Shown | None = None
) -> Response:
    shown = shown or Shown()
    errors, form_error, status_code = shown.problem
    active = await RateRevision.get_or_none(card_id=card.id, status=RevisionStatus.ACTIVE)
    prefix = request.query_params.get("prefix", "").strip().lstrip("+")
    rows = Rate.filter(revision_id=active.id if active else 0)
    if prefix:
        rows = rows.filter(prefix__startswith=prefix)
    typed, looked_up, lookup_error = await _lookup(request, card)
    if lookup_error and status_code == 200:
        status_code = 422
    parents = await cards.parents_of(card)
    forms: dict[str, dict[str, Any]] = {
        "properties": _properties(card),
        "import": BLANK_IMPORT,
        "parent": BLANK_PARENT,
        "profit": BLANK_PROFIT,
        "build": {"date_live": ""},
        "lookup": typed,
    }
    if shown.section:
        forms[shown.section] = shown.form
    providers = await RateCard.filter(kind=CardKind.PROVIDER).order_by("name")
    carrier = await Carrier.get_or_none(id=card.carrier_id)  # type: ignore[attr-defined]
    return render(
        request,
        "telephony/c4_card.html",
        {
            "card": card,
            "carrier": carrier,
            "is_customer": card.kind == CardKind.CUSTOMER,
            "active": active,
            "revisions": await RateRevision.filter(card_id=card.id)
            .order_by("-number")
            .limit(REVISIONS_SHOWN),
            "rows": await listing(request, rows.order_by("prefix")),
            "prefix": prefix,
            "parents": parents,
            "provider_options": [
                (str(p.id), p.name) for p in providers if p.id not in {x.parent.id for x in parents}
            ],
            "profit_rules": await ProfitRule.filter(card_id=card.id).order_by("position", "id"),
            "forms": forms,
            "section": shown.section,
            "errors": errors,
            "form_error": form_error,
            "import_report": shown.import_report,
            "imported": shown.imported,
            "build_job": build_jobs(request.app).latest(card.id),
            "lookup": looked_up,
            "lookup_error": lookup_error,
            "money": money_str,
            "options": _options(),
            "destination_types": [(t, t) for t in sorted(cards.DESTINATION_TYPES)],
            "can_write": principal.can(WRITE),
        },
        block="rows" if "prefix" in request.query_params else None,
        status_code=status_code,
    )


def _options() -> dict[str, list[tuple[str, str]]]:
    return {
        "kinds": pairs(CardKind),
        "directions": pairs(Direction),
        "roundings": pairs(Rounding),
        "compacts": pairs(Compact),
        "strategies": pairs(Strategy),
        "presentations": [("single", "single"), ("inter_intra", "US inter/intra")],
        "profit_kinds": pairs(ProfitKind),
    }


async def _list_page(
    request: Request,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    problem: Refusal = ({}, "", 200),
) -> Response:
    q = request.query_params.get("q", "").strip()
    kind = request.query_params.get("kind", "")
    qs = RateCard.all().prefetch_related("carrier")
    if q:
        qs = qs.filter(name__icontains=q)
    if kind in set(CardKind):
        qs = qs.filter(kind=kind)
    page = await listing(request, qs.order_by("name"))
    active = {
        card_id: (number, count)
        for card_id, number, count in await RateRevision.filter(
            card_id__in=[c.id for c in page.rows], status=RevisionStatus.ACTIVE
        ).values_list("card_id", "number", "row_count")
    }
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_cards.html",
        {
            "page": page,
            "active": active,
            "q": q,
            "kind": kind,
            "carriers": await Carrier.all().order_by("name"),
            "options": _options(),
            "form": form or BLANK,
            "errors": errors,
            "form_error": form_error,
            "can_write": principal.can(WRITE),
        },
        block="results",
        status_code=status_code,
    )


async def card_list(request: Request) -> Response:
    return await _list_page(request, await require(request, READ))


async def card_create(request: Request) -> Response:
    actor = await require(request, WRITE)
    state = form_state(await read_form(request), CREATE)
    values: dict[str, Any] = {
        "name": state["name"],
        "kind": state["kind"] or CardKind.PROVIDER,
        "precision": whole(state["precision"]),
        "rounding": state["rounding"] or None,
        "tech_prefix": state["tech_prefix"],
    }
    if state["kind"] == CardKind.CUSTOMER:
        values["currency"] = state["currency"] or "USD"
    else:
        values["carrier"] = state["carrier"] or None
    try:
        card = await cards.create_card(actor, values)
    except TrunklineError as exc:
        return await _list_page(request, actor, form=state, problem=refusal(exc))
    flash(request, f"Rate card {card.name} created.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def card_detail(request: Request) -> Response:
    principal = await require(request, READ)
    card = await cards.get_card(request.path_params["card_id"])
    return await card_page(request, principal, card)


async def card_update(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    state = form_state(form, PROPERTIES)
    state["blocked_types"] = [v for v in form.getlist("blocked_types") if isinstance(v, str)]
    values: dict[str, Any] = {**state, "precision": whole(state["precision"])}
    for name in ("direction", "rounding", "duration_rounding", "presentation"):
        values[name] = state[name] or None
    for name in ("compact", "strategy"):
        values[name] = state[name] or None
    try:
        card = await cards.update_card(actor, card.id, values)
    except TrunklineError as exc:
        fresh = await cards.get_card(card.id)
        shown = Shown("properties", state, refusal(exc))
        return await card_page(request, actor, fresh, shown)
    flash(request, f"Rate card {card.name} saved.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def revision_activate(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    revision = await revisions.get_revision(card.id, request.path_params["revision_id"])
    await revisions.activate(actor, revision)
    flash(request, f"Revision {revision.number} of {card.name} is active.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def revision_export(request: Request) -> Response:
    await require(request, READ)
    card = await cards.get_card(request.path_params["card_id"])
    revision = await revisions.get_revision(card.id, request.path_params["revision_id"])
    filename = f"{card.name}-r{revision.number}.csv".replace('"', "")
    return StreamingResponse(
        imports.export_csv(revision),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def routes() -> list[BaseRoute]:
    item = "/class4/cards/{card_id:int}"
    revision = f"{item}/revisions/{{revision_id:int}}"
    get, post = ["GET"], ["POST"]
    return [
        Route("/class4/cards", card_list, methods=get, name="ui:c4_cards"),
        Route("/class4/cards", card_create, methods=post, name="ui:c4_card_create"),
        Route(item, card_detail, methods=get, name="ui:c4_card"),
        Route(item, card_update, methods=post, name="ui:c4_card_update"),
        Route(
            f"{revision}/activate",
            revision_activate,
            methods=post,
            name="ui:c4_revision_activate",
        ),
        Route(f"{revision}/export.csv", revision_export, methods=get, name="ui:c4_revision_export"),
    ]
