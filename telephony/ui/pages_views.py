"""The views every Class 5 family shares, driven by its :class:`Family`: the list (with the
create form), create, the detail page (with the edit form), update and delete; and deleting
a voicemail message. They read the form, call the family's service, and render; a refusal
re-renders the form with the service's messages and status, as typed."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from runtime.auth.permissions import Permission
from runtime.auth.principal import Principal
from runtime.errors import TrunklineError
from runtime.ui.listing import listing
from runtime.ui.support import flash, read_form, redirect, render, require
from telephony.class5.services import base, voicemail
from telephony.ui.pages_forms import Choices, Family, field_errors, load_choices

READ, WRITE = Permission.VOICE_READ, Permission.VOICE_WRITE


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _as_id(raw: Any) -> int | None:
    text = str(raw or "")
    return int(text) if text.isdigit() else None


def _shown(family: Family, state: dict[str, Any]) -> dict[str, Any]:
    """The form's state with one empty row to fill in."""
    if not family.rows:
        return state
    return {**state, family.rows: [*state[family.rows], family.blank_row()]}


def _table(request: Request, family: Family, objects: list[Any], choices: Choices) -> list[Any]:
    return [
        {
            "url": request.url_for(family.route(), **{family.param: obj.id}),
            "cells": [column.value(obj, choices) for column in family.columns],
        }
        for obj in objects
    ]


async def _list_page(
    request: Request,
    family: Family,
    principal: Principal,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    form_error: str = "",
    status_code: int = 200,
) -> Response:
    q = request.query_params.get("q", "").strip()
    customer_id = _as_id(request.query_params.get("customer"))
    qs = family.kind.model.all()
    if customer_id is not None:
        qs = qs.filter(customer_id=customer_id)
    if q:
        qs = family.search(qs, q)
    page = await listing(request, qs.order_by(*family.order))
    choices = await load_choices(customer_id)
    state = form if form is not None else family.blank(str(customer_id or ""))
    form_customer = _as_id(state.get("customer"))
    form_choices = choices if form_customer == customer_id else await load_choices(form_customer)
    return render(
        request,
        "telephony/c5_list.html",
        {
            "family": family,
            "page": page,
            "table": _table(request, family, page.rows, choices),
            "q": q,
            "customer": customer_id,
            "customers": choices.customers,
            "choices": form_choices,
            "form": _shown(family, state),
            "errors": errors or {},
            "form_error": form_error,
            "editing": False,
            "can_write": principal.can(WRITE),
        },
        block="results",
        status_code=status_code,
    )


async def _detail_page(
    request: Request,
    family: Family,
    principal: Principal,
    obj: Any,
    *,
    form: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    form_error: str = "",
    delete_error: str = "",
    status_code: int = 200,
) -> Response:
    state = form if form is not None else family.to_form(obj)
    customer_id = _as_id(state.get("customer"))
    choices = await load_choices(customer_id)
    extra = await family.extra_context(obj) if family.extra_context else {}
    return render(
        request,
        "telephony/c5_detail.html",
        {
            "family": family,
            "obj": obj,
            "name": family.kind.describe(obj),
            "heading": f"{_capital(family.label)} {family.kind.describe(obj)}",
            "customer_name": choices.customer_names.get(getattr(obj, "customer_id", None), ""),
            "choices": choices,
            "form": _shown(family, state) if principal.can(WRITE) else state,
            "errors": errors or {},
            "form_error": form_error,
            "delete_error": delete_error,
            "editing": True,
            "fixed_customer": "customer" in family.kind.fixed,
            "can_write": principal.can(WRITE),
            **extra,
        },
        status_code=status_code,
    )


def _more_rows(family: Family, form: Any, state: dict[str, Any]) -> bool:
    """Whether the "Add a row" button was pressed (then the form is shown again, unsaved,
    with one more empty row)."""
    if family.rows and form.get("more"):
        state[family.rows].append(family.blank_row())
        return True
    return False


async def list_view(request: Request, family: Family) -> Response:
    principal = await require(request, READ)
    return await _list_page(request, family, principal)


async def create_view(request: Request, family: Family) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    state = family.read(form)
    if _more_rows(family, form, state):
        return await _list_page(request, family, actor, form=state)
    try:
        values = family.values(state)
        if family.create is not None:
            obj = await family.create(request, actor, values)
        else:
            obj = await base.create(actor, family.kind, values)
    except TrunklineError as exc:
        return await _list_page(
            request,
            family,
            actor,
            form=state,
            errors=field_errors(exc),
            form_error=exc.message,
            status_code=exc.status_code,
        )
    flash(request, f"{_capital(family.label)} {family.kind.describe(obj)} created.")
    return redirect(request, family.route(), **{family.param: obj.pk})


async def detail_view(request: Request, family: Family) -> Response:
    principal = await require(request, READ)
    obj = await base.get(family.kind, request.path_params[family.param])
    return await _detail_page(request, family, principal, obj)


async def update_view(request: Request, family: Family) -> Response:
    actor = await require(request, WRITE)
    form = await read_form(request)
    obj = await base.get(family.kind, request.path_params[family.param])
    state = family.read(form)
    if "customer" in family.kind.fixed:
        # Shown, not submitted: a fixed customer is the object's own.
        state["customer"] = str(getattr(obj, "customer_id", "") or "")
    if _more_rows(family, form, state):
        return await _detail_page(request, family, actor, obj, form=state)
    values = family.values(state)
    for name in family.kind.fixed:
        values.pop(name, None)
    try:
        if family.update is not None:
            obj = await family.update(request, actor, obj, values)
        else:
            obj = await base.update(actor, family.kind, obj, values)
    except TrunklineError as exc:
        # The failed update may have set attributes on ``obj``; show the stored object.
        fresh = await base.get(family.kind, obj.id)
        return await _detail_page(
            request,
            family,
            actor,
            fresh,
            form=state,
            errors=field_errors(exc),
            form_error=exc.message,
            status_code=exc.status_code,
        )
    flash(request, f"{_capital(family.label)} {family.kind.describe(obj)} saved.")
    return redirect(request, family.route(), **{family.param: obj.pk})


async def delete_view(request: Request, family: Family) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    obj = await base.get(family.kind, request.path_params[family.param])
    name = family.kind.describe(obj)
    try:
        await base.delete(actor, family.kind, obj)
    except TrunklineError as exc:
        # Refused while something points at it: nothing changed; say who points at it.
        return await _detail_page(
            request, family, actor, obj, delete_error=exc.message, status_code=exc.status_code
        )
    flash(request, f"{_capital(family.label)} {name} deleted.")
    return redirect(request, family.route("list"))


async def message_delete_view(request: Request) -> Response:
    actor = await require(request, WRITE)
    await read_form(request)
    box = await base.get(voicemail.KIND, request.path_params["voicemail_box_id"])
    data_dir = request.app.state.settings.data_dir
    await voicemail.delete_message(actor, box, request.path_params["message_id"], data_dir)
    flash(request, "Voicemail message deleted.")
    return redirect(request, "ui:voice_voicemail_box", voicemail_box_id=box.id)
