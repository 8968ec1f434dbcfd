"""``/class4/exchange-rates``: the exchange-rate table, newest first, adding a rate
(``1 base = rate quote`` from ``as of``) through
:func:`telephony.rating.services.exchange.add_rate`, and importing rates from a CSV file
(``base,quote,rate[,as_of]``) through :func:`~telephony.rating.services.exchange.import_rates`:
all or nothing, a refusal listing every line's problem."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from tortoise.expressions import Q

from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.ui.listing import listing
from runtime.ui.support import flash, read_form, redirect, render, require
from telephony.rating.models import ExchangeRate
from telephony.rating.services import exchange
from telephony.rating.services.common import MAX_UPLOAD, money_str
from telephony.ui4.common import (
    READ,
    WRITE,
    Refusal,
    csv_text,
    form_state,
    line_errors,
    read_upload,
    refusal,
    when,
)

__all__ = ["routes"]

FIELDS = ("base", "quote", "rate", "as_of")
BLANK = {"base": "", "quote": "", "rate": "", "as_of": ""}


async def _page(
    request: Request,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    problem: Refusal = ({}, "", 200),
    section: str = "add",
    report: list[dict[str, str]] | None = None,
) -> Response:
    currency = request.query_params.get("currency", "").strip().upper()
    qs = ExchangeRate.all()
    if currency:
        qs = qs.filter(Q(base=currency) | Q(quote=currency))
    page = await listing(request, qs.order_by("-as_of", "-id"))
    errors, form_error, status_code = problem
    return render(
        request,
        "telephony/c4_exchange.html",
        {
            "page": page,
            "currency": currency,
            "money": money_str,
            "form": form or BLANK,
            "errors": errors,
            "form_error": form_error,
            "section": section,
            "report": report or [],
            "max_mb": MAX_UPLOAD // 2**20,
            "can_write": principal.can(WRITE),
        },
        block="results",
        status_code=status_code,
    )


async def rate_list(request: Request) -> Response:
    return await _page(request, await require(request, READ))


async def rate_create(request: Request) -> Response:
    actor = await require(request, WRITE)
    state = form_state(await read_form(request), FIELDS)
    try:
        row = await exchange.add_rate(
            actor, state["base"], state["quote"], state["rate"], when("as_of", state["as_of"])
        )
    except TrunklineError as exc:
        return await _page(request, actor, form=state, problem=refusal(exc))
    flash(request, f"1 {row.base} = {money_str(row.rate)} {row.quote} added.")
    return redirect(request, "ui:c4_exchange_rates")


async def rate_import(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_upload(request)
    try:
        try:
            rows = await exchange.import_rates(actor, await csv_text(form))
        except TrunklineError as exc:
            problem, report = refusal(exc), line_errors(exc)
            return await _page(request, actor, problem=problem, section="import", report=report)
    finally:
        await form.close()
    flash(request, f"Imported {len(rows)} exchange rate(s).")
    return redirect(request, "ui:c4_exchange_rates")


def routes() -> list[BaseRoute]:
    path = "/class4/exchange-rates"
    return [
        Route(path, rate_list, methods=["GET"], name="ui:c4_exchange_rates"),
        Route(path, rate_create, methods=["POST"], name="ui:c4_exchange_rate_create"),
        # The path ends in /import: the body limit for bulk imports applies.
        Route(f"{path}/import", rate_import, methods=["POST"], name="ui:c4_exchange_import"),
    ]
