"""The working forms of a rate card's page: a CSV import (its report shown with the line of
every error; nothing is written then), a customer card's parents and profit rules, and its
build (:func:`telephony.rating.build.build`, whose report is shown).

>>> mapping("prefix=1, rate=3")
{'1': 'prefix', '3': 'rate'}
>>> mapping("prefix=Code\\nname = Destination")
{'Code': 'prefix', 'Destination': 'name'}
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from runtime.errors import TrunklineError, ValidationFailed
from runtime.ui.support import flash, read_form, redirect, require
from telephony.rating.build import build
from telephony.rating.imports import import_rates
from telephony.rating.models import CardKind
from telephony.rating.services import cards, profit
from telephony.ui4.cards import BLANK_IMPORT, BLANK_PARENT, BLANK_PROFIT, Shown, card_page
from telephony.ui4.common import (
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
    actor = await require(request, WRITE)
    await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    try:
        report = await build(card, now=datetime.now(UTC))
    except TrunklineError as exc:
        return await card_page(request, actor, card, Shown("build", {}, refusal(exc)))
    card = await cards.get_card(card.id)
    return await card_page(request, actor, card, Shown("build", build_report=report.to_dict()))


async def _links(card_id: int) -> list[dict[str, Any]]:
    card = await cards.get_card(card_id)
    return [
        {"card": link.parent.id, "weight": link.weight, "position": link.position}
        for link in await cards.parents_of(card)
    ]


async def parent_add(request: Request) -> Response:
    actor = await require(request, WRITE)
    state = form_state(await read_form(request), tuple(BLANK_PARENT))
    card = await cards.get_card(request.path_params["card_id"])
    links = await _links(card.id)
    position = whole(state["position"])
    new = {
        "card": state["card"],
        "weight": whole(state["weight"]) if state["weight"] else 1,
        "position": len(links) if position is None else position,
    }
    try:
        if card.kind != CardKind.CUSTOMER:
            raise ValidationFailed.field("card", "only customer cards have parents")
        if not state["card"]:
            raise ValidationFailed.field("card", "choose a provider card")
        await cards.set_parents(actor, card.id, [*links, new])
    except TrunklineError as exc:
        errors, message, status = refusal(exc)
        # The service numbers the parents; the new one is the last.
        last = f"parents.{len(links)}."
        errors = {k.removeprefix(last): v for k, v in errors.items()}
        message = message.removeprefix(last)
        fresh = await cards.get_card(card.id)
        shown = Shown("parent", state, (errors, message, status))
        return await card_page(request, actor, fresh, shown)
    flash(request, "Parent card added; build the card to use it.")
    return redirect(request, "ui:c4_card", card_id=card.id)


async def parent_delete(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    card = await cards.get_card(request.path_params["card_id"])
    gone = request.path_params["parent_id"]
    links = [link for link in await _links(card.id) if link["card"] != gone]
    await cards.set_parents(actor, card.id, links)
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
