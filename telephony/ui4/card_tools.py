"""The working forms of a rate card's page: a CSV import (its report shown with the line of
every error; nothing is written then), a customer card's parents and profit rules, and its
build: a background job (:mod:`telephony.rating.jobs`) whose progress the page follows
through a fragment polled every second, then its report or its error.

>>> mapping("prefix=1, rate=3")
{'1': 'prefix', '3': 'rate'}
>>> mapping("prefix=Code\\nname = Destination")
{'Code': 'prefix', 'Destination': 'name'}
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from runtime.errors import TrunklineError, ValidationFailed
from runtime.ui.support import field, flash, read_form, redirect, render, require
from telephony.rating.imports import import_rates
from telephony.rating.jobs import build_jobs
from telephony.rating.services import cards, profit
from telephony.ui4.cards import BLANK_IMPORT, BLANK_PARENT, BLANK_PROFIT, Shown, card_page
from telephony.ui4.common import (
    READ,
    WRITE,
    Refusal,
    checked,
    form_state,
    read_upload,
    refusal,
    when,
    whole,
)

__all__ = ["mapping", "routes"]


def mapping(text: str) -> dict[str, str]:
    """``field=column`` pairs (commas or new lines between them) as the import's
    ``{column: field}``; a column is a number (1 = the first) or a header name."""
    found: dict[str, str] = {}
    for part in text.replace("\n", ",").split(","):
        if not part.strip():
            continue
        name, sep, column = part.partition("=")
        if not sep or not name.strip() or not column.strip():
            raise ValidationFailed.field(
                "mapping", f"{part.strip()!r}: write field=column, e.g. prefix=1,rate=3"
            )
        found[column.strip()] = name.strip().lower()
    return found


def _start_row(text: str) -> int:
    if not text:
        return 1
    if not text.isdigit() or int(text) < 1:
        raise ValidationFailed.field("start_row", f"a line number (1 = the first), not {text!r}")
    return int(text)


async def import_upload(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_upload(request)
    try:
        card = await cards.get_card(request.path_params["card_id"])
        state = form_state(form, tuple(BLANK_IMPORT))
        upload = form.get("file")
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise ValidationFailed.field("file", "choose a CSV file to upload")
            result = await import_rates(
                actor,
                card,
                upload.file,
                mapping=mapping(state["mapping"]) or None,
                start_row=_start_row(state["start_row"]),
                date_live=when("date_live", state["date_live"]),
                note=f"uploaded {upload.filename}"[:200],
            )
        except TrunklineError as exc:
            return await card_page(request, actor, card, Shown("import", state, refusal(exc)))
    finally:
        await form.close()
    report = result.report.as_dict()
    if result.revision is None:
        message = f"Nothing imported: {report['errors_total']} error(s) in the file."
        problem: Refusal = ({}, message, 422)
        shown = Shown("import", state, problem, import_report=report)
        return await card_page(request, actor, card, shown)
    card = await cards.get_card(card.id)
    shown = Shown("import", BLANK_IMPORT, import_report=report, imported=result.revision)
    return await card_page(request, actor, card, shown)


async def build_run(request: Request) -> Response:
    """Start the card's build in the background; the page then follows its progress."""
    actor = await require(request, WRITE)
    typed = {"date_live": field(await read_form(request), "date_live")}
    card = await cards.get_card(request.path_params["card_id"])
    try:
        date_live = when("date_live", typed["date_live"])
        await build_jobs(request.app).start(card, date_live=date_live)
    except TrunklineError as exc:
        return await card_page(request, actor, card, Shown("build", typed, refusal(exc)))
    target = request.url_for("ui:c4_card", card_id=card.id)
    return RedirectResponse(f"{target}#build", status_code=303)


async def build_status(request: Request) -> Response:
    """The card's latest build as an htmx fragment: it asks for itself every second while
    the build runs; once finished it shows the report (or the error) and has the page's
    facts, revisions and rows fetched again. A plain GET goes to the card's page."""
    await require(request, READ)
    card = await cards.get_card(request.path_params["card_id"])
    if request.headers.get("hx-request") != "true":
        target = request.url_for("ui:c4_card", card_id=card.id)
        return RedirectResponse(f"{target}#build", status_code=303)
    job = build_jobs(request.app).latest(card.id)
    context = {"card": card, "build_job": job, "polled": True}
    return render(request, "telephony/c4_build_job.html", context)


async def parent_add(request: Request) -> Response:
    actor = await require(request, WRITE)
    state = form_state(await read_form(request), tuple(BLANK_PARENT))
    card = await cards.get_card(request.path_params["card_id"])
    try:
        await cards.add_parent(
            actor,
            card.id,
            state["card"],
            weight=whole(state["weight"]) if state["weight"] else 1,
            position=whole(state["position"]),
        )
    except TrunklineError as exc:
        fresh = await cards.get_card(card.id)
        return await card_page(request, actor, fresh, Shown("parent", state, refusal(exc)))
    flash(request, "Parent card added; build the card to use it.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def parent_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    await cards.remove_parent(actor, card.id, request.path_params["parent_id"])
    flash(request, "Parent card removed; build the card again.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def profit_add(request: Request) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    state = form_state(form, tuple(BLANK_PROFIT))
    state["blocked"] = checked(form, "blocked")
    values = {
        **state,
        "mcd": whole(state["mcd"]),
        "pulse": whole(state["pulse"]),
        "position": whole(state["position"]),
    }
    try:
        await profit.add_rule(actor, card, values)
    except TrunklineError as exc:
        return await card_page(request, actor, card, Shown("profit", state, refusal(exc)))
    flash(request, "Profit rule added; build the card to apply it.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def profit_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    await profit.delete_rule(actor, card, request.path_params["rule_id"])
    flash(request, "Profit rule removed; build the card again.")
    return redirect(request, "ui:c4_card", card_id=card.id)


def routes() -> list[BaseRoute]:
    item = "/class4/cards/{card_id:int}"
    post = ["POST"]
    return [
        Route(f"{item}/import", import_upload, methods=post, name="ui:c4_card_import"),
        Route(f"{item}/build", build_run, methods=post, name="ui:c4_card_build"),
        Route(f"{item}/build", build_status, methods=["GET"], name="ui:c4_card_build_status"),
        Route(f"{item}/parents", parent_add, methods=post, name="ui:c4_parent_add"),
        Route(
            f"{item}/parents/{{parent_id:int}}/delete",
            parent_delete,
            methods=post,
            name="ui:c4_parent_delete",
        ),
        Route(f"{item}/profit-rules", profit_add, methods=post, name="ui:c4_profit_add"),
        Route(
            f"{item}/profit-rules/{{rule_id:int}}/delete",
            profit_delete,
            methods=post,
            name="ui:c4_profit_delete",
        ),
    ]
